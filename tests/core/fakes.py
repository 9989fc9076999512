"""A scripted stand-in for ``NemoClient`` (for edge cases; the live server covers the rest).

It implements core's client Protocols; mypy checks it against them (``[tool.mypy] files``).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from pathlib import Path
from typing import Any

from photogen.client.stream import StreamItem
from photogen.core.protocols import DownloadClient, Progress, TurnClient
from photogen.wire import CreditsBalance, SessionCreated, SessionState


def make_state(draft: dict[str, Any] | None = None, **body: Any) -> SessionState:
    """A state response with ``draft`` and other state keys."""
    return SessionState.model_validate({"state": {"draft": draft or {}, **body}})


class FakeClient(TurnClient, DownloadClient):
    """Plays back scripted turns and states and records what was called."""

    def __init__(self, turns: Sequence[Sequence[Any]] = (), states: Sequence[Any] = ()) -> None:
        self.turns = [list(t) for t in turns]
        self.states = list(states)
        self.sent: list[tuple[str, str]] = []
        self.selected: list[str | None] = []
        self.closed_streams = 0
        self.sessions = 0
        self.downloads: list[str] = []
        self.last_state: SessionState = make_state()
        self.stopped: list[str] = []

    def run_sse(
        self, session_id: str, text: str, selected: str | None = None
    ) -> AsyncGenerator[StreamItem, None]:
        self.sent.append((session_id, text))
        self.selected.append(selected)
        script = self.turns.pop(0)
        return self._play(script)

    async def _play(self, script: list[Any]) -> AsyncGenerator[StreamItem, None]:
        try:
            for item in script:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.closed_streams += 1

    async def state(self, session_id: str) -> SessionState:
        if self.states:
            nxt = self.states.pop(0)
            if isinstance(nxt, BaseException):
                raise nxt
            self.last_state = nxt
        return self.last_state

    async def credits(self) -> CreditsBalance:
        return CreditsBalance(available=90, frozen=0, total=90)

    async def stop_turn(self, session_id: str) -> int:
        self.stopped.append(session_id)
        return 1

    async def create_session(self) -> SessionCreated:
        self.sessions += 1
        return SessionCreated(session_id=f"new{self.sessions}", task_id="t")

    async def download(
        self,
        url: str,
        dest_dir: Path,
        filename: str,
        progress: Progress | None = None,
        *,
        render_id: str | None = None,
    ) -> Path:
        self.downloads.append(url)
        dest_dir.mkdir(parents=True, exist_ok=True)
        path = dest_dir / filename
        path.write_bytes(b"img")
        return path
