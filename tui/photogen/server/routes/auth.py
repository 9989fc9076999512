"""Auth and credits routes (api-contract §2.1, §2.3, §3.3); the rules are in
:mod:`photogen.server.accounts`."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from photogen.server.accounts import token_for_client
from photogen.server.deps import Config, StoreDep, UserId, owned_session
from photogen.server.errors import BadClientId
from photogen.wire.envelope import ok

router = APIRouter()
CLAIM_SECONDS = 7 * 86400
"""Lifetime the claim-token answer announces."""


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@router.post("/api/auth/anonymous-token")
async def anonymous_token(request: Request, config: Config, store: StoreDep) -> dict[str, Any]:
    """A token for ``X-Client-Id``: the same one while valid, else a new one (IP-limited)."""
    client_id = request.headers.get("x-client-id", "").strip()
    if not client_id or len(client_id) > 200:
        raise BadClientId()
    ip = request.client.host if request.client else "unknown"
    row = await asyncio.to_thread(token_for_client, store, config, client_id, ip, time.time())
    available, _ = await asyncio.to_thread(store.balance, row["user_id"])
    return ok(
        {
            "token": row["token"],
            "user_id": row["user_id"],
            "credits": available,
            "expires_at": _iso(row["expires"]),
        }
    )


class ClaimBody(BaseModel):
    """Body of the claim-token call."""

    task_id: str | None = None
    """The task (informational)."""
    session_id: str
    """The session to claim."""


@router.post("/api/auth/claim-token")
async def claim_token(body: ClaimBody, user_id: UserId, store: StoreDep) -> dict[str, Any]:
    """A reusable browser claim token for one of the caller's sessions."""
    await owned_session(store, user_id, body.session_id)
    claim = await asyncio.to_thread(store.claim_token, body.session_id)
    return ok({"claim_token": claim, "expires_in": CLAIM_SECONDS})


@router.get("/api/credits/balance/simple")
async def credits_balance(user_id: UserId, store: StoreDep) -> dict[str, Any]:
    """``available``, ``frozen`` (held by running turns) and their ``total``."""
    available, frozen = await asyncio.to_thread(store.balance, user_id)
    return ok({"available": available, "frozen": frozen, "total": available + frozen})
