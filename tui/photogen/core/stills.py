"""Still exports (contract §5b): convert a downloaded image locally with Pillow.

The still comes from the generated image itself, never from the server's render
call, so it works the same against the real service. Text metadata of the source
(PNG text chunks such as the prompt and seed, or the EXIF of a JPEG/WEBP) is carried
over: re-embedded as PNG text chunks, or for JPEG/WEBP as a JSON mapping in EXIF
ImageDescription and UserComment (as the engine's stills writer does), so a JPG made
PNG again keeps it too.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

PIL_FORMATS = {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}
_EXIF_DESCRIPTION = 0x010E
_EXIF_SOFTWARE = 0x0131
_EXIF_IFD = 0x8769
_USER_COMMENT = 0x9286
_ASCII_CHARSET = b"ASCII\x00\x00\x00"


def reserve_path(folder: Path, name: str) -> Path:
    """Create an empty file ``folder/name`` that did not exist, adding `` (2)``… if needed.

    The exclusive create makes two exports at once never pick the same name, and an
    existing file is never overwritten.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem} ({n}){dot}{ext}")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(f"no free file name for {name} in {folder}")


def _text_chunks(image: Image.Image) -> dict[str, str]:
    """The source's text metadata: PNG text chunks, else the mapping in its EXIF."""
    if image.format == "PNG":
        return {k: v for k, v in image.info.items() if isinstance(k, str) and isinstance(v, str)}
    exif = image.getexif()
    comment = exif.get_ifd(_EXIF_IFD).get(_USER_COMMENT)
    if isinstance(comment, bytes) and comment.startswith(_ASCII_CHARSET):
        comment = comment[len(_ASCII_CHARSET) :].decode("ascii", "replace").rstrip("\x00")
    description = exif.get(_EXIF_DESCRIPTION)
    for payload in (comment, description):
        mapping = _json_mapping(payload)
        if mapping:
            return mapping
    return {"Description": description} if isinstance(description, str) and description else {}


def _json_mapping(payload: object) -> dict[str, str] | None:
    if not isinstance(payload, str) or not payload.startswith("{"):
        return None
    try:
        parsed = json.loads(payload)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in parsed.items()} if isinstance(parsed, dict) else None


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no alpha."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        base = Image.new("RGB", rgba.size, (255, 255, 255))
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return image.convert("RGB")


def _exif(image: Image.Image, texts: dict[str, str]) -> Image.Exif:
    exif = image.getexif()
    if texts:  # ASCII JSON (non-ASCII as \\uXXXX): every EXIF reader keeps it intact
        payload = json.dumps(texts, ensure_ascii=True, sort_keys=True)
        exif[_EXIF_DESCRIPTION] = payload
        exif.get_ifd(_EXIF_IFD)[_USER_COMMENT] = _ASCII_CHARSET + payload.encode("ascii")
    exif[_EXIF_SOFTWARE] = "photogen-tui"
    return exif


def convert_still(src: Path, dest: Path, fmt: str, quality: int = 92) -> Path:
    """Write ``src`` as ``fmt`` (png, jpg, webp) to ``dest``, keeping text metadata.

    Writes to a temporary file next to ``dest`` and renames it into place.

    Args:
        src: The downloaded image.
        dest: The output (may be an empty reserved file; it is replaced).
        fmt: ``png``, ``jpg`` or ``webp``.
        quality: JPEG/WEBP quality, 1-100.
    """
    target = PIL_FORMATS[fmt]
    tmp = dest.with_name(f".{dest.name}.part")
    with Image.open(src) as image:
        if image.format == target:
            shutil.copyfile(src, tmp)  # already the right format: keep every byte
        else:
            _save(image, tmp, target, quality)
    os.replace(tmp, dest)
    return dest


def _save(image: Image.Image, tmp: Path, target: str, quality: int) -> None:
    texts = _text_chunks(image)
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if target == "PNG":
        info = PngInfo()
        for key, value in texts.items():
            info.add_text(key, value)
        image.save(tmp, "PNG", pnginfo=info, **extra)
    elif target == "JPEG":
        _flatten(image).save(tmp, "JPEG", quality=quality, exif=_exif(image, texts), **extra)
    else:
        keep_alpha = image.mode in ("RGBA", "LA", "P")
        out = image.convert("RGBA" if keep_alpha else "RGB")
        out.save(tmp, "WEBP", quality=quality, exif=_exif(image, texts), **extra)
