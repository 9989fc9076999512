"""The app against a real embedded server on loopback: settings, the server, settling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.core.settings import Intervals, Settings
from photogen.ui.app import PhotogenApp
from tests.ui.conftest import HALFBLOCK

FAST = Intervals(
    render_poll_s=0.05,
    render_max_polls=400,
    recovery_first_wait_s=0.05,
    recovery_wait_s=0.05,
    still_working_s=120.0,
    heartbeat_timeout_s=60.0,
)
"""Waits short enough for tests, long enough that nothing times out on a busy machine."""


def live_settings(tmp_path: Path) -> Settings:
    """Settings whose files all live under ``tmp_path``, pictures as half-blocks."""
    return Settings(
        download_dir=tmp_path / "out",
        data_dir=tmp_path / "data",
        client_config_dir=tmp_path / "client",
        intervals=FAST,
        image_protocol="halfblock",
    )


def server_starter(
    live_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, **defaults: Any
) -> Callable[..., Any]:
    """``start(**config)``: a live server (``defaults`` under ``config``) the app points at."""

    def start(**overrides: Any) -> Any:
        live = live_server(**{**defaults, **overrides})
        monkeypatch.setenv("NEMO_API_URL", live.url)
        monkeypatch.delenv("NEMO_TOKEN", raising=False)
        return live

    return start


def live_app(settings: Settings, **kwargs: Any) -> PhotogenApp:
    """The app with half-block pictures and no spinner animation."""
    return PhotogenApp(settings, detection=HALFBLOCK, animate_spinners=False, **kwargs)


async def settle(app: PhotogenApp, pilot: Any, rounds: int = 30) -> None:
    """Wait until every worker (and the workers they start) is done."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


async def say(app: PhotogenApp, pilot: Any, text: str) -> None:
    """Type ``text``, press Enter and wait for what it started."""
    await pilot.press(*text, "enter")
    await settle(app, pilot)
