"""Media files on disk and the ``GET /media/{key}/{name}`` route.

Every stored file (upload, generated image, render output) gets a random
128-bit key; its URL is ``/media/<key>/<sanitised name>``. The key is the
capability: media URLs need no token (like a CDN link), and they cannot be
guessed. Everything that *lists* media (state, render polls) checks ownership.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from fastapi import APIRouter
from fastapi.responses import FileResponse

from photogen.server.deps import Config, StoreDep
from photogen.server.errors import ServerError
from photogen.server.store import Row, Store
from photogen.wire.safety import safe_filename

router = APIRouter()


@dataclass(frozen=True)
class MediaSlot:
    """Where a new file goes: its key, absolute path, path under the media dir and URL."""

    key: str
    path: Path
    relpath: str
    url: str


def new_slot(media_dir: Path, filename: str) -> MediaSlot:
    """A fresh key and directory for a file named (after sanitising) ``filename``."""
    key = secrets.token_urlsafe(16)
    name = safe_filename(filename)
    relpath = f"{key}/{name}"
    path = media_dir / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    return MediaSlot(key=key, path=path, relpath=relpath, url=f"/media/{relpath}")


def media_key(url: str) -> str | None:
    """The key of a ``/media/<key>/<name>`` URL (absolute or relative), else None."""
    parts = unquote(urlsplit(url).path).split("/")
    if len(parts) >= 4 and parts[1] == "media" and parts[2]:
        return parts[2]
    return None


def resolve_media(store: Store, media_dir: Path, url: str, user_id: str) -> tuple[Row, Path] | None:
    """The record and file behind a media URL, if ``user_id`` owns it and it exists."""
    key = media_key(url)
    row = store.get_media(key) if key else None
    if row is None or row["user_id"] != user_id:
        return None
    path = media_dir / row["relpath"]
    return (row, path) if path.is_file() else None


@router.get("/media/{key}/{name}")
async def get_media(key: str, name: str, store: StoreDep, config: Config) -> FileResponse:
    """Serve a stored file by its key; 404 for anything else."""
    row = await asyncio.to_thread(store.get_media, key)
    path = config.media_dir / row["relpath"] if row else None
    if row is None or row["relpath"] != f"{key}/{name}" or not path or not path.is_file():
        raise ServerError(404, "Media not found", status=404)
    return FileResponse(path, filename=row["filename"], content_disposition_type="inline")
