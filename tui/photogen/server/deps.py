"""FastAPI dependencies shared by the routes: config, services, the caller, their session."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import Depends, Request

from photogen.server.accounts import user_of
from photogen.server.config import ServerConfig
from photogen.server.errors import SessionNotFound
from photogen.server.renders import RenderJobs
from photogen.server.services import Services
from photogen.server.store import Row, Store
from photogen.server.turns import Turns


def get_config(request: Request) -> ServerConfig:
    """The server's config."""
    return request.app.state.config  # type: ignore[no-any-return]


def get_services(request: Request) -> Services:
    """The services the lifespan opened."""
    return request.app.state.services  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The server's store."""
    return get_services(request).store


def get_renders(request: Request) -> RenderJobs:
    """The render jobs."""
    return get_services(request).renders


def get_turns(request: Request) -> Turns:
    """The running chat turns."""
    return get_services(request).turns


def bearer(request: Request) -> str | None:
    """The Bearer token of the request, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def current_user(request: Request) -> str:
    """The user id behind the Bearer token; 1001 when missing, unknown or expired."""
    store, config = get_store(request), get_config(request)
    return await asyncio.to_thread(user_of, store, config, bearer(request), time.time())


UserId = Annotated[str, Depends(current_user)]
Config = Annotated[ServerConfig, Depends(get_config)]
StoreDep = Annotated[Store, Depends(get_store)]
RendersDep = Annotated[RenderJobs, Depends(get_renders)]
TurnsDep = Annotated[Turns, Depends(get_turns)]


async def owned_session(store: Store, user_id: str, session_id: str) -> Row:
    """The session if this user owns it; 1002 otherwise (never says whose it is)."""
    row = await asyncio.to_thread(store.get_session, user_id, session_id)
    if row is None:
        raise SessionNotFound()
    return row


def base_url(request: Request) -> str:
    """``http://host:port`` the client used, without a trailing slash."""
    return str(request.base_url).rstrip("/")
