"""Auth and session payloads (api-contract §2)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class AnonymousToken(BaseModel):
    """``data`` of ``POST /api/auth/anonymous-token``."""

    model_config = ConfigDict(extra="allow")

    token: str
    """Bearer token, ``nmv_usr_…``. Never shown or logged."""
    user_id: str | None = None
    """Anonymous user id (``anon_…``); only in older sources."""
    credits: int | None = None
    """Credits granted with the token (100)."""
    expires_at: str | None = None
    """ISO-8601 expiry (7 days)."""

    def __repr__(self) -> str:
        return f"AnonymousToken(user_id={self.user_id!r}, credits={self.credits!r}, token=***)"

    __str__ = __repr__


class CreateSessionRequest(BaseModel):
    """Body of ``POST /api/tasks/me/with-session/nemo_agent``."""

    model_config = ConfigDict(extra="allow")

    task_name: str = "project"
    """Task (project) name."""
    language: str = "en"
    """User language code; optional on the wire."""


class SessionCreated(BaseModel):
    """``data`` of the session-creation call."""

    model_config = ConfigDict(extra="allow")

    session_id: str
    """Opaque session id (often a long numeric string)."""
    task_id: str | None = None
    """Task id, kept with the session."""
    user_id: str | None = None
    """User id; only in older sources."""


class ClaimToken(BaseModel):
    """``data`` of ``POST /api/auth/claim-token``."""

    model_config = ConfigDict(extra="allow")

    claim_token: str
    """Browser claim token ``clm_…``; cannot call any API."""
    expires_in: int | None = None
    """Seconds until the claim token expires."""


class CreditsBalance(BaseModel):
    """``data`` of ``GET /api/credits/balance/simple``."""

    model_config = ConfigDict(extra="allow")

    available: int = 0
    """Credits that can be spent now."""
    frozen: int = 0
    """Credits held for work still running."""
    total: int = 0
    """``available + frozen``."""
