"""Render (export) routes, api-contract §3.5–§3.7.

Submit answers ``{"code":0,"message":"success","id","status","progress"}``;
polls answer shape B by default (``{"success":true,"data":{id,status,progress,outputUrl,
createdAt,completedAt}}``, what the service most likely sends, contract §5c), or with
``render_shape`` shape A (``id/status/progress/output{url,duration,size}``) or shape C
(the v0 ``render_id/status/output{url}`` in an envelope's ``data``). Export costs no
credits. Without the three ``X-Skill-*`` attribution headers the server answers HTTP 402,
as the service does.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from pydantic import ValidationError

from photogen.server.deps import Config, RendersDep, StoreDep, UserId, base_url, owned_session
from photogen.server.errors import BadRequest, ExportBlocked
from photogen.server.store import Row
from photogen.wire.render import RenderRequest
from photogen.wire.safety import safe_filename

router = APIRouter()
_ATTRIBUTION = ("x-skill-source", "x-skill-version", "x-skill-platform")
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")


def _require_attribution(request: Request) -> None:
    if not all(request.headers.get(h, "").strip() for h in _ATTRIBUTION):
        raise ExportBlocked(
            "Export blocked: send the X-Skill-Source, X-Skill-Version and X-Skill-Platform headers",
        )


async def _parse(request: Request) -> RenderRequest:
    try:
        body = RenderRequest.model_validate(await request.json())
    except (ValueError, ValidationError) as exc:
        raise BadRequest("Render body needs id, sessionId and draft") from exc
    if not _ID.match(body.id):
        raise BadRequest("Render id must be 1-128 letters, digits, '_', '-' or '.'")
    return body


def job_view(row: Row, shape: str, base: str) -> dict[str, Any]:
    """A job as the poll response of ``shape`` A, B or C."""
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
    if shape == "C":
        output = {"url": url, "duration": row["duration"], "size": row["size"]} if url else {}
        data = {"render_id": row["render_id"], "status": row["status"], "output": output}
        data.update(progress=row["progress"], error=row["error"])
        return {"code": 0, "message": "success", "data": data}
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
async def submit(
    request: Request, user_id: UserId, store: StoreDep, renders: RendersDep
) -> dict[str, Any]:
    """Create a render job and queue it."""
    _require_attribution(request)
    body = await _parse(request)
    await owned_session(store, user_id, body.session_id)
    await asyncio.to_thread(renders.submit, user_id, body)
    return {"code": 0, "message": "success", "id": body.id, "status": "pending", "progress": 0}


@router.get("/api/render/proxy/lambda/{render_id}")
async def poll(
    render_id: str, request: Request, user_id: UserId, renders: RendersDep, config: Config
) -> dict[str, Any]:
    """The job's status and progress (0-100), with the output once completed."""
    row = await asyncio.to_thread(renders.get, user_id, render_id)
    return job_view(row, config.render_shape, base_url(request))


@router.post("/api/render/proxy/lambda/{render_id}/cancel")
async def cancel(
    render_id: str, request: Request, user_id: UserId, renders: RendersDep, config: Config
) -> dict[str, Any]:
    """Cancel a pending or running job; a finished one is left as it is."""
    row = await asyncio.to_thread(renders.cancel, user_id, render_id)
    return job_view(row, config.render_shape, base_url(request))


@router.get("/api/render/proxy/{render_id}/download")
async def download(render_id: str, user_id: UserId, renders: RendersDep) -> FileResponse:
    """The finished file itself, with a safe file name."""
    path = await asyncio.to_thread(renders.output_path, user_id, render_id)
    return FileResponse(path, filename=safe_filename(path.name, default="render"))
