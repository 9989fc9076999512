"""The embedded server draws with installed models by itself, and says when one cannot load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.models.catalogue import find_spec
from photogen.models.pull import pull
from photogen.models.store import ModelStore
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder
from tests.server.test_neural_engine import _one_photo

pytestmark = [
    pytest.mark.filterwarnings(
        "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
    ),
    pytest.mark.usefixtures("needs_diffusers"),
]


def _photo(url: str) -> dict[str, Any]:
    return _one_photo(url, Path())


def test_an_installed_model_makes_the_photos(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore
) -> None:
    spec = find_spec("lcm-dreamshaper")
    assert spec is not None
    pull(spec, store, Recorder(), endpoint=hub.url)
    live = live_server(models_dir=str(store.root), device="cpu")
    photo = _photo(live.url)
    assert photo["engine"] == "diffusers:lcm-dreamshaper"
    assert "Made with diffusers:lcm-dreamshaper on cpu." in photo["notes"]
    assert (photo["width"], photo["height"]) == (1080, 1080)


def test_an_installed_model_that_cannot_load_falls_back_and_says_why(
    live_server: Callable[..., Any], hub: FakeHub, store: ModelStore
) -> None:
    spec = find_spec("lcm-dreamshaper")
    assert spec is not None
    model = pull(spec, store, Recorder(), endpoint=hub.url)
    (model.folder / "model_index.json").write_text("{not json")
    live = live_server(models_dir=str(store.root), device="cpu")
    photo = _photo(live.url)
    assert photo["engine"].startswith("photogen-studio")
    assert any(
        "lcm-dreamshaper could not load" in n and "studio engine drew this" in n
        for n in photo["notes"]
    )


def test_with_nothing_installed_the_studio_engine_draws_without_a_note(
    live_server: Callable[..., Any], store: ModelStore
) -> None:
    photo = _photo(live_server(models_dir=str(store.root)).url)
    assert photo["engine"].startswith("photogen-studio")
    assert not any("could not load" in n for n in photo["notes"])


def test_the_generate_engine_reports_step_progress_and_stops_on_cancel(
    hub: FakeHub, store: ModelStore
) -> None:
    import threading

    from photogen.engine.diffusion import Cancelled
    from photogen.models.load import ModelLoader
    from photogen.server.engines import ModelGenerate

    spec = find_spec("lcm-dreamshaper")
    assert spec is not None
    pull(spec, store, Recorder(), endpoint=hub.url)
    generate = ModelGenerate(ModelLoader(store, device="cpu"))
    shares: list[float] = []
    made = generate("a mug", 1, "1:1", progress=shares.append)
    assert made.engine == "diffusers:lcm-dreamshaper"
    assert shares == [0.25, 0.5, 0.75, 1.0]
    cancel = threading.Event()

    def cancel_at_half(share: float) -> None:
        if share >= 0.5:
            cancel.set()

    with pytest.raises(Cancelled):
        generate("a mug", 2, "1:1", progress=cancel_at_half, cancel=cancel)
