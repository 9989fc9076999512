"""Fault injection for tests (api-contract §5): a 429 on every Nth call, scripted streams.

The other switches live where they act: ``expire_tokens_after`` in the token
check (:mod:`photogen.server.accounts`), ``drop_stream_after`` in
:mod:`photogen.server.routes.run_sse`, ``fail_render_once`` in
:mod:`photogen.server.renders`.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

from photogen.server.config import ServerConfig
from photogen.server.sse import Emission
from photogen.wire.codes import WireCode
from photogen.wire.envelope import error

_COUNTED_PREFIXES = ("/api/", "/run_sse")


def retry_after(config: ServerConfig) -> str:
    """Retry-After value in whole seconds, scaled by the time scale."""
    return str(int(round(config.retry_after_s * config.time_scale)))


class RateLimitFault:
    """Pure ASGI middleware: every ``config.rate_limit_every``-th API call gets HTTP 429."""

    def __init__(self, app: Any, config: ServerConfig) -> None:
        self.app = app
        self.config = config
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def _hit(self, scope: dict[str, Any]) -> bool:
        every = self.config.rate_limit_every
        if not every or scope["type"] != "http":
            return False
        if not scope["path"].startswith(_COUNTED_PREFIXES):
            return False
        with self._lock:
            return next(self._counter) % every == 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not self._hit(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps(error(WireCode.RATE_LIMITED, "Too many requests")).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", retry_after(self.config).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def debug_script(text: str) -> list[Emission] | None:
    """Scripted streams for client tests (``debug_commands`` only).

    ``#fault error`` (text, then a final ``{"error"}`` line), ``#fault errorcode``
    (an in-band ``errorCode`` event, then text), ``#fault heartbeats N`` (only
    heartbeats), ``#fault badjson`` (an error line that is not valid JSON),
    ``#fault thought`` (hidden reasoning, then text).
    """
    words = text.split()
    if len(words) < 2 or words[0] != "#fault":
        return None
    kind = words[1]
    if kind == "error":
        return [
            Emission("text", text="Working on it."),
            Emission("error", text="429 RESOURCE_EXHAUSTED. Quota exceeded"),
        ]
    if kind == "errorcode":
        return [
            Emission(
                "error_code", name="MALFORMED_FUNCTION_CALL", text="Malformed function call: test"
            ),
            Emission("text", text="Recovered after an in-band error."),
        ]
    if kind == "heartbeats":
        count = int(words[2]) if len(words) > 2 and words[2].isdigit() else 3
        return [Emission("heartbeat")] * min(count, 1000)
    if kind == "badjson":
        return [Emission("raw", text='{"error": "bad "quoted" message"}')]
    return None
