"""Fixtures for client tests: settings in a temp config dir, clients on mock transports."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from photogen.client import ClientSettings, NemoClient

TOKEN = "nmv_usr_SECRET0123456789abcdef"
"""The anonymous token the mock servers hand out (grepped for in logs)."""


class Sleeps:
    """An injectable ``sleep`` that records waits instead of waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    """Recorded waits."""
    return Sleeps()


@pytest.fixture
def settings(tmp_path: Path) -> ClientSettings:
    """Settings for a mock server, with a private config dir and tiny intervals."""
    return ClientSettings(
        base_url="http://mock.test",
        config_dir=tmp_path / "config",
        render_poll_s=0.01,
        rate_limit_wait_s=0.01,
        heartbeat_timeout_s=5,
        stream_hard_limit_s=10,
    )


def envelope(data: Any = None, code: int = 0, message: str = "success") -> dict[str, Any]:
    """A REST envelope."""
    return {"code": code, "message": message, "data": data}


def token_response(token: str = TOKEN, user_id: str = "anon_1") -> httpx.Response:
    """A successful anonymous-token answer."""
    return httpx.Response(200, json=envelope({"token": token, "user_id": user_id, "credits": 100}))


Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
async def mock_client(
    settings: ClientSettings, sleeps: Sleeps
) -> AsyncIterator[Callable[..., NemoClient]]:
    """Factory: ``mock_client(handler, **settings_overrides)`` -> a client on MockTransport."""
    clients: list[NemoClient] = []

    def make(handler: Handler, **overrides: Any) -> NemoClient:
        merged = ClientSettings(**{**settings.model_dump(), **overrides})
        client = NemoClient(merged, transport=httpx.MockTransport(handler), sleep=sleeps)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def sse(*payloads: str | dict[str, Any]) -> bytes:
    """An SSE body from payloads (dicts are JSON-encoded)."""
    out = []
    for p in payloads:
        text = p if isinstance(p, str) else json.dumps(p)
        out.append(f"data: {text}\n\n")
    return "".join(out).encode()


SSE_HEADERS = {"content-type": "text/event-stream; charset=utf-8"}
