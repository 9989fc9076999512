"""Still exports (contract §5b): convert a downloaded image locally with Pillow.

The still comes from the generated image itself, never from the server's render
call, so it works the same against the real service. Text metadata of the source
(PNG text chunks such as the prompt and seed) is carried over: re-embedded as PNG
text chunks, or as EXIF ImageDescription for JPEG/WEBP.
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
    return {k: v for k, v in image.info.items() if isinstance(k, str) and isinstance(v, str)}


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
    if texts:
        exif[_EXIF_DESCRIPTION] = (
            next(iter(texts.values())) if len(texts) == 1 else json.dumps(texts, ensure_ascii=False)
        )
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
