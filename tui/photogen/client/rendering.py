"""Export jobs (contract §3.5–§3.7, §5): submit, poll, cancel, and the wait loop.

- The render id is client-chosen, ``render_<ms>``, unique within the process.
- A failed submission (an API refusal other than plan, credits, auth, rate limit or a
  missing session, or a ``failed`` status in the answer) is retried **once** with a new id.
- 402 is :class:`PlanBlocked` unless the body's code says 2001 (the envelope module keys
  on the code first).
- Every poll shape (A, B, C) is read by :func:`read_render_status`.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import quote

from photogen.client.errors import (
    ApiError,
    AuthError,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    SessionNotFound,
    WebPageAnswer,
)
from photogen.client.transport import Transport
from photogen.wire.render import RenderStatus, read_render_status, render_body

log = logging.getLogger(__name__)
RENDER_PATH = "/api/render/proxy/lambda"
_FINAL_REFUSALS = (
    PlanBlocked,
    OutOfCredits,
    AuthError,
    RateLimited,
    SessionNotFound,
    WebPageAnswer,
)

_lock = threading.Lock()
_last_ms = 0


def new_render_id() -> str:
    """``render_<ms>``, strictly increasing within this process (so never reused)."""
    global _last_ms
    with _lock:
        _last_ms = max(int(time.time() * 1000), _last_ms + 1)
        return f"render_{_last_ms}"


async def submit(
    transport: Transport,
    session_id: str,
    draft: dict[str, Any],
    fmt: str = "mp4",
    *,
    quality: str = "high",
    resolution: str | None = "1080p",
) -> RenderStatus:
    """Submit an export; one retry with a new id if the submission fails."""
    try:
        status = await _submit_once(transport, session_id, draft, fmt, quality, resolution)
        if status.status != "failed":
            return status
        log.info("render submission failed (%s); retrying once with a new id", status.error)
    except _FINAL_REFUSALS:
        raise
    except ApiError as exc:
        log.info("render submission refused (%s); retrying once with a new id", exc.message)
    return await _submit_once(transport, session_id, draft, fmt, quality, resolution)


async def _submit_once(
    transport: Transport,
    session_id: str,
    draft: dict[str, Any],
    fmt: str,
    quality: str,
    resolution: str | None,
) -> RenderStatus:
    render_id = new_render_id()
    body = render_body(render_id, session_id, draft, fmt, quality, resolution)
    status = read_render_status(await transport.call("POST", RENDER_PATH, json=body))
    return status if status.id else status.model_copy(update={"id": render_id})


async def poll(transport: Transport, render_id: str) -> RenderStatus:
    """One poll of an export job (any of the shapes A, B, C).

    A 2xx answer that says it failed (``{"success": false, "error": …}`` or a non-zero
    ``code``) is a failed job, as ``status: "failed"`` is (contract §5c): the caller
    retries once with a new id. Refusals (auth, credits, plan, rate limit) still raise.
    """
    path = f"{RENDER_PATH}/{quote(render_id, safe='')}"
    try:
        status = read_render_status(await transport.call("GET", path))
    except ApiError as exc:
        if isinstance(exc, _FINAL_REFUSALS) or exc.status is None or exc.status >= 300:
            raise
        return RenderStatus(id=render_id, status="failed", error=exc.message)
    return status if status.id else status.model_copy(update={"id": render_id})


def download_path(render_id: str) -> str:
    """The render's own download route, ``/api/render/proxy/{id}/download`` (contract §3.7)."""
    return f"/api/render/proxy/{quote(render_id, safe='')}/download"


async def cancel(transport: Transport, render_id: str) -> None:
    """Cancel a pending export job."""
    await transport.call("POST", f"{RENDER_PATH}/{quote(render_id, safe='')}/cancel")
