"""``NemoClient``: one async method per endpoint of the contract (§2–§3).

Usage::

    async with NemoClient(ClientSettings.from_env()) as client:
        session = await client.create_session()
        async for item in client.run_sse(session.session_id, "a red mug on white"):
            ...

Every call sends the attribution headers; all but the anonymous-token call send the
bearer token (fetched on first use). Errors are the tree of :mod:`photogen.client.errors`.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from photogen.client import downloads, rendering, uploads
from photogen.client.auth import Authenticator
from photogen.client.errors import ApiError, AuthError, TransportError
from photogen.client.settings import ClientSettings
from photogen.client.stream import StreamItem
from photogen.client.transport import Transport, attribution_headers
from photogen.client.turn import run_turn
from photogen.wire.auth import ClaimToken, CreditsBalance, SessionCreated
from photogen.wire.render import RenderStatus
from photogen.wire.safety import is_loopback
from photogen.wire.state import SessionState
from photogen.wire.upload import UploadResult

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[None]]
Progress = Callable[[int, int], None]


def _sid(session_id: str) -> str:
    return quote(session_id, safe="")


class NemoClient:
    """Async client of the NemoVideo agent API (and of the offline server)."""

    def __init__(
        self,
        settings: ClientSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create a client; nothing is sent until the first call.

        Args:
            settings: Where and how to connect.
            transport: An httpx transport (tests pass ``httpx.MockTransport``).
            sleep: Coroutine used for every wait (rate limit, render polls).
            clock: Monotonic clock used by the stream watchdogs.
        """
        self.settings = settings
        self._clock = clock
        self._http = httpx.AsyncClient(
            base_url=settings.base_url,
            transport=transport,
            follow_redirects=True,
            timeout=httpx.Timeout(settings.request_timeout_s),
            # Proxy variables (HTTP_PROXY …) are for the cloud: a call to the embedded
            # server on this machine must never go to a proxy, bearer token and all.
            trust_env=not is_loopback(settings.base_url),
        )
        self._auth = Authenticator(settings, self._http, attribution_headers(), sleep)
        self._transport = Transport(settings, self._http, self._auth, sleep)
        self._transport.bind_url = self._bind_url
        self._sleep = sleep
        self.task_id: str | None = None
        """Task id of the last session created."""
        self.user_id: str | None = None
        """User id, when the token or session call said (the registration bind id)."""

    async def __aenter__(self) -> NemoClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    def move_to(self, base_url: str) -> None:
        """Send every later call to ``base_url`` (the embedded server came back on another
        port); the token held now is kept."""
        self.settings = self.settings.model_copy(update={"base_url": base_url})
        self._http.base_url = httpx.URL(base_url)
        self._transport.settings = self.settings

    def __repr__(self) -> str:
        return f"NemoClient(base_url={self.settings.base_url!r}, has_token={self.has_token})"

    # --- auth and sessions -------------------------------------------------------------

    async def ensure_token(self) -> None:
        """Have a token: ``NEMO_TOKEN``, a cached one for this base URL, or a new anonymous one."""
        await self._auth.ensure()

    @property
    def has_token(self) -> bool:
        """A token is held now."""
        return self._auth.token is not None

    async def create_session(
        self, task_name: str = "project", language: str | None = None
    ) -> SessionCreated:
        """Create a task and its agent session (§2.2)."""
        body = {"task_name": task_name, "language": language or self.settings.language}
        path = "/api/tasks/me/with-session/nemo_agent"
        created = _model(SessionCreated, await self._transport.call("POST", path, json=body), path)
        self.task_id = created.task_id
        self.user_id = created.user_id or self.user_id
        return created

    async def claim_link(self, task_id: str, session_id: str) -> str | None:
        """Browser link ``$web_url/workspace/claim?ct=<claim>`` (§2.3); None if refused.

        Never puts a token in a URL: the claim token cannot call any API.
        """
        path = "/api/auth/claim-token"
        try:
            payload = await self._transport.call(
                "POST", path, json={"task_id": task_id, "session_id": session_id}
            )
            claim = _model(ClaimToken, payload, path).claim_token
        except ApiError as exc:
            if isinstance(exc, AuthError):
                raise
            log.info("no claim link: %s", exc.message)
            return None
        return f"{self.settings.web_url.rstrip('/')}/workspace/claim?ct={quote(claim, safe='')}"

    def register_url(self, bind_id: str) -> str:
        """Registration link for an anonymous user out of credits (``?bind=<id>``)."""
        return f"{self.settings.web_url.rstrip('/')}/register?bind={quote(bind_id, safe='')}"

    def _bind_url(self) -> str | None:
        if self.settings.token is not None:
            return None  # a registered user tops up; registering is for anonymous users
        bind_id = self.user_id or self._auth.user_id or self.task_id
        return self.register_url(bind_id) if bind_id else None

    # --- the session's work --------------------------------------------------------------

    def run_sse(
        self, session_id: str, text: str, selected: str | None = None
    ) -> AsyncGenerator[StreamItem, None]:
        """Send one message; yield the turn's typed items (see :mod:`photogen.client.turn`).

        ``selected`` (the URL of the photo selected in the app, what "this one" means) goes
        as ``state_delta.selected_media`` (§3.1); nothing is added when it is None.

        Never re-sent once the stream is open. To stop reading early, close the generator
        (``async with contextlib.aclosing(client.run_sse(...)) as items``) so the
        connection is released at once.

        Raises:
            ApiError: a refusal before the stream (e.g. SessionNotFound, OutOfCredits).
            StreamError: dropped connection, watchdog timeout, or a final error line.
        """
        return run_turn(
            self._transport,
            session_id,
            text,
            bind_url=self._bind_url,
            clock=self._clock,
            selected=selected,
        )

    async def stop_turn(self, session_id: str) -> int:
        """[OURS] Ask the embedded server (or ``serve``) to stop the session's running turn.

        The NemoVideo service has no such call: use it only against this project's server.

        Returns:
            How many turns the server stopped (0: none was running).
        """
        path = f"/api/run/nemo_agent/me/{_sid(session_id)}/cancel"
        payload = await self._transport.call("POST", path)
        return int(payload.get("stopped", 0)) if isinstance(payload, dict) else 0

    async def credits(self) -> CreditsBalance:
        """The credit balance (§3.3)."""
        path = "/api/credits/balance/simple"
        return _model(CreditsBalance, await self._transport.call("GET", path), path)

    async def state(self, session_id: str) -> SessionState:
        """The session's latest state (§3.4)."""
        path = f"/api/state/nemo_agent/me/{_sid(session_id)}/latest"
        return _model(SessionState, await self._transport.call("GET", path), path)

    async def upload_files(
        self, session_id: str, paths: Sequence[Path], progress: Progress | None = None
    ) -> UploadResult:
        """Upload local files in one request (§3.2): checked first, HEIC converted, streamed.

        Args:
            session_id: The session that gets the assets.
            paths: Files to upload; every one is checked before anything is sent.
            progress: Called with (bytes sent, total bytes of the request body).
        """
        path = f"/api/upload-video/nemo_agent/me/{_sid(session_id)}"
        with tempfile.TemporaryDirectory(prefix="photogen-upload-") as workdir:
            files = await uploads.prepare(list(paths), Path(workdir))

            boundary = uploads.MultipartBody(files).boundary

            def body() -> uploads.MultipartBody:  # a fresh generator for each try
                return uploads.MultipartBody(files, progress, boundary)

            payload = await self._transport.call(
                "POST", path, content=body, headers=body().headers()
            )
        return _model(UploadResult, payload, path)

    async def upload_urls(self, session_id: str, urls: Sequence[str]) -> UploadResult:
        """Ask the server to fetch remote files into the session (§3.2)."""
        path = f"/api/upload-video/nemo_agent/me/{_sid(session_id)}"
        body = {"urls": list(urls), "source_type": "url"}
        return _model(UploadResult, await self._transport.call("POST", path, json=body), path)

    # --- export ------------------------------------------------------------------------

    async def submit_render(
        self,
        session_id: str,
        draft: dict[str, Any],
        fmt: str = "mp4",
        *,
        quality: str = "high",
        resolution: str | None = "1080p",
    ) -> RenderStatus:
        """Submit an export of ``draft`` (sent unchanged); one retry with a new id on failure.

        Raises:
            PlanBlocked: HTTP 402 (export needs a plan; not a credits problem).
            OutOfCredits: code 2001, even when it came with HTTP 402.
        """
        return await rendering.submit(
            self._transport, session_id, draft, fmt, quality=quality, resolution=resolution
        )

    async def poll_render(self, render_id: str) -> RenderStatus:
        """One poll of an export job."""
        return await rendering.poll(self._transport, render_id)

    async def cancel_render(self, render_id: str) -> None:
        """Cancel a pending export job."""
        await rendering.cancel(self._transport, render_id)

    async def download(
        self,
        url: str,
        dest_dir: Path,
        filename: str,
        progress: Progress | None = None,
        *,
        render_id: str | None = None,
    ) -> Path:
        """Download to ``dest_dir/filename`` (sanitised, never overwriting); returns the path.

        When ``url`` fails and ``render_id`` is given, falls back to
        ``GET /api/render/proxy/{render_id}/download`` (§3.7).
        """
        try:
            return await downloads.fetch(self._transport, url, dest_dir, filename, progress)
        except (TransportError, ApiError) as exc:
            if render_id is None or isinstance(exc, AuthError):
                raise
            log.info("download failed (%s); trying the render download route", exc.message)
        fallback = rendering.download_path(render_id)
        return await downloads.fetch(self._transport, fallback, dest_dir, filename, progress)


def _model(model: type[M], payload: Any, endpoint: str) -> M:
    """Validate a payload; a malformed one is an :class:`ApiError`, not a pydantic error."""
    try:
        return model.model_validate(payload)
    except ValidationError:
        raise ApiError(
            f"The server sent an unexpected answer ({model.__name__}).", endpoint=endpoint
        ) from None
