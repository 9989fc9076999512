"""Request-body guard for every route: size, nesting depth and lone surrogates.

:class:`BodyGuard` is a pure ASGI middleware. It reads the whole body of each
HTTP request (at most :data:`MAX_BODY_BYTES`) before the app sees it, then:

* **size**: a body over 2 MiB (by ``Content-Length`` or by the bytes that
  actually stream in) is answered with the envelope ``413 "Request too
  large ..."``; what the client keeps sending is read and dropped up to
  :data:`DRAIN_BYTES`, so it can read the answer instead of a reset connection.
  Multipart uploads are exempt; the upload route streams them to disk under its
  own limit (``upload_limit_bytes``, 200 MB).
* **depth**: JSON nested deeper than :data:`MAX_JSON_DEPTH` would make the
  decoders recurse until ``RecursionError``; it is refused as ``422``.
* **lone surrogates**: a JSON escape such as ``"\\ud800"`` decodes to a string
  that SQLite (and every UTF-8 encoder) refuses; such strings are rewritten
  with U+FFFD before any route reads them.

The replayed body is handed to the app as one ``http.request`` message; later
``receive()`` calls (disconnect watching by streaming responses) go to the
server as usual.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from photogen.server.config import ServerConfig
from photogen.server.errors import BAD_REQUEST, ServerError, error_response

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Largest request body outside multipart uploads."""
DRAIN_BYTES = 4 * MAX_BODY_BYTES
"""How much of a refused body is read (and dropped) before answering."""
MAX_JSON_DEPTH = 64
"""Deepest accepted nesting of JSON arrays and objects."""
TOO_LARGE = 413
"""Code and HTTP status of a refused oversized body."""

_MULTIPART_PATHS = ("/api/upload-video/",)
_BRACKETS_ONLY = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def too_large() -> ServerError:
    """413 naming the limit."""
    return ServerError(
        TOO_LARGE, f"Request too large: the limit is {MAX_BODY_BYTES // (1024 * 1024)} MiB"
    )


def too_deep() -> ServerError:
    """422 for JSON nested past :data:`MAX_JSON_DEPTH`."""
    return ServerError(BAD_REQUEST, f"JSON nested too deeply (limit {MAX_JSON_DEPTH} levels)")


def json_depth(body: bytes) -> int:
    """Deepest ``[``/``{`` nesting outside strings (linear, no decoding).

    Escaped backslashes and quotes are removed first, so every remaining ``"``
    opens or closes a string; the even pieces between quotes are outside strings.
    """
    plain = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(plain.split(b'"')[::2]).translate(None, _BRACKETS_ONLY)
    return max(accumulate(map(_STEP.__getitem__, outside)), default=0)


def clean_text(value: str) -> str:
    """``value`` with lone surrogates replaced by U+FFFD (pairs are joined)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def clean_json(value: Any) -> Any:
    """Copy of decoded JSON with :func:`clean_text` applied to every key and string."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value


def _without_surrogates(body: bytes) -> bytes:
    """``body`` re-encoded without lone surrogates; unchanged when none (or not JSON)."""
    if not _SURROGATE_ESCAPE.search(body):
        return body
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):
        return body  # the route refuses it as invalid JSON
    cleaned = clean_json(decoded)
    if cleaned == decoded:
        return body
    return json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def _header(scope: dict[str, Any], name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


def _exempt(scope: dict[str, Any]) -> bool:
    """A multipart upload: streamed by its route under its own limit."""
    ctype = (_header(scope, b"content-type") or b"").lower()
    return ctype.startswith(b"multipart/form-data") and scope["path"].startswith(_MULTIPART_PATHS)


class BodyGuard:
    """Pure ASGI middleware; see the module docstring."""

    def __init__(self, app: Any, config: ServerConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or _exempt(scope):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await self._refuse(too_large(), scope, receive, send, drain=True)
            return
        body, disconnected, over = await _read(receive)
        if over:
            await self._refuse(too_large(), scope, receive, send, drain=not disconnected)
            return
        if body and json_depth(body) > MAX_JSON_DEPTH:
            await self._refuse(too_deep(), scope, receive, send, drain=False)
            return
        if body:
            body = _without_surrogates(body)
            scope = _with_length(scope, len(body)) if declared is not None else scope
        await self.app(scope, _replay(body, disconnected, receive), send)

    async def _refuse(
        self, exc: ServerError, scope: dict[str, Any], receive: Any, send: Any, *, drain: bool
    ) -> None:
        if drain:
            await _drain(receive)
        response = error_response(exc, self.config.http_errors)
        await response(scope, receive, send)


async def _read(receive: Any) -> tuple[bytes, bool, bool]:
    """``(body, disconnected, over_limit)``; stops reading once past the limit."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks), True, False
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return b"", False, True
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), False, False


async def _drain(receive: Any) -> None:
    """Read and drop the rest of a refused body, up to :data:`DRAIN_BYTES`."""
    seen = 0
    while seen <= DRAIN_BYTES:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _with_length(scope: dict[str, Any], length: int) -> dict[str, Any]:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    headers.append((b"content-length", str(length).encode()))
    return {**scope, "headers": headers}


def _replay(body: bytes, disconnected: bool, receive: Any) -> Any:
    """A ``receive`` that yields the buffered body once, then defers to the server."""
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return await receive()  # type: ignore[no-any-return]
        sent = True
        if disconnected:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
