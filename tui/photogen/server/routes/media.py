"""``GET /media/{key}/{name}``: a stored file by its capability URL.

Why the URL needs no token: :mod:`photogen.server.media`.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import FileResponse

from photogen.server.deps import Config, StoreDep
from photogen.server.errors import NotFound
from photogen.server.media import stored_file

router = APIRouter()


@router.get("/media/{key}/{name}")
async def get_media(key: str, name: str, store: StoreDep, config: Config) -> FileResponse:
    """Serve a stored file by its key; 404 for anything else."""
    found = await asyncio.to_thread(stored_file, store, config.media_dir, key, name)
    if found is None:
        raise NotFound("Media not found", status=404)
    row, path = found
    return FileResponse(path, filename=row["filename"], content_disposition_type="inline")
