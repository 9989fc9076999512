"""FastAPI dependencies shared by the routers: config, store, the caller, their session."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import Depends, Request

from photogen.server.config import ServerConfig
from photogen.server.errors import not_found, token_invalid
from photogen.server.store import Row, Store


def get_config(request: Request) -> ServerConfig:
    """The server's config."""
    return request.app.state.config  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The server's store."""
    return request.app.state.store  # type: ignore[no-any-return]


def bearer(request: Request) -> str | None:
    """The Bearer token of the request, or None."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


async def current_user(request: Request) -> str:
    """The user id behind the Bearer token; 1001 when missing, unknown or expired."""
    token = bearer(request)
    if not token:
        raise token_invalid()
    config = get_config(request)
    user = await asyncio.to_thread(
        get_store(request).use_token, token, time.time(), config.expire_tokens_after
    )
    if user is None:
        raise token_invalid()
    return user


UserId = Annotated[str, Depends(current_user)]
Config = Annotated[ServerConfig, Depends(get_config)]
StoreDep = Annotated[Store, Depends(get_store)]


async def owned_session(store: Store, user_id: str, session_id: str) -> Row:
    """The session if this user owns it; 1002 otherwise (never says whose it is)."""
    row = await asyncio.to_thread(store.get_session, user_id, session_id)
    if row is None:
        raise not_found()
    return row


def base_url(request: Request) -> str:
    """``http://host:port`` the client used, without a trailing slash."""
    return str(request.base_url).rstrip("/")


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
