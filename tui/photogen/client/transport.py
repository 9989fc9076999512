"""One REST call: attribution headers, bearer token, envelope rule, and the retry policy.

Retry policy (contract §1.5, §5), per call:

- an auth failure (1001/1010/1011/401) -> new token with the same client id, retry once;
- 429 -> wait ``Retry-After`` (or ``rate_limit_wait_s``), retry once;
- nothing else is retried here. A stream is retried only for refusals before it starts
  (no work was accepted); once it is open, nothing is ever re-sent.

httpx exceptions are turned into :class:`TransportError` by :func:`guard`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

import photogen
from photogen.client.envelope import check, parse_answer
from photogen.client.errors import (
    ApiError,
    AuthError,
    OutOfCredits,
    RateLimited,
    TransportError,
)
from photogen.client.settings import ClientSettings
from photogen.wire.safety import strip_control

if TYPE_CHECKING:
    from photogen.client.auth import Authenticator

log = logging.getLogger(__name__)
T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


def attribution_headers() -> dict[str, str]:
    """The three ``X-Skill-*`` headers sent on every call (contract §1.2)."""
    return {
        "X-Skill-Source": "photogen-tui",
        "X-Skill-Version": photogen.__version__,
        "X-Skill-Platform": "terminal",
    }


@contextmanager
def guard(endpoint: str) -> Iterator[None]:
    """Turn httpx exceptions into :class:`TransportError` (they never leave the client)."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise TransportError(f"The server did not answer in time ({endpoint}).") from exc
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        raise TransportError(f"Could not reach the server ({endpoint}): {_detail(exc)}") from exc


def _detail(exc: Exception) -> str:
    """What went wrong, safe to show: the OS text of a network error, else the class name.

    The text of any other httpx error (e.g. ``LocalProtocolError: Illegal header value
    b'Bearer …'``) can quote a request header, the token included, so it is never used.
    """
    name = type(exc).__name__
    if isinstance(exc, httpx.NetworkError):
        cause: BaseException | None = exc
        for _ in range(5):  # httpx wraps httpcore, which wraps the OSError
            cause = (cause.__cause__ or cause.__context__) if cause is not None else None
            if isinstance(cause, OSError) and cause.strerror:
                return f"{name}: {strip_control(cause.strerror)[:200]}"
    return name


class Transport:
    """Sends requests for :class:`~photogen.client.api.NemoClient`."""

    def __init__(
        self,
        settings: ClientSettings,
        http: httpx.AsyncClient,
        auth: Authenticator,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.http = http
        self.auth = auth
        self.sleep = sleep
        self.bind_url: Callable[[], str | None] = lambda: None
        """Registration link for :class:`OutOfCredits` when the body gave none."""

    def headers(self, authed: bool, extra: dict[str, str] | None = None) -> dict[str, str]:
        """Attribution headers, the bearer token when ``authed``, then ``extra``."""
        return {**attribution_headers(), **(self.auth.bearer() if authed else {}), **(extra or {})}

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        content: Callable[[], Any] | None = None,
        headers: dict[str, str] | None = None,
        authed: bool = True,
    ) -> Any:
        """One REST call with the retry policy; returns the envelope's payload.

        Args:
            method: HTTP method.
            path: Path below the base URL.
            json: JSON body.
            content: Makes a fresh request body (e.g. a streaming multipart generator) per try.
            headers: Extra headers.
            authed: Send the bearer token (all calls but the anonymous-token one).
        """

        async def attempt() -> Any:
            body = content() if content is not None else None
            with guard(path):
                response = await self.http.request(
                    method, path, json=json, content=body, headers=self.headers(authed, headers)
                )
            log.debug("%s %s -> %s", method, path, response.status_code)
            return self.check(response, path, response.content)

        return await self.retrying(attempt, authed)

    def check(self, response: httpx.Response, endpoint: str, content: bytes) -> Any:
        """The envelope rule for a read response."""
        return check(
            response.status_code,
            parse_answer(response.status_code, content, endpoint),
            endpoint,
            response=response,
            wait_default=self.settings.rate_limit_wait_s,
            cap=self.settings.max_retry_after_s,
        )

    async def retrying(self, attempt: Callable[[], Awaitable[T]], authed: bool = True) -> T:
        """Run ``attempt``; re-auth once on an auth failure, wait and retry once on 429."""
        reauthed = waited = False
        while True:
            if authed:
                await self.auth.ensure()
            used = self.auth.token
            try:
                return await attempt()
            except OutOfCredits as exc:
                exc.bind_url = exc.bind_url or self.bind_url()
                raise
            except AuthError:
                if not authed or reauthed or self.auth.explicit:  # a user token stays
                    raise
                reauthed = True
                await self.auth.reauth(used)
            except RateLimited as exc:
                if waited:
                    raise
                waited = True
                log.info("rate limited; retrying once in %.1f s", exc.retry_after)
                await self.sleep(exc.retry_after)

    @asynccontextmanager
    async def stream(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> AsyncIterator[httpx.Response]:
        """Open a streamed response, checked before any byte of it is read as a stream.

        A JSON body (any status) or a non-2xx status goes through the envelope rule,
        so a refusal raises its :class:`ApiError` subclass (and is retried as
        :meth:`retrying` says: the server accepted no work).
        """

        async def attempt() -> httpx.Response:
            request = self.http.build_request(
                method, path, json=json, headers=self.headers(True, headers), timeout=timeout
            )
            with guard(path):
                response = await self.http.send(request, stream=True)
            return await self._checked_stream(response, path)

        response = await self.retrying(attempt)
        try:
            yield response
        finally:
            await response.aclose()

    async def _checked_stream(self, response: httpx.Response, path: str) -> httpx.Response:
        ctype = response.headers.get("content-type", "").lower()
        if response.is_success and "text/event-stream" in ctype:
            return response
        try:
            with guard(path):
                content = await response.aread()
        finally:
            await response.aclose()
        self.check(response, path, content)
        raise ApiError(
            "The server answered without an event stream.",
            status=response.status_code,
            endpoint=path,
        )
