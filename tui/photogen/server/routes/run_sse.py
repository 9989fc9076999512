"""``POST /run_sse``: one chat turn as a Server-Sent Events stream (api-contract §3.1, §4),
and [OURS] ``POST /api/run/nemo_agent/me/{session_id}/cancel`` that stops it.

The turn itself (plan, credits, tools) is :mod:`photogen.server.turns`; this
module only writes its emissions as SSE frames, and can drop the connection on
purpose (the ``drop_stream_after`` fault).

Errors before the stream are plain HTTP: 401 with code 1001 for a bad token,
404 with code 1002 and ADK's ``detail`` for an unknown session, 422 (FastAPI)
for an invalid body, 2001 when the plan needs more credits than are available.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.types import Send

from photogen.server.config import ServerConfig
from photogen.server.deps import (
    StoreDep,
    TurnsDep,
    UserId,
    base_url,
    current_user,
    owned_session,
)
from photogen.server.errors import ServerError, SessionNotFound
from photogen.server.sse import frame
from photogen.server.turn import Turn
from photogen.wire.envelope import ok
from photogen.wire.events import new_invocation_id
from photogen.wire.run import RunRequest

router = APIRouter()
_DROP_MESSAGE = "ASGI callable returned without completing response."


class DroppableStream(StreamingResponse):
    """A stream that can end without its final chunk, so the client sees a dropped line."""

    dropped = False

    async def stream_response(self, send: Send) -> None:
        """As Starlette's, but leaves the body unfinished when the frames say so."""
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        async for chunk in self.body_iterator:
            if chunk is None:  # drop: uvicorn closes the connection mid-body
                self.dropped = True
                return
            body = chunk.encode() if isinstance(chunk, str) else chunk
            await send({"type": "http.response.body", "body": body, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


class _QuietDrops(logging.Filter):
    """Hides uvicorn's error line for streams this server dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != _DROP_MESSAGE


def install_drop_filter(config: ServerConfig) -> None:
    """Silence the deliberate-drop log line when the drop fault is on."""
    if config.drop_stream_after:
        logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


async def frames(turn: Turn, config: ServerConfig) -> AsyncIterator[str | None]:
    """SSE frames from the turn's queue; a None frame asks for a drop."""
    invocation_id = new_invocation_id()
    sent = 0
    while (em := await turn.queue.get()) is not None:
        text = frame(em, config.sse_shape, invocation_id)
        if text is None:
            continue
        yield text
        sent += em.kind != "heartbeat"
        if config.drop_stream_after and sent >= config.drop_stream_after:
            yield None
            return


async def _sse_user(request: Request) -> str:
    try:
        return await current_user(request)
    except ServerError as exc:
        raise ServerError(exc.code, exc.message, status=401) from exc


@router.post("/run_sse")
async def run_sse(body: RunRequest, request: Request, store: StoreDep, turns: TurnsDep) -> Any:
    """Plan the turn, start it in the background, stream what it says."""
    user_id = await _sse_user(request)
    session = await asyncio.to_thread(store.get_session, user_id, body.session_id)
    if session is None:
        raise SessionNotFound(status=404, detail=f"Session not found: {body.session_id}")
    turn = await turns.start(user_id, session, body, base_url(request))
    return DroppableStream(
        frames(turn, turns.config),  # type: ignore[arg-type]  # None frames mean "drop"
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/api/run/nemo_agent/me/{session_id}/cancel")
async def cancel_turn(
    session_id: str, user_id: UserId, store: StoreDep, turns: TurnsDep
) -> dict[str, Any]:
    """[OURS] Stop the session's running turn (esc in the app); ``{"stopped": n}``.

    The turn's tool stops (a model between two steps), nothing it had not finished is
    charged, and its stream ends. The NemoVideo service has no such call; the app
    sends it to the embedded server only.
    """
    await owned_session(store, user_id, session_id)
    return ok({"stopped": await turns.cancel(user_id, session_id)})
