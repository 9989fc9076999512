"""Fixtures for the server tests: an API helper, the stand-in agent, light engines.

The stand-ins themselves are in :mod:`tests.server.fakes` (type-checked by mypy).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from PIL import Image

from photogen.server.engines import Engines
from tests.server.fakes import StandInAgent, fake_render

ATTRIBUTION = {
    "X-Skill-Source": "photogen-tui",
    "X-Skill-Version": "0.1.0",
    "X-Skill-Platform": "terminal",
}


# --- an API helper -----------------------------------------------------------


class Api:
    """A synchronous client for one token, with the attribution headers."""

    def __init__(self, url: str, client_id: str | None = None) -> None:
        self.url = url
        self.client_id = client_id or str(uuid.uuid4())
        self.http = httpx.Client(base_url=url, headers=ATTRIBUTION, timeout=30.0)
        self.token: str | None = None
        self.session_id: str | None = None

    def close(self) -> None:
        self.http.close()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def login(self) -> dict[str, Any]:
        r = self.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": self.client_id})
        data = r.json()["data"]
        self.token = data["token"]
        return data  # type: ignore[no-any-return]

    def new_session(self) -> str:
        body = {"task_name": "project", "language": "en"}
        r = self.http.post("/api/tasks/me/with-session/nemo_agent", json=body, headers=self.auth)
        self.session_id = r.json()["data"]["session_id"]
        return self.session_id  # type: ignore[return-value]

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.post(path, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def state(self) -> dict[str, Any]:
        r = self.get(f"/api/state/nemo_agent/me/{self.session_id}/latest")
        return r.json()["data"]["state"]  # type: ignore[no-any-return]

    def credits(self) -> dict[str, Any]:
        return self.get("/api/credits/balance/simple").json()["data"]  # type: ignore[no-any-return]

    def upload(self, *files: tuple[str, bytes]) -> httpx.Response:
        parts = [("files", (name, data)) for name, data in files]
        return self.post(f"/api/upload-video/nemo_agent/me/{self.session_id}", files=parts)

    def run_raw(self, text: str, **extra: Any) -> httpx.Response:
        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": self.session_id,
            "new_message": {"parts": [{"text": text}]},
            **extra,
        }
        return self.post("/run_sse", json=body, headers={"Accept": "text/event-stream"})

    def run(self, text: str, **extra: Any) -> list[Any]:
        """Send one message; the parsed ``data:`` payloads (non-JSON kept as str)."""
        r = self.run_raw(text, **extra)
        assert r.status_code == 200, r.text
        return parse_frames(r.text)


def parse_frames(raw: str) -> list[Any]:
    """``data:`` payloads of an SSE body, in order."""
    out: list[Any] = []
    for block in raw.split("\n\n"):
        if not block.startswith("data: "):
            continue
        payload = block[6:]
        try:
            out.append(json.loads(payload))
        except json.JSONDecodeError:
            out.append(payload)
    return out


def texts(frames: list[Any], partial: bool = False) -> list[str]:
    """The text of the ADK text events (partial ones when asked)."""
    found = []
    for f in frames:
        if isinstance(f, dict) and "content" in f and bool(f.get("partial")) == partial:
            found += [p["text"] for p in f["content"]["parts"] if "text" in p]
    return found


def png_bytes(size: tuple[int, int] = (32, 24)) -> bytes:
    import io

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def agent() -> StandInAgent:
    """A fresh stand-in agent."""
    return StandInAgent()


@pytest.fixture
def server(live_server: Callable[..., Any], agent: StandInAgent) -> Callable[..., Any]:
    """``server(**config) -> LiveServer``: stand-in agent, real engines, fake (fast) MP4 writer."""

    def start(**overrides: Any) -> Any:
        overrides.setdefault("engines", Engines(render=fake_render))
        overrides.setdefault("agent", agent)
        return live_server(**overrides)

    return start


@pytest.fixture
def api_for() -> Iterator[Callable[..., Api]]:
    """``api_for(url, client_id=None) -> Api`` logged in with a new session."""
    made: list[Api] = []

    def make(url: str, client_id: str | None = None, session: bool = True) -> Api:
        api = Api(url, client_id)
        made.append(api)
        api.login()
        if session:
            api.new_session()
        return api

    yield make
    for api in made:
        api.close()
