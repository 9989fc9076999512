"""Fixtures for the UI tests: a fake workspace and an app factory at a fixed size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.core.settings import Settings
from photogen.ui.app import PhotogenApp
from photogen.ui.images.detect import Detection
from tests.ui.fakes import FakeWorkspace, factory_for, make_photo

SIZE = (120, 40)
HALFBLOCK = Detection("halfblock", False, "tests")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings that write only under ``tmp_path``."""
    return Settings(download_dir=tmp_path / "out", data_dir=tmp_path / "data")


@pytest.fixture
def fake(tmp_path: Path, settings: Settings) -> FakeWorkspace:
    """A scripted workspace with one photo on disk."""
    return FakeWorkspace(make_photo(tmp_path / "photo.png"), settings=settings)


@pytest.fixture
def make_app(settings: Settings, fake: FakeWorkspace) -> Callable[..., PhotogenApp]:
    """``make_app(**overrides)``: the app on the fake workspace, spinners off."""

    def build(**kwargs: Any) -> PhotogenApp:
        kwargs.setdefault("workspace_factory", factory_for(fake))
        kwargs.setdefault("detection", HALFBLOCK)
        kwargs.setdefault("animate_spinners", False)
        return PhotogenApp(kwargs.pop("settings", settings), kwargs.pop("warnings", ()), **kwargs)

    return build


async def settle(app: PhotogenApp, pilot: Any) -> None:
    """Wait until the workers and the workers they started are done."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()
