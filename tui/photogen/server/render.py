"""Render (export) routes, api-contract §3.5–§3.7.

Submit answers ``{"code":0,"message":"success","id","status","progress"}``;
polls answer shape A (``id/status/progress/output{url,duration,size}``) or,
with ``render_shape="B"``, ``{"success":true,"data":{id,status,progress,outputUrl,
createdAt,completedAt}}``. Export costs no credits. Without the three
``X-Skill-*`` attribution headers the server answers HTTP 402, as the service does.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import ValidationError

from photogen.server.config import ServerConfig
from photogen.server.deps import Config, StoreDep, UserId, base_url, owned_session
from photogen.server.errors import ServerError, bad_request
from photogen.server.media import media_key
from photogen.server.renderplan import PlanError, check_exportable
from photogen.server.store import DuplicateError, Row, Store
from photogen.wire.codes import WireCode
from photogen.wire.render import RenderRequest
from photogen.wire.safety import safe_filename

router = APIRouter()
_ATTRIBUTION = ("x-skill-source", "x-skill-version", "x-skill-platform")
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
RENDER_NOT_FOUND = 404
DUPLICATE_ID = 409


def _require_attribution(request: Request) -> None:
    if not all(request.headers.get(h, "").strip() for h in _ATTRIBUTION):
        raise ServerError(
            WireCode.PLAN_BLOCKED,
            "Export blocked: send the X-Skill-Source, X-Skill-Version and X-Skill-Platform headers",
        )


async def _parse(request: Request) -> RenderRequest:
    try:
        body = RenderRequest.model_validate(await request.json())
    except (ValueError, ValidationError) as exc:
        raise bad_request("Render body needs id, sessionId and draft") from exc
    if not _ID.match(body.id):
        raise bad_request("Render id must be 1-128 letters, digits, '_', '-' or '.'")
    return body


def job_view(row: Row, shape: str, base: str) -> dict[str, Any]:
    """A job as the poll response of ``shape`` A or B."""
    url = base + row["output_key"] if row["output_key"] else None
    if shape == "B":
        data = {
            "id": row["render_id"],
            "status": row["status"],
            "progress": row["progress"],
            "outputUrl": url,
            "createdAt": int(row["created"] * 1000),
            "completedAt": int(row["completed"] * 1000) if row["completed"] else None,
            "error": row["error"],
        }
        return {"success": True, "data": data}
    view: dict[str, Any] = {
        "code": 0,
        "message": "success",
        "id": row["render_id"],
        "status": row["status"],
        "progress": row["progress"],
    }
    if url:
        view["output"] = {"url": url, "duration": row["duration"], "size": row["size"]}
    if row["error"]:
        view["error"] = row["error"]
    return view


@router.post("/api/render/proxy/lambda")
async def submit(request: Request, user_id: UserId, store: StoreDep, config: Config) -> Any:
    """Create a render job and queue it."""
    _require_attribution(request)
    body = await _parse(request)
    await owned_session(store, user_id, body.session_id)
    fmt = body.output.format.lower()
    try:
        check_exportable(body.draft, fmt)
    except PlanError as exc:
        raise bad_request(str(exc)) from exc
    try:
        await asyncio.to_thread(
            store.create_render, user_id, body.id, body.session_id, fmt, body.draft, time.time()
        )
    except DuplicateError as exc:
        raise ServerError(DUPLICATE_ID, f"Render id already used: {body.id}") from exc
    request.app.state.jobs.submit(user_id, body.id)
    return {"code": 0, "message": "success", "id": body.id, "status": "pending", "progress": 0}


async def _job(store: Store, user_id: str, render_id: str) -> Row:
    row = await asyncio.to_thread(store.get_render, user_id, render_id)
    if row is None:
        raise ServerError(RENDER_NOT_FOUND, f"Render not found: {render_id}")
    return row


@router.get("/api/render/proxy/lambda/{render_id}")
async def poll(
    render_id: str, request: Request, user_id: UserId, store: StoreDep, config: Config
) -> dict[str, Any]:
    """The job's status and progress (0-100), with the output once completed."""
    row = await _job(store, user_id, render_id)
    return job_view(row, config.render_shape, base_url(request))


@router.post("/api/render/proxy/lambda/{render_id}/cancel")
async def cancel(
    render_id: str, request: Request, user_id: UserId, store: StoreDep, config: Config
) -> dict[str, Any]:
    """Cancel a pending or running job; a finished one is left as it is."""
    row = await _job(store, user_id, render_id)
    if row["status"] in ("pending", "processing"):
        await asyncio.to_thread(request.app.state.jobs.cancel, user_id, render_id)
        row = await _job(store, user_id, render_id)
    return job_view(row, config.render_shape, base_url(request))


def _output_path(config: ServerConfig, store: Store, row: Row) -> Any:
    key = media_key(row["output_key"] or "")
    media = store.get_media(key) if key else None
    path = config.media_dir / media["relpath"] if media else None
    return path if path and path.is_file() else None


@router.get("/api/render/proxy/{render_id}/download")
async def download(render_id: str, user_id: UserId, store: StoreDep, config: Config) -> Any:
    """The finished file itself, with a safe file name."""
    row = await _job(store, user_id, render_id)
    if row["status"] != "completed":
        raise ServerError(DUPLICATE_ID, f"Render {render_id} is {row['status']}, not completed")
    path = await asyncio.to_thread(_output_path, config, store, row)
    if path is None:
        raise ServerError(RENDER_NOT_FOUND, "The rendered file is gone")
    return FileResponse(path, filename=safe_filename(path.name, default="render"))
