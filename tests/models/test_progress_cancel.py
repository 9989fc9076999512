"""Slow work is visible and stoppable: a model's steps reach the app's turn, and esc stops it.

Everything runs through the real server on loopback with the tiny pipeline the tests
build, installed by a pull from the fake hub.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.core.updates import PhotoReady, ToolStatus, TurnFinished
from photogen.models.catalogue import find_spec
from photogen.models.pull import pull
from photogen.models.store import ModelStore
from tests.core.conftest import make_settings
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder

pytestmark = [
    pytest.mark.filterwarnings(
        "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
    ),
    pytest.mark.usefixtures("needs_diffusers"),
]
PROMPT = "a red mug on a wooden table"


def _install(hub: FakeHub, store: ModelStore) -> None:
    spec = find_spec("lcm-dreamshaper")
    assert spec is not None
    pull(spec, store, Recorder(), endpoint=hub.url)


async def _workspace(url: str, root: Path) -> Any:
    from photogen.core.workspace import Workspace

    return await Workspace.open(make_settings(root, url), new=True)


async def test_the_app_turn_shows_the_models_steps_with_an_eta(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore, tmp_path: Path
) -> None:
    _install(hub, store)
    live = live_server(models_dir=str(store.root), device="cpu")
    ws = await _workspace(live.url, tmp_path)
    try:
        updates = [u async for u in ws.send(PROMPT)]
    finally:
        await ws.close()
    bars = [u for u in updates if isinstance(u, ToolStatus) and u.progress is not None]
    assert [round(u.progress or 0, 2) for u in bars] == [0.25, 0.5, 0.75, 1.0]
    assert all(u.running and u.label == "Generating photo…" for u in bars)
    assert bars[0].eta_s is None and all(u.eta_s is not None for u in bars[1:])
    assert bars[1].progress_text == f"50% · {bars[1].eta_text}" and "left" in bars[1].eta_text
    photo = next(u for u in updates if isinstance(u, PhotoReady))
    assert photo.engine == "diffusers:lcm-dreamshaper"
    assert updates[-1] == TurnFinished(True)


class _GatedEngine:
    """The real tiny-pipeline engine, holding after its first step until the call is
    cancelled (at most ``wait_s``), so a test can press esc mid-generation."""

    def __init__(self, engine: Any, wait_s: float = 20.0) -> None:
        self.engine, self.wait_s = engine, wait_s
        self.name, self.device = engine.name, engine.device
        self.first_step = threading.Event()
        self.released_by_cancel: bool | None = None
        self.raised: BaseException | None = None

    def working_size(self, width: int, height: int) -> tuple[int, int]:
        return self.engine.working_size(width, height)  # type: ignore[no-any-return]

    def text_to_image(self, *args: Any, progress: Any, cancel: Any, **kwargs: Any) -> Any:
        def held(done: int, total: int) -> None:
            progress(done, total)
            if done == 1:
                self.first_step.set()
                self.released_by_cancel = cancel.wait(self.wait_s)

        try:
            return self.engine.text_to_image(*args, progress=held, cancel=cancel, **kwargs)
        except BaseException as exc:
            self.raised = exc
            raise


class _GatedLoader:
    def __init__(self, store: ModelStore) -> None:
        from photogen.models.load import ModelLoader

        self.loader = ModelLoader(store, device="cpu")
        self.gated: _GatedEngine | None = None

    def text_to_image(self) -> Any:
        if self.gated is None:
            self.gated = _GatedEngine(self.loader.text_to_image())
        return self.gated


async def test_esc_stops_the_models_steps_and_releases_the_credits(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore, tmp_path: Path
) -> None:
    from photogen.engine.diffusion import Cancelled
    from photogen.server.engines import Engines, ModelGenerate

    _install(hub, store)
    loader = _GatedLoader(store)
    live = live_server(engines=Engines(generate=ModelGenerate(loader)))
    ws = await _workspace(live.url, tmp_path)
    try:
        before = await ws.client.credits()
        stepping = asyncio.Event()

        async def app_turn() -> None:
            async for update in ws.send(PROMPT):
                if isinstance(update, ToolStatus) and update.progress is not None:
                    stepping.set()

        task = asyncio.create_task(app_turn())
        await asyncio.wait_for(stepping.wait(), 30)
        task.cancel()  # what esc does to the turn's worker
        with pytest.raises(asyncio.CancelledError):
            await task
        gated = loader.gated
        assert gated is not None and gated.first_step.is_set()
        assert gated.released_by_cancel is True
        assert isinstance(gated.raised, Cancelled)
        after = await ws.client.credits()
        state = await ws.client.state(ws.session.id)
    finally:
        await ws.close()
    assert (after.available, after.frozen) == (before.available, 0)
    assert state.state.generated_media == []


async def test_generate_prints_the_models_steps(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore, tmp_path: Path
) -> None:
    import argparse
    import io

    from photogen.headless import generate
    from photogen.headless_progress import Progress

    _install(hub, store)
    live = live_server(models_dir=str(store.root), device="cpu")
    out = tmp_path / "mug.png"
    args = argparse.Namespace(
        prompt=PROMPT, out=str(out), force=False, export=None, cloud=False, image=None, aspect=None
    )
    stderr = io.StringIO()  # not a terminal: one plain line per 10%
    await generate(args, make_settings(tmp_path, live.url), Progress(stderr))
    steps = [line for line in stderr.getvalue().splitlines() if line.startswith("Generating")]
    assert steps == ["Generating photo…"] + [
        f"Generating photo… {p}%" for p in (25, 50, 75, 100)
    ], stderr.getvalue()
    assert out.read_bytes()[:4] == b"\x89PNG"
