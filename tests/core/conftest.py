"""Fixtures for core tests: settings in a temp dir and a Workspace on the live server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.core.settings import Intervals, Settings
from photogen.core.workspace import Workspace

#: Tiny waits so recovery, polling and "still working" run in milliseconds.
FAST = Intervals(
    render_poll_s=0.05,
    render_max_polls=400,
    recovery_first_wait_s=0.05,
    recovery_wait_s=0.05,
    recovery_max_unchanged=100,
    still_working_s=120.0,
    heartbeat_timeout_s=30.0,
)


@pytest.fixture(autouse=True)
def _no_nemo_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's NEMO_* variables must not pick the backend of a test."""
    for var in ("NEMO_API_URL", "NEMO_TOKEN", "NEMO_CLIENT_ID", "NEMO_WEB_URL"):
        monkeypatch.delenv(var, raising=False)


def make_settings(root: Path, backend: str = "local", **changes: Any) -> Settings:
    """Settings whose every folder lives under ``root``."""
    settings = Settings(
        backend=backend,
        download_dir=root / "Pictures",
        data_dir=root / "data",
        client_config_dir=root / "config",
        intervals=Intervals(**vars(FAST)),
    )
    for key, value in changes.items():
        if hasattr(settings.intervals, key):
            setattr(settings.intervals, key, value)
        else:
            setattr(settings, key, value)
    return settings


OpenWs = Callable[..., Awaitable[Workspace]]


@pytest.fixture
async def open_ws(tmp_path: Path) -> AsyncIterator[OpenWs]:
    """``await open_ws(url, root=None, session_id=None, new=False, **settings)``.

    Every workspace is closed at teardown. By default a workspace reopens the most recent
    session of its backend in ``root``; tests get a fresh ``root`` (``tmp_path``) each.
    """
    opened: list[Workspace] = []

    async def factory(
        url: str,
        root: Path | None = None,
        session_id: str | None = None,
        new: bool = False,
        **changes: Any,
    ) -> Workspace:
        ws = await Workspace.open(
            make_settings(root or tmp_path, url, **changes), session_id=session_id, new=new
        )
        opened.append(ws)
        return ws

    yield factory
    for ws in opened:
        await ws.close()
