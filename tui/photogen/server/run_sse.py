"""``POST /run_sse``: one chat turn as a Server-Sent Events stream (api-contract §3.1, §4).

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
from photogen.server.deps import StoreDep, base_url, current_user
from photogen.server.errors import ServerError
from photogen.server.sse import Emission, frame
from photogen.server.turn import Turn, TurnEnv
from photogen.wire.codes import WireCode
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


async def _prepare(turn: Turn) -> None:
    """Plan the turn; a planner crash becomes the stream's final error line, as in ADK."""
    try:
        await turn.prepare()
    except ServerError:
        raise
    except Exception as exc:
        logging.getLogger("photogen.server").exception("planning failed")
        turn.script = [Emission("error", text=f"Internal error: {type(exc).__name__}")]


@router.post("/run_sse")
async def run_sse(body: RunRequest, request: Request, store: StoreDep) -> Any:
    """Plan the turn, start it in the background, stream what it says."""
    user_id = await _sse_user(request)
    session = await asyncio.to_thread(store.get_session, user_id, body.session_id)
    if session is None:
        raise ServerError(
            WireCode.SESSION_NOT_FOUND,
            "Session not found",
            status=404,
            detail=f"Session not found: {body.session_id}",
        )
    state = request.app.state
    env = TurnEnv(state.config, store, state.engines, state.agent, base_url(request))
    turn = Turn(env, user_id, session, body.new_message.text, body.streaming)
    if not body.new_message.parts:
        turn.script = [Emission("error", text="No parts in the new_message.")]
    elif not (state.config.debug_commands and turn.use_debug_script()):
        await _prepare(turn)
    task = asyncio.create_task(turn.run())
    state.turns.add(task)
    task.add_done_callback(state.turns.discard)
    return DroppableStream(
        frames(turn, state.config),  # type: ignore[arg-type]  # None frames mean "drop"
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
