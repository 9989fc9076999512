"""Auth bootstrap (contract §2.1): ``NEMO_TOKEN``, else a cached token for this base URL,
else an anonymous token for the persisted client id.

- The client id lives in ``settings.id_file`` (a UUID, never a credential).
- Anonymous tokens are cached in ``<config_dir>/tokens.json`` (mode 0600), keyed by
  base URL: a local server's token is never sent to the cloud, nor the other way.
- Re-authentication (after 1001) asks again with the **same** client id; a 400 from the
  token call means the id was refused: a new one is made, saved, and tried once; a 429
  is waited out once.
- A user's own ``NEMO_TOKEN`` is never swapped for an anonymous one: a failing user
  token is an :class:`AuthError` for the caller to show.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr, ValidationError

from photogen.client.envelope import check, parse_answer
from photogen.client.errors import ApiError, AuthError, RateLimited
from photogen.client.settings import BAD_TOKEN_MESSAGE, ClientSettings, token_is_sendable
from photogen.client.transport import guard
from photogen.wire.auth import AnonymousToken
from photogen.wire.safety import remember_secret

log = logging.getLogger(__name__)

ANON_PATH = "/api/auth/anonymous-token"
Sleep = Callable[[float], Awaitable[None]]


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` atomically to a file only the user can read (0600, dir 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    os.chmod(path, 0o600)


class ClientIdStore:
    """The persisted client id: ``NEMO_CLIENT_ID``, else the file, else a new UUID."""

    def __init__(self, settings: ClientSettings) -> None:
        self._settings = settings
        self._id: str | None = settings.client_id

    def get(self) -> str:
        """The client id, created and saved on first use."""
        if self._id:
            return self._id
        try:
            text = self._settings.id_file.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        self._id = text if _is_uuidish(text) else self._save(str(uuid.uuid4()))
        return self._id

    def renew(self) -> str:
        """A fresh client id (the server refused the old one), saved to the file."""
        self._id = self._save(str(uuid.uuid4()))
        return self._id

    def _save(self, value: str) -> str:
        try:
            _write_private(self._settings.id_file, value + "\n")
        except OSError as exc:  # still usable for this run
            log.warning("could not save the client id: %s", exc.strerror)
        return value


def _is_uuidish(text: str) -> bool:
    return 8 <= len(text) <= 64 and all(c.isalnum() or c == "-" for c in text)


class TokenCache:
    """Anonymous tokens per base URL in a mode-0600 JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, base_url: str) -> tuple[SecretStr, str | None] | None:
        """The cached (token, user_id) for ``base_url``, unless missing or expired."""
        entry = self._read().get(base_url)
        if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
            return None
        if _expired(entry.get("expires_at")):
            return None
        user_id = entry.get("user_id")
        return SecretStr(entry["token"]), user_id if isinstance(user_id, str) else None

    def save(self, base_url: str, token: AnonymousToken) -> None:
        """Remember ``token`` for ``base_url``."""
        data = self._read()
        data[base_url] = {
            "token": token.token,
            "user_id": token.user_id,
            "expires_at": token.expires_at,
        }
        self._write(data)

    def forget(self, base_url: str) -> None:
        """Drop the token for ``base_url``."""
        data = self._read()
        if data.pop(base_url, None) is not None:
            self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        try:
            _write_private(self.path, json.dumps(data, indent=1))
        except OSError as exc:
            log.warning("could not write the token cache: %s", exc.strerror)


def _expired(value: Any) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment <= datetime.now(UTC)


class Authenticator:
    """Holds the bearer token and gets a new one when needed."""

    def __init__(
        self,
        settings: ClientSettings,
        http: httpx.AsyncClient,
        headers: Mapping[str, str],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._settings = settings
        self._http = http
        self._headers = dict(headers)
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self.ids = ClientIdStore(settings)
        self.cache = TokenCache(settings.config_dir / "tokens.json")
        self.token: SecretStr | None = settings.token
        """The bearer token now in use."""
        self.user_id: str | None = None
        """The (anonymous) user id, when the server said."""
        self.explicit = settings.token is not None
        """The token is the user's own (``NEMO_TOKEN``): never replaced."""

    def bearer(self) -> dict[str, str]:
        """The Authorization header, or nothing before the first token.

        A token sent is redacted from every server text from then on (contract §5c).
        """
        if self.token is None:
            return {}
        value = self.token.get_secret_value()
        remember_secret(value)
        return {"Authorization": f"Bearer {value}"}

    async def ensure(self) -> None:
        """Have a token: the user's, a cached one, or a new anonymous one."""
        async with self._lock:
            if self.token is not None:
                if self.explicit and not token_is_sendable(self.token.get_secret_value()):
                    raise AuthError(BAD_TOKEN_MESSAGE)  # never put it in a header
                return
            if self._settings.cache_token:
                cached = self.cache.load(self._settings.base_url)
                if cached is not None:
                    self.token, self.user_id = cached
                    return
            await self._anonymous()

    async def reauth(self, failed: SecretStr | None) -> None:
        """Replace a refused token with a new anonymous one (same client id).

        Raises:
            AuthError: the token is the user's own, so it is not replaced.
        """
        async with self._lock:
            if self.explicit:
                raise AuthError("Your NEMO_TOKEN was refused: it is invalid or expired.", code=1001)
            if (
                self.token is not None
                and failed is not None
                and (self.token.get_secret_value() != failed.get_secret_value())
            ):
                return  # another call already refreshed it
            self.cache.forget(self._settings.base_url)
            self.token = None
            await self._anonymous()

    async def _anonymous(self) -> None:
        new_id_tried = waited = False
        while True:
            try:
                token = await self._request_token(self.ids.get())
                break
            except RateLimited as exc:
                if waited:
                    raise
                waited = True
                await self._sleep(exc.retry_after)
            except ApiError as exc:
                if new_id_tried or 400 not in (exc.status, exc.code):
                    raise
                new_id_tried = True
                self.ids.renew()
        self.token, self.user_id = SecretStr(token.token), token.user_id
        if self._settings.cache_token:
            self.cache.save(self._settings.base_url, token)

    async def _request_token(self, client_id: str) -> AnonymousToken:
        headers = {**self._headers, "X-Client-Id": client_id}
        with guard(ANON_PATH):
            response = await self._http.post(ANON_PATH, headers=headers)
        payload = check(
            response.status_code,
            parse_answer(response.status_code, response.content, ANON_PATH),
            ANON_PATH,
            response=response,
            wait_default=self._settings.rate_limit_wait_s,
            cap=self._settings.max_retry_after_s,
        )
        try:
            return AnonymousToken.model_validate(payload)
        except ValidationError:
            raise ApiError(
                "The token service sent no token.", status=response.status_code, endpoint=ANON_PATH
            ) from None
