"""Auth and credits routes (api-contract §2.1, §2.3, §3.3).

Tokens belong to a user keyed by the client id, so a new token for the same
client id (after expiry) keeps the user's sessions and credits.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel

from photogen.server.deps import Config, StoreDep, UserId, owned_session
from photogen.server.errors import ServerError
from photogen.server.faults import retry_after
from photogen.wire.codes import WireCode
from photogen.wire.envelope import ok

router = APIRouter()
_DAY = 86400.0
_CLAIM_SECONDS = 7 * 86400


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/api/auth/anonymous-token")
async def anonymous_token(request: Request, config: Config, store: StoreDep) -> dict[str, Any]:
    """A token for ``X-Client-Id``: the same one while valid, else a new one (IP-limited)."""
    client_id = request.headers.get("x-client-id", "").strip()
    if not client_id or len(client_id) > 200:
        raise ServerError(WireCode.BAD_CLIENT_ID, "X-Client-Id required")
    now = time.time()
    row = await asyncio.to_thread(store.valid_token_for_client, client_id, now)
    if row is None:
        row = await _new_token(store, config, client_id, _client_ip(request), now)
    available, _ = await asyncio.to_thread(store.balance, row["user_id"])
    return ok(
        {
            "token": row["token"],
            "user_id": row["user_id"],
            "credits": available,
            "expires_at": _iso(row["expires"]),
        }
    )


async def _new_token(store: Any, config: Config, client_id: str, ip: str, now: float) -> Any:
    window = config.token_days * _DAY
    issued = await asyncio.to_thread(store.tokens_from_ip_since, ip, now - window)
    if issued >= config.tokens_per_ip:
        raise ServerError(
            WireCode.RATE_LIMITED,
            f"Too many tokens from this address (limit {config.tokens_per_ip} per "
            f"{config.token_days:g} days)",
            headers={"Retry-After": retry_after(config)},
        )
    return await asyncio.to_thread(
        store.issue_token, client_id, ip, now, now + window, config.anonymous_credits
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
    return ok({"claim_token": claim, "expires_in": _CLAIM_SECONDS})


@router.get("/api/credits/balance/simple")
async def credits_balance(user_id: UserId, store: StoreDep) -> dict[str, Any]:
    """``available``, ``frozen`` (held by running turns) and their ``total``."""
    available, frozen = await asyncio.to_thread(store.balance, user_id)
    return ok({"available": available, "frozen": frozen, "total": available + frozen})
