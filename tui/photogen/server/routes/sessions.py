"""Session routes: create a task with its session, read its state (api-contract §2.2, §3.4),
and the stock ADK extras ``/health`` and ``/list-apps`` (§3.8)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Request

from photogen.server.deps import StoreDep, UserId, base_url, owned_session
from photogen.server.media import absolutize
from photogen.wire.auth import CreateSessionRequest
from photogen.wire.envelope import ok

router = APIRouter()


@router.get("/health")
async def health() -> dict[str, str]:
    """Liveness probe."""
    return {"status": "ok"}


@router.get("/list-apps")
async def list_apps() -> list[str]:
    """The one agent app."""
    return ["nemo_agent"]


@router.post("/api/tasks/me/with-session/nemo_agent")
async def create_session(
    user_id: UserId, store: StoreDep, body: CreateSessionRequest | None = None
) -> dict[str, Any]:
    """A new task and its agent session; the body is optional."""
    body = body or CreateSessionRequest()
    task_name = (body.task_name or "project")[:200]
    language = (body.language or "en")[:20]
    row = await asyncio.to_thread(store.create_session, user_id, task_name, language, time.time())
    return ok(row)


@router.get("/api/state/nemo_agent/me/{session_id}/latest")
async def session_state(
    session_id: str, request: Request, user_id: UserId, store: StoreDep
) -> dict[str, Any]:
    """The session's state: ``video_infos``, ``draft``, ``canvas_config`` and friends."""
    row = await owned_session(store, user_id, session_id)
    return ok(
        {
            "session_id": row["session_id"],
            "task_id": row["task_id"],
            "task_name": row["task_name"],
            "state": absolutize(row["state"], base_url(request)),
        }
    )
