"""File type by magic bytes, for the upload formats of api-contract §3.2.

Only the first :data:`HEAD_BYTES` bytes are needed; the extension a client
claims is never trusted.
"""

from __future__ import annotations

HEAD_BYTES = 64
"""How many leading bytes :func:`sniff` looks at."""

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"hevc", b"avif"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P "}


def _riff(head: bytes) -> tuple[str, str] | None:
    form = head[8:12]
    if form == b"WEBP":
        return "image", "webp"
    if form == b"WAVE":
        return "audio", "wav"
    if form.startswith(b"AVI"):
        return "video", "avi"
    return None


def _ftyp(head: bytes) -> tuple[str, str] | None:
    brand = head[8:12]
    if brand in _HEIF_BRANDS:
        return None  # HEIC/AVIF: the client converts HEIC to JPEG first
    if brand in _M4A_BRANDS:
        return "audio", "m4a"
    if brand == b"qt  ":
        return "video", "mov"
    return "video", "mp4"


def _mpeg_audio(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3"):
        return "audio", "mp3"
    if len(head) < 2 or head[0] != 0xFF:
        return None
    if head[1] & 0xF6 == 0xF0:
        return "audio", "aac"  # ADTS: 12-bit sync, layer bits 00
    if head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "audio", "mp3"  # MPEG audio frame sync with a real layer
    return None


def sniff(head: bytes) -> tuple[str, str] | None:
    """``(file_type, extension)`` of a file from its first bytes, or None if not accepted.

    Args:
        head: The first bytes of the file (at least :data:`HEAD_BYTES` when it is that long).

    Returns:
        e.g. ``("image", "png")``, ``("video", "mp4")``, ``("audio", "mp3")``.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image", "gif"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return _riff(head)
    if head[4:8] == b"ftyp":
        return _ftyp(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ("video", "webm") if b"webm" in head[:HEAD_BYTES] else ("video", "mkv")
    return _mpeg_audio(head)


def accepted_formats() -> str:
    """The accepted formats as one human line."""
    from photogen.wire.codes import UPLOAD_FORMATS

    return "; ".join(f"{kind}: {', '.join(exts)}" for kind, exts in UPLOAD_FORMATS.items())
