"""Anonymous tokens and the users behind them (api-contract §2.1).

Tokens belong to a user keyed by the client id, so a new token for the same
client id (after expiry) keeps the user's sessions and credits. New tokens are
limited per IP: ``tokens_per_ip`` per ``token_days``. Blocking (SQLite): call
from a worker thread.
"""

from __future__ import annotations

from photogen.server.config import ServerConfig
from photogen.server.errors import RateLimited, TokenInvalid
from photogen.server.faults import retry_after
from photogen.server.store import Row, Store

DAY_S = 86400.0


def token_for_client(
    store: Store, config: ServerConfig, client_id: str, ip: str, now: float
) -> Row:
    """The client's valid token, else a new one; :class:`RateLimited` past the IP limit."""
    row = store.valid_token_for_client(client_id, now)
    if row is not None:
        return row
    window = config.token_days * DAY_S
    if store.tokens_from_ip_since(ip, now - window) >= config.tokens_per_ip:
        raise RateLimited(
            f"Too many tokens from this address (limit {config.tokens_per_ip} per "
            f"{config.token_days:g} days)",
            headers={"Retry-After": retry_after(config)},
        )
    return store.issue_token(client_id, ip, now, now + window, config.anonymous_credits)


def user_of(store: Store, config: ServerConfig, token: str | None, now: float) -> str:
    """The user id behind a Bearer token; :class:`TokenInvalid` when missing, unknown or expired."""
    user = store.use_token(token, now, config.expire_tokens_after) if token else None
    if user is None:
        raise TokenInvalid()
    return user
