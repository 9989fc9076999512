"""Server-sent events framing (contract §4.1, §4.6.1): bytes of text in, data payloads out.

Lines end in LF, CRLF or CR (a CRLF split across two chunks counts once). Several
``data:`` lines of one event are joined with ``\\n``; one space after the colon is
dropped; comments (``:``-prefixed) and other fields (``event``, ``id``, ``retry``) are
ignored; a blank line ends the event. An event whose only data line is empty gives
the payload ``""`` (a keep-alive for :func:`classify`).

At a clean end of stream, :meth:`SSEParser.close` also returns the last event even
when the server omitted the final blank line (lenient: ADK always sends it).

:func:`classify` (from :mod:`photogen.client.stream`) turns a payload into typed items.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from photogen.client.stream import classify

__all__ = ["SSEParser", "classify", "parse_sse"]


class SSEParser:
    """Incremental parser: :meth:`feed` text as it arrives, get complete payloads back."""

    __slots__ = ("_cr", "_data", "_tail")

    def __init__(self) -> None:
        self._tail = ""
        """The incomplete last line of what was fed so far."""
        self._cr = False
        """The last chunk ended with CR: a leading LF of the next one is the same break."""
        self._data: list[str] = []
        """Data lines of the event being read."""

    def feed(self, chunk: str) -> list[str]:
        """Add text; return the data payloads of every event completed by it."""
        if not chunk:
            return []
        if self._cr and chunk[0] == "\n":
            chunk = chunk[1:]
        self._cr = chunk.endswith("\r")
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        if self._tail:
            chunk = self._tail + chunk
        lines = chunk.split("\n")
        self._tail = lines.pop()
        out: list[str] = []
        for line in lines:
            payload = self.line(line)
            if payload is not None:
                out.append(payload)
        return out

    def close(self) -> list[str]:
        """End of stream: return the last event if it was not terminated."""
        out: list[str] = []
        for line in (self._tail, ""):
            payload = self.line(line)
            if payload is not None:
                out.append(payload)
        self._tail = ""
        return out

    def line(self, line: str) -> str | None:
        """Process one line (no terminator); return a payload when it ends an event."""
        if line.startswith("data:"):
            value = line[5:]
            self._data.append(value[1:] if value[:1] == " " else value)
            return None
        if not line:
            if not self._data:
                return None
            payload = "\n".join(self._data)
            self._data = []
            return payload
        if line == "data":  # a field name alone: the value is empty
            self._data.append("")
        return None  # comment or another field


def parse_sse(lines: Iterable[str]) -> Iterator[str]:
    """Data payloads from an iterable of lines (terminators optional)."""
    parser = SSEParser()
    for line in lines:
        payload = parser.line(line.rstrip("\r\n"))
        if payload is not None:
            yield payload
    yield from parser.close()
