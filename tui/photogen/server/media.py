"""Media files on disk: where a new file goes, and which file a media URL names.

Every stored file (upload, generated image, render output) gets a random
128-bit key; its URL is ``/media/<key>/<sanitised name>``. The key is the
capability: media URLs need no token (like a CDN link), and they cannot be
guessed. Everything that *lists* media (state, render polls) checks ownership.
State stores media URLs relative to the server; :func:`absolutize` makes them
absolute on the way out. The route that serves them is :mod:`photogen.server.routes.media`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from photogen.server.store import Row, Store
from photogen.wire.safety import safe_filename


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


def stored_file(store: Store, media_dir: Path, key: str, name: str) -> tuple[Row, Path] | None:
    """The record and file of ``/media/<key>/<name>``, if both exist (no owner check)."""
    row = store.get_media(key)
    path = media_dir / row["relpath"] if row else None
    if row is None or path is None or row["relpath"] != f"{key}/{name}" or not path.is_file():
        return None
    return row, path


def absolutize(value: Any, base: str) -> Any:
    """Copy of ``value`` with every ``/media/...`` string prefixed by ``base``.

    State and tool results store media URLs relative to the server, so they stay
    valid when the server comes back on another port.
    """
    if isinstance(value, str):
        return base + value if value.startswith("/media/") else value
    if isinstance(value, dict):
        return {k: absolutize(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [absolutize(v, base) for v in value]
    return value
