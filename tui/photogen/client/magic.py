"""File type by magic bytes, for the upload formats of contract §3.2 plus HEIC."""

from __future__ import annotations

#: Bytes to read from the start of a file for :func:`sniff`.
HEAD_BYTES = 64

MIME_TYPES: dict[str, str] = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "heic": "image/heic",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "mkv": "video/x-matroska",
    "avi": "video/x-msvideo",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "aac": "audio/aac",
}

_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_HEIF_GENERIC = frozenset({b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_M4A_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P "})
_QT_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
_RIFF = {b"WEBP": "webp", b"WAVE": "wav", b"AVI ": "avi"}


def sniff(head: bytes) -> str | None:
    """The format (a lower-case extension) of a file starting with ``head``, or None."""
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
        return "mov"
    if head[:4] == b"\x1a\x45\xdf\xa3":  # EBML: Matroska or its WebM profile
        return "webm" if b"webm" in head[:HEAD_BYTES] else "mkv"
    return _audio(head)


def _iso_media(head: bytes) -> str | None:
    """ISO base media (``ftyp`` box): HEIC, M4A, MOV or MP4."""
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(len(head), 64) - 3, 4)}
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
