"""Client settings: where the API is, who we are, and every interval of contract §5.

Environment variables (read by :meth:`ClientSettings.from_env`): ``NEMO_API_URL``,
``NEMO_WEB_URL``, ``NEMO_TOKEN``, ``NEMO_CLIENT_ID``.

The client-id file: the contract's skill keeps it at ``~/.config/nemovideo/client_id``.
photogen-tui keeps its own at ``<config_dir>/client_id`` by default, so it never
shares a rate-limited anonymous identity with other tools; set ``client_id_file`` to
the skill's path to share it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir
from pydantic import BaseModel, Field, SecretStr, model_validator

from photogen.client.errors import AuthError
from photogen.wire.intervals import Intervals

_ENV = {
    "NEMO_API_URL": "base_url",
    "NEMO_WEB_URL": "web_url",
    "NEMO_TOKEN": "token",
    "NEMO_CLIENT_ID": "client_id",
}


BAD_TOKEN_MESSAGE = (
    "NEMO_TOKEN contains control characters (e.g. a line break); "
    "set it to the token alone, on one line."
)
"""Why a token is refused locally; never quotes the token."""


def token_is_sendable(token: str) -> bool:
    """The token can go in an HTTP header: no control characters, no spaces."""
    return bool(token) and all(c.isprintable() and not c.isspace() for c in token)


_CONTRACT = Intervals()


def _default_config_dir() -> Path:
    return Path(user_config_dir("photogen-tui"))


class ClientSettings(BaseModel):
    """Everything the client needs to know; every interval has the contract's default."""

    base_url: str = "https://mega-api-prod.nemovideo.ai"
    """API root (``NEMO_API_URL``); a loopback URL reaches the offline server."""
    web_url: str = "https://nemovideo.com"
    """Web root for browser links (``NEMO_WEB_URL``)."""
    token: SecretStr | None = None
    """A user token (``NEMO_TOKEN``); never printed or logged."""
    client_id: str | None = None
    """Client id for anonymous tokens (``NEMO_CLIENT_ID``); else read from the file."""
    config_dir: Path = Field(default_factory=_default_config_dir)
    """Where the client-id file and the token cache live."""
    client_id_file: Path | None = None
    """The client-id file; ``<config_dir>/client_id`` when unset."""
    cache_token: bool = True
    """Keep anonymous tokens in ``<config_dir>/tokens.json`` (mode 0600), per base_url."""
    request_timeout_s: float = 30.0
    """Connect/read timeout of one REST call."""
    render_poll_s: float = _CONTRACT.render_poll_s
    """Seconds between render polls."""
    render_max_polls: int = _CONTRACT.render_max_polls
    """Render polls before giving up."""
    recovery_first_wait_s: float = _CONTRACT.recovery_first_wait_s
    """After a dropped stream: wait before the first state query."""
    recovery_wait_s: float = _CONTRACT.recovery_wait_s
    """After a dropped stream: wait between later state queries."""
    recovery_max_unchanged: int = _CONTRACT.recovery_max_unchanged
    """After a dropped stream: unchanged state queries before reporting failure."""
    still_working_s: float = _CONTRACT.still_working_s
    """Say "still working" this often while a turn runs."""
    heartbeat_timeout_s: float = _CONTRACT.heartbeat_timeout_s
    """A stream with only heartbeats (or silence) this long is a timeout."""
    stream_hard_limit_s: float = 900.0
    """Hard limit of one streamed turn."""
    rate_limit_wait_s: float = 30.0
    """Wait after a 429 without Retry-After, before the one retry."""
    max_retry_after_s: float = 300.0
    """Upper bound on a server's Retry-After (every wait has a bound)."""
    streaming: bool = False
    """Ask ``/run_sse`` for partial text events."""
    language: str = "en"
    """Language code sent when creating a session."""

    @model_validator(mode="after")
    def _derive(self) -> ClientSettings:
        base = self.base_url.rstrip("/")
        if base != self.base_url:
            self.base_url = base
        if self.client_id_file is None:
            self.client_id_file = self.config_dir / "client_id"
        return self

    @property
    def id_file(self) -> Path:
        """The client-id file (always set after validation)."""
        return self.client_id_file or self.config_dir / "client_id"

    @classmethod
    def from_env(cls, **overrides: Any) -> ClientSettings:
        """Settings from ``NEMO_*`` environment variables; ``overrides`` win.

        Empty environment values count as unset; values are stripped of surrounding
        whitespace (a trailing newline from ``$(cat token-file)`` is common).

        Raises:
            AuthError: ``NEMO_TOKEN`` has control characters inside it (the message
                never quotes the token).
        """
        values: dict[str, Any] = {}
        for var, field in _ENV.items():
            value = os.environ.get(var, "").strip()
            if value:
                values[field] = value
        token = values.get("token")
        if isinstance(token, str) and not token_is_sendable(token):
            raise AuthError(BAD_TOKEN_MESSAGE)
        values.update(overrides)
        return cls(**values)
