"""Helpers for tests against the real embedded server (``live_server`` fixture)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

from photogen.client import ClientSettings, NemoClient

#: Fast client intervals for a server running at time_scale 0.01.
FAST = {"render_poll_s": 0.05, "render_max_polls": 400, "rate_limit_wait_s": 0.01}


def live_settings(url: str, config_dir: Path, **overrides: Any) -> ClientSettings:
    """Settings for a live server with a private config dir."""
    return ClientSettings(base_url=url, config_dir=config_dir, **{**FAST, **overrides})


@contextlib.asynccontextmanager
async def live_client(url: str, config_dir: Path, **overrides: Any) -> AsyncIterator[NemoClient]:
    """A client of a live server."""
    transport = overrides.pop("transport", None)
    sleep = overrides.pop("sleep", None)
    kwargs: dict[str, Any] = {"transport": transport}
    if sleep is not None:
        kwargs["sleep"] = sleep
    async with NemoClient(live_settings(url, config_dir, **overrides), **kwargs) as client:
        yield client


class DropHeaders(httpx.AsyncBaseTransport):
    """A real transport that removes some headers on some paths (to provoke refusals)."""

    def __init__(self, headers: tuple[str, ...], path_prefix: str) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._headers = headers
        self._prefix = path_prefix

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith(self._prefix):
            for header in self._headers:
                request.headers.pop(header, None)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def turn(client: NemoClient, session_id: str, text: str) -> list[Any]:
    """All items of one turn."""
    return [item async for item in client.run_sse(session_id, text)]


async def rendered(
    client: NemoClient,
    session_id: str,
    draft: dict[str, Any],
    fmt: str = "mp4",
    seen: list[Any] | None = None,
) -> Any:
    """Submit a render and poll it until it is done (the export loop itself lives in core)."""
    status = await client.submit_render(session_id, draft, fmt)
    for _ in range(client.settings.render_max_polls):
        if seen is not None:
            seen.append(status)
        if status.done:
            return status
        await asyncio.sleep(client.settings.render_poll_s)
        status = await client.poll_render(status.id)
    raise AssertionError(f"render {status.id} still {status.status}")
