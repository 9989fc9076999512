"""One incoming file, written to disk as its bytes arrive.

:class:`FileSink` checks the type from the first bytes (4001) and the size on
every chunk (4002), so a bad or oversized file is refused while it streams and
nothing is ever held whole in memory. Its methods do blocking disk I/O: call
them from a worker thread.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from photogen.server.errors import ServerError
from photogen.server.media import MediaSlot, new_slot
from photogen.wire.codes import WireCode
from photogen.wire.formats import HEAD_BYTES, FileFormat, accepted_formats, upload_kind


@dataclass
class SavedFile:
    """A file that arrived whole and passed the checks."""

    slot: MediaSlot
    filename: str
    file_type: str
    extension: str
    size: int
    sha256: str


def unsupported(filename: str) -> ServerError:
    """4001 naming the accepted formats."""
    return ServerError(
        WireCode.UNSUPPORTED_TYPE,
        f"Unsupported file type: {filename}. Supported formats: {accepted_formats()}",
    )


def too_large(filename: str, limit: int) -> ServerError:
    """4002 naming the limit."""
    return ServerError(
        WireCode.FILE_TOO_LARGE,
        f"File too large: {filename} is over {limit // (1024 * 1024)} MB",
    )


class FileSink:
    """Receives one file's bytes in chunks.

    Args:
        media_dir: Root of the media store.
        filename: Name the client gave (sanitised before it touches the disk).
        limit: Largest accepted size in bytes.
    """

    def __init__(self, media_dir: Path, filename: str, limit: int) -> None:
        self.media_dir = media_dir
        self.filename = filename or "upload"
        self.limit = limit
        self.size = 0
        self._head = b""
        self._kind: FileFormat | None = None
        self._file: IO[bytes] | None = None
        self._slot: MediaSlot | None = None
        self._hash = hashlib.sha256()

    def feed(self, data: bytes) -> None:
        """Take the next bytes; raises 4002 past the limit, 4001 on a bad type."""
        self.size += len(data)
        if self.size > self.limit:
            self.discard()
            raise too_large(self.filename, self.limit)
        if self._file is None:
            self._head += data
            if len(self._head) >= HEAD_BYTES:
                self._open()
            return
        self._write(data)

    def _open(self) -> None:
        kind = upload_kind(self._head)
        if kind is None:
            raise unsupported(self.filename)
        self._kind = kind
        self._slot = new_slot(self.media_dir, self.filename)
        self._file = self._slot.path.open("wb")
        head, self._head = self._head, b""
        self._write(head)

    def _write(self, data: bytes) -> None:
        assert self._file is not None
        self._file.write(data)
        self._hash.update(data)

    def finish(self) -> SavedFile:
        """Close the file; raises 4001 for an empty or unrecognised file."""
        if self._file is None:
            if not self._head:
                raise unsupported(self.filename)
            self._open()
        assert self._file and self._slot and self._kind
        self._file.close()
        return SavedFile(
            slot=self._slot,
            filename=self._slot.path.name,
            file_type=self._kind.kind,
            extension=self._kind.ext,
            size=self.size,
            sha256=self._hash.hexdigest(),
        )

    def discard(self) -> None:
        """Drop whatever was written."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._slot is not None:
            with contextlib.suppress(OSError):
                self._slot.path.unlink(missing_ok=True)
                self._slot.path.parent.rmdir()


def probe(saved: SavedFile) -> dict[str, Any]:
    """Cheap metadata: image size (Pillow header) or duration/size/fps (PyAV)."""
    try:
        if saved.file_type == "image":
            return _probe_image(saved.slot.path)
        return _probe_av(saved.slot.path)
    except Exception:  # a file that sniffs right but will not parse still uploads
        return {}


def _probe_image(path: Path) -> dict[str, Any]:
    from PIL import Image

    with Image.open(path) as img:
        return {"width": img.width, "height": img.height}


def _probe_av(path: Path) -> dict[str, Any]:
    import av

    info: dict[str, Any] = {}
    with av.open(str(path)) as container:
        if container.duration:
            info["duration"] = round(container.duration / 1_000_000, 3)
        video = next(iter(container.streams.video), None)
        if video is not None:
            info["width"], info["height"] = video.codec_context.width, video.codec_context.height
            if video.average_rate:
                info["fps"] = round(float(video.average_rate), 3)
    return info
