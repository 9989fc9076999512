"""File formats: the one table of what is uploaded, exported and written as a still.

Standard library only, so the client, core, the app and the server all import it
early. The client checks an upload with :func:`sniff` before sending it and the
server checks it with the same function as it arrives, so the two never disagree.
Adding a format means adding one :class:`FileFormat` row here.
"""

from __future__ import annotations

from typing import NamedTuple


class FileFormat(NamedTuple):
    """One format, named by its lower-case extension (a NamedTuple: cheap to import)."""

    ext: str
    kind: str
    """``image``, ``video`` or ``audio`` (the upload response's ``file_type``)."""
    mime: str
    upload: bool = False
    """The service accepts it as an upload (contract §3.2)."""
    pillow: str = ""
    """Pillow's name for it when photogen writes it as a still (PNG, JPEG, WEBP)."""
    export: str = ""
    """How the export menu describes it; empty when it is not an export format."""
    aliases: tuple[str, ...] = ()
    """Other names people and the render call use for it ("jpeg")."""


TABLE: tuple[FileFormat, ...] = (
    FileFormat("mp4", "video", "video/mp4", upload=True, export="MP4 video, 1080p H.264"),
    FileFormat("mov", "video", "video/quicktime", upload=True),
    FileFormat("avi", "video", "video/x-msvideo", upload=True),
    FileFormat("webm", "video", "video/webm", upload=True),
    FileFormat("mkv", "video", "video/x-matroska", upload=True),
    FileFormat(
        "png", "image", "image/png", upload=True, pillow="PNG", export="PNG still, lossless"
    ),
    FileFormat(
        "jpg",
        "image",
        "image/jpeg",
        upload=True,
        pillow="JPEG",
        export="JPG still, small",
        aliases=("jpeg",),
    ),
    FileFormat("gif", "image", "image/gif", upload=True),
    FileFormat(
        "webp", "image", "image/webp", upload=True, pillow="WEBP", export="WEBP still, smaller"
    ),
    FileFormat("heic", "image", "image/heic"),  # the client converts it to JPEG first
    FileFormat("mp3", "audio", "audio/mpeg", upload=True),
    FileFormat("wav", "audio", "audio/wav", upload=True),
    FileFormat("m4a", "audio", "audio/mp4", upload=True),
    FileFormat("aac", "audio", "audio/aac", upload=True),
)

BY_EXT: dict[str, FileFormat] = {f.ext: f for f in TABLE}

UPLOAD_FORMATS: dict[str, tuple[str, ...]] = {
    kind: tuple(name for f in TABLE if f.upload and f.kind == kind for name in (f.ext, *f.aliases))
    for kind in ("video", "image", "audio")
}
"""Upload formats the service accepts, by kind, with their other names (.jpeg; §3.2, §5c)."""

ACCEPTED_UPLOADS: tuple[str, ...] = tuple(x for group in UPLOAD_FORMATS.values() for x in group)
"""Every upload format the service accepts."""

LOCAL_UPLOADS: tuple[str, ...] = (*ACCEPTED_UPLOADS, "heic")
"""What the client takes from the user: the service's formats plus HEIC (converted)."""

EXPORT_FORMATS: tuple[str, ...] = tuple(f.ext for f in TABLE if f.export)
"""Export formats, video first: mp4, png, jpg, webp."""

STILL_FORMATS: tuple[str, ...] = tuple(f.ext for f in TABLE if f.export and f.pillow)
"""Exports written as one image: png, jpg, webp."""

EXPORT_NAMES: dict[str, str] = {
    name: f.ext for f in TABLE if f.export for name in (f.ext, *f.aliases)
}
"""Every name of an export format (aliases such as "jpeg" too) -> its extension."""

MIME_TYPES: dict[str, str] = {f.ext: f.mime for f in TABLE}

HEAD_BYTES = 64
"""How many leading bytes :func:`sniff` looks at."""


def export_format(name: str) -> str | None:
    """The export format a name means ("JPEG", ".jpg" -> "jpg"), or None."""
    return EXPORT_NAMES.get(name.strip().lower().lstrip("."))


def upload_kind(head: bytes) -> FileFormat | None:
    """The format of an upload starting with ``head`` when the service accepts it."""
    fmt = BY_EXT.get(sniff(head) or "")
    return fmt if fmt is not None and fmt.upload else None


def accepted_formats() -> str:
    """The accepted upload formats as one human line."""
    return "; ".join(f"{kind}: {', '.join(exts)}" for kind, exts in UPLOAD_FORMATS.items())


_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_HEIF_GENERIC = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_M4A_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P "})
_QT_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
_RIFF = {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}


def sniff(head: bytes) -> str | None:
    """The format (extension) of a file starting with ``head``, by magic bytes, or None.

    The name a file claims is never trusted. HEIC is recognised (the client converts
    it); AVIF and anything unknown is None.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF":
        return _RIFF.get(head[8:12])
    if head[4:8] == b"ftyp":
        return _iso_media(head)
    if head[4:8] in _QT_ATOMS:
        return "mov"  # QuickTime without an ftyp box
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: Matroska or its WebM profile
        return "webm" if b"webm" in head[:HEAD_BYTES] else "mkv"
    return _audio(head)


def _iso_media(head: bytes) -> str | None:
    """ISO base media (``ftyp`` box): HEIC, M4A, MOV or MP4."""
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(len(head), HEAD_BYTES) - 3, 4)}
    if major in _HEIC_BRANDS:
        return "heic"
    if major in _AVIF_BRANDS or (major in _HEIF_GENERIC and compatible & _AVIF_BRANDS):
        return None
    if major in _HEIF_GENERIC:
        return "heic"
    if major in _M4A_BRANDS:
        return "m4a"
    if major == b"qt  ":
        return "mov"
    return "mp4"


def _audio(head: bytes) -> str | None:
    if head[:3] == b"ID3":
        return "mp3"
    if head[:4] == b"ADIF":
        return "aac"
    if len(head) >= 2 and head[0] == 0xFF:
        if head[1] & 0xF6 == 0xF0:  # ADTS sync word, layer 00
            return "aac"
        if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:  # MPEG audio frame, layer I-III
            return "mp3"
    return None
