"""Fixtures for the server tests: an API helper, a stand-in agent, light engines."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from photogen.server.engines import Engines, RenderOutcome, RenderPlan

ATTRIBUTION = {
    "X-Skill-Source": "photogen-tui",
    "X-Skill-Version": "0.1.0",
    "X-Skill-Platform": "terminal",
}


# --- a stand-in agent with the agent package's interface -------------------


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class ToolStep:
    name: str
    args: dict[str, Any]
    long_running: bool = False
    label: str = ""


@dataclass(frozen=True)
class AgentContext:
    language: str
    has_generated: bool
    last_prompt: str | None
    last_seed: int | None
    uploads: tuple[Any, ...]
    draft: Any
    canvas_ratio: str | None


class StandInAgent:
    """Plans from fixed keywords, so each test knows exactly which tools run.

    ``photo: P`` generates P; ``photos2: P`` two images; ``edit`` edits the latest
    upload; ``music`` adds lo-fi; ``title: T``; ``ops: [json]`` raw timeline ops;
    ``bogus`` calls an unknown tool; ``crash`` raises in planning; else says hello.
    """

    Say, ToolStep, AgentContext = Say, ToolStep, AgentContext

    def __init__(self) -> None:
        self.contexts: list[AgentContext] = []

    def plan_turn(self, text: str, ctx: AgentContext) -> list[Any]:
        self.contexts.append(ctx)
        if text.startswith("photo: "):
            args = {"prompt": text[7:], "aspect_ratio": "1:1", "seed": 7, "count": 1}
            return [Say("Making your photo."), ToolStep("generate_image", args, True)]
        if text.startswith("photos2: "):
            args = {"prompt": text[9:], "aspect_ratio": "9:16", "seed": 1, "count": 2}
            return [ToolStep("generate_image", args, True)]
        if text == "edit":
            args = {"source_url": None, "background": "white", "aspect_ratio": "1:1"}
            return [ToolStep("edit_image", args, True)]
        if text == "music":
            ops = [{"op": "add_music", "source": "builtin:lofi", "name": "Lo-fi", "volume": 0.4}]
            return [ToolStep("edit_multitrack", {"operations": ops})]
        if text.startswith("ops: "):
            return [ToolStep("edit_multitrack", {"operations": json.loads(text[5:])})]
        if text.startswith("title: "):
            ops = [{"op": "add_title", "text": text[7:], "start_ms": 0, "duration_ms": 2000}]
            return [ToolStep("edit_multitrack", {"operations": ops})]
        if text == "bogus":
            return [ToolStep("no_such_tool", {}), Say("still here")]
        if text == "crash":
            raise RuntimeError("planner exploded")
        return [Say("Hello! Tell me what photo to make, in a few words.")]

    def describe_results(self, step: ToolStep, result: dict[str, Any], ctx: Any) -> str | None:
        if step.name in ("generate_image", "edit_image") and result.get("status") == "success":
            return f"Here is your photo ({result['width']}x{result['height']})."
        return None


# --- light engines: tiny images, a fake MP4 writer that reports progress ------


def fake_generate(prompt: str, seed: int, aspect: str) -> Any:
    width, height = (48, 64) if aspect == "9:16" else (64, 64)
    img = Image.new("RGB", (width, height), (seed * 37 % 256, 120, 200))
    return type("Gen", (), {"image": img, "seed": seed, "engine": "fake", "notes": ["fake"]})()


def fake_save(image: Image.Image, path: Path, fmt: str, meta: dict[str, Any]) -> None:
    image.save(path, format={"jpg": "JPEG", "jpeg": "JPEG"}.get(fmt, fmt.upper()))


def fake_render(
    plan: RenderPlan, out: Path, progress: Callable[[float], None], cancel: threading.Event
) -> RenderOutcome:
    for pct in range(0, 101, 10):
        if cancel.is_set():
            raise RuntimeError("cancelled")
        progress(float(pct))
        time.sleep(0.02)
    out.write_bytes(b"\x00\x00\x00\x18ftypisom" + json.dumps(plan.__dict__, default=str).encode())
    return RenderOutcome(duration_s=sum(s[1] for s in plan.stills), size_bytes=out.stat().st_size)


def fake_engines(**overrides: Any) -> Engines:
    """Engines that are instant; aspect and canvas use the real size tables."""
    base = {
        "generate": fake_generate,
        "edit": lambda img, opts: img.copy(),
        "save_still": fake_save,
        "render": fake_render,
        "canvas": lambda w, h: (w, h),
    }
    return Engines(**{**base, **overrides})


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
