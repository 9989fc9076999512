"""A streaming multipart/form-data reader that writes ``files`` parts to disk.

Fed with raw body chunks; each file part goes to its own
:class:`~photogen.server.incoming.FileSink`. Other fields are ignored. Runs in a
worker thread (the sinks do disk I/O).

A body the parser rejects, or one that ends with a part still open or without
the closing boundary, is refused as 400 "malformed upload"; the caller then
calls :meth:`MultipartUpload.discard`, which deletes every file of the request
(finished or not), so a broken upload never leaves files behind.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from photogen.server.errors import BadRequest, ServerError
from photogen.server.incoming import FileSink, SavedFile

_FILE_FIELDS = (b"files", b"file")
MALFORMED = 400
"""Code and HTTP status of a multipart body that does not parse or ends early."""


def malformed_upload() -> ServerError:
    """400: the multipart body is broken (bad boundary, truncated, garbage)."""
    return ServerError(MALFORMED, "malformed upload: the multipart body is incomplete or invalid")


def boundary_of(content_type: str) -> bytes:
    """The multipart boundary; 400 when it is missing."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise BadRequest("multipart body without a boundary")
    return boundary


class MultipartUpload:
    """Push parser state for one upload request.

    Args:
        boundary: The multipart boundary.
        media_dir: Root of the media store.
        limit: Largest accepted file, in bytes.
    """

    def __init__(self, boundary: bytes, media_dir: Path, limit: int) -> None:
        self.media_dir = media_dir
        self.limit = limit
        self.saved: list[SavedFile] = []
        self.error: ServerError | None = None
        self._sink: FileSink | None = None
        self._ended = False
        self._lock = threading.Lock()  # discard may run while a cancelled write still does
        self._discarded = False
        self._field = b""
        self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._part_begin,
                "on_header_field": lambda d, s, e: self._add("_field", d[s:e]),
                "on_header_value": lambda d, s, e: self._add("_value", d[s:e]),
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._part_data,
                "on_part_end": self._part_end,
                "on_end": self._end,
            },
        )

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def _part_begin(self) -> None:
        self._headers, self._sink = {}, None

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        filename = params.get(b"filename")
        if params.get(b"name") in _FILE_FIELDS and filename is not None:
            name = filename.decode("utf-8", "replace")
            self._sink = FileSink(self.media_dir, name, self.limit)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._sink is not None and self.error is None:
            self._guard(self._sink.feed, data[start:end])

    def _part_end(self) -> None:
        if self._sink is not None and self.error is None:
            self._guard(lambda: self.saved.append(self._sink.finish()))  # type: ignore[union-attr]
        self._sink = None

    def _end(self) -> None:
        self._ended = True

    def _guard(self, fn: object, *args: object) -> None:
        try:
            fn(*args)  # type: ignore[operator]
        except ServerError as exc:
            self.error = exc

    def write_many(self, chunks: list[bytes]) -> None:
        """Parse more body bytes; raises the first refusal (400 for a broken body)."""
        with self._lock:
            for chunk in chunks:
                if self._discarded:
                    raise malformed_upload()
                try:
                    self._parser.write(chunk)
                except MultipartParseError as exc:
                    raise malformed_upload() from exc
                if self.error is not None:
                    raise self.error

    def finish(self) -> list[SavedFile]:
        """End of body: the saved files.

        Raises the first refusal; 400 "malformed upload" (after discarding every
        file) when a part is still open or the closing boundary never came; 422
        when there was no file.
        """
        with self._lock:
            try:
                self._parser.finalize()
            except MultipartParseError as exc:
                self._discard()
                raise malformed_upload() from exc
            if self.error is not None:
                raise self.error
            if self._discarded or self._sink is not None or not self._ended:
                self._discard()
                raise malformed_upload()
            if not self.saved:
                raise BadRequest("No file in the 'files' field")
            return list(self.saved)

    def discard(self) -> None:
        """Delete everything this request wrote, finished files included (idempotent)."""
        with self._lock:
            self._discard()

    def _discard(self) -> None:
        self._discarded = True
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.discard()
        saved, self.saved = self.saved, []
        for item in saved:
            item.slot.path.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                item.slot.path.parent.rmdir()
