"""``POST /api/upload-video/nemo_agent/me/{session_id}`` (api-contract §3.2).

Multipart ``files`` or JSON ``{"urls": [...]}``; the streaming, checks and
clean-up are in :mod:`photogen.server.uploads`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from photogen.server import uploads
from photogen.server.config import ServerConfig
from photogen.server.deps import Config, StoreDep, UserId, base_url, owned_session
from photogen.server.errors import BadRequest
from photogen.server.media import absolutize
from photogen.wire.envelope import ok

router = APIRouter()


@router.post("/api/upload-video/nemo_agent/me/{session_id}")
async def upload(
    session_id: str, request: Request, user_id: UserId, store: StoreDep, config: Config
) -> dict[str, Any]:
    """Store the files (multipart ``files``) or loopback URLs, add them to ``video_infos``."""
    await owned_session(store, user_id, session_id)
    ctype = request.headers.get("content-type", "")
    if ctype.lower().startswith("multipart/form-data"):
        saved = await uploads.receive_multipart(ctype, request.stream(), config)
    elif ctype.lower().startswith("application/json"):
        saved = await uploads.receive_urls(request.stream(), config, _own_ports(request, config))
    else:
        raise BadRequest("Send multipart/form-data with a 'files' field, or JSON {\"urls\": [...]}")
    items = await asyncio.to_thread(uploads.register, store, user_id, session_id, saved)
    return ok({"files": absolutize(items, base_url(request)), "session_state_applied": True})


def _own_ports(request: Request, config: ServerConfig) -> frozenset[int]:
    """The ports this server answers on: the configured one and the request's socket."""
    server = request.scope.get("server") or (None, None)
    return frozenset(p for p in (config.port, server[1]) if isinstance(p, int) and p > 0)
