"""Uploads (contract §3.2): local checks first, HEIC to JPEG, a streamed multipart body.

The body is generated chunk by chunk from the files (field ``files`` repeated, one
part per file) with an exact ``Content-Length``, so memory stays flat for a 200 MB
file; httpx's ``files=`` is not used because it may read files whole.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from photogen.client.errors import FileTooLarge, LocalFileError, UnsupportedFile
from photogen.wire.codes import MAX_UPLOAD_BYTES
from photogen.wire.formats import HEAD_BYTES, LOCAL_UPLOADS, MIME_TYPES, sniff
from photogen.wire.safety import safe_filename

CHUNK_BYTES = 1024 * 1024
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A checked file, ready to send."""

    path: Path
    """The file whose bytes are sent (a converted temp file for HEIC)."""
    filename: str
    """Name sent in the part header (sanitised; ``.jpg`` after HEIC conversion)."""
    fmt: str
    """Format by magic bytes (lower-case extension)."""
    size: int
    """Bytes of ``path``."""

    @property
    def mime(self) -> str:
        """MIME type of the part."""
        return MIME_TYPES.get(self.fmt, "application/octet-stream")


def check_file(path: Path, limit: int = MAX_UPLOAD_BYTES) -> LocalFile:
    """Check one local file: exists, readable, not too large, a supported type.

    Raises:
        LocalFileError: missing or unreadable.
        FileTooLarge: over ``limit`` bytes.
        UnsupportedFile: not a supported type by its magic bytes.
    """
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise LocalFileError(f"{path.name} is not a file.")
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except FileNotFoundError:
        raise LocalFileError(f"File not found: {path}") from None
    except OSError as exc:
        raise LocalFileError(f"Cannot read {path.name}: {exc.strerror or exc}") from None
    if size > limit:
        raise FileTooLarge(
            f"{path.name} is {size / 2**20:.0f} MB; the limit is {limit / 2**20:.0f} MB. "
            "Compress or trim it first.",
            limit_bytes=limit,
            code=4002,
        )
    fmt = sniff(head)
    if fmt is None:
        raise UnsupportedFile(
            f"{path.name} is not a photo, video or audio file that can be used.",
            accepted=LOCAL_UPLOADS,
            code=4001,
        )
    return LocalFile(path, safe_filename(path.name, default="upload"), fmt, size)


def heic_to_jpeg(src: Path, dest: Path) -> None:
    """Convert a HEIC/HEIF image to JPEG (orientation applied, quality 92)."""
    from photogen.stills import heic_to_jpeg as convert  # Pillow loads only for HEIC

    try:
        convert(src, dest)
    except (OSError, ValueError) as exc:
        raise UnsupportedFile(
            f"{src.name} looks like HEIC but could not be converted.",
            accepted=LOCAL_UPLOADS,
            code=4001,
        ) from exc


async def prepare(paths: Sequence[Path], workdir: Path) -> list[LocalFile]:
    """Check every file (all before any upload); convert HEIC into ``workdir``."""
    checked = [check_file(Path(p)) for p in paths]
    ready: list[LocalFile] = []
    for item in checked:
        if item.fmt != "heic":
            ready.append(item)
            continue
        dest = workdir / f"{uuid.uuid4().hex}.jpg"
        await asyncio.to_thread(heic_to_jpeg, item.path, dest)
        name = f"{Path(item.filename).stem or 'photo'}.jpg"
        converted = check_file(dest)
        ready.append(LocalFile(dest, name, converted.fmt, converted.size))
    return ready


class MultipartBody:
    """A ``multipart/form-data`` body streamed from files, with an exact length."""

    def __init__(
        self,
        files: Sequence[LocalFile],
        progress: Progress | None = None,
        boundary: str | None = None,
    ) -> None:
        self.files = list(files)
        self.progress = progress
        self.boundary = boundary or f"photogen-{uuid.uuid4().hex}"
        self._heads = [self._head(f) for f in self.files]
        self._tail = f"--{self.boundary}--\r\n".encode()

    @property
    def content_type(self) -> str:
        """The request's Content-Type, with the boundary."""
        return f"multipart/form-data; boundary={self.boundary}"

    @property
    def length(self) -> int:
        """Exact byte length of the body."""
        parts = sum(len(h) + f.size + 2 for h, f in zip(self._heads, self.files, strict=True))
        return parts + len(self._tail)

    def headers(self) -> dict[str, str]:
        """Content-Type and Content-Length for the request."""
        return {"Content-Type": self.content_type, "Content-Length": str(self.length)}

    def _head(self, item: LocalFile) -> bytes:
        name = item.filename.replace('"', "_")
        return (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: {item.mime}\r\n\r\n"
        ).encode()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        total, sent = self.length, 0
        for head, item in zip(self._heads, self.files, strict=True):
            sent = self._report(sent + len(head), total)
            yield head
            async for chunk in _read_chunks(item):
                sent = self._report(sent + len(chunk), total)
                yield chunk
            sent = self._report(sent + 2, total)
            yield b"\r\n"
        self._report(sent + len(self._tail), total)
        yield self._tail

    def _report(self, sent: int, total: int) -> int:
        if self.progress is not None:
            self.progress(sent, total)
        return sent


async def _read_chunks(item: LocalFile) -> AsyncIterator[bytes]:
    """The file's bytes in chunks; exactly ``item.size`` bytes (the length was promised)."""
    fd = await asyncio.to_thread(os.open, item.path, os.O_RDONLY)
    try:
        left = item.size
        while left > 0:
            chunk = await asyncio.to_thread(os.read, fd, min(CHUNK_BYTES, left))
            if not chunk:
                raise LocalFileError(f"{item.filename} changed while it was being uploaded.")
            left -= len(chunk)
            yield chunk
    finally:
        os.close(fd)
