"""Pulled diffusion models load through the loader and draw, with step progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photogen.engine.diffusion import Cancelled
from photogen.engine.resident import ResidentModels
from photogen.models.catalogue import find_spec
from photogen.models.load import ModelLoader, ModelLoadError
from photogen.models.pull import pull
from photogen.models.store import ModelStore
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder

pytestmark = [
    pytest.mark.filterwarnings(
        "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
    ),
    pytest.mark.usefixtures("needs_diffusers"),
]


def _pulled(hub: FakeHub, store: ModelStore, name: str) -> None:
    spec = find_spec(name)
    assert spec is not None
    pull(spec, store, Recorder(), endpoint=hub.url)


def test_a_pulled_model_draws_with_its_catalogue_steps_and_reports_each(
    hub: FakeHub, store: ModelStore
) -> None:
    _pulled(hub, store, "lcm-dreamshaper")
    engine = ModelLoader(store, device="cpu").text_to_image()
    assert engine.name == "diffusers:lcm-dreamshaper" and engine.defaults.steps == 4
    steps: list[tuple[int, int]] = []
    image = engine.text_to_image(
        "a bottle on white", 7, 64, 64, progress=lambda done, total: steps.append((done, total))
    )
    assert image.size == (64, 64)
    assert steps == [(1, 4), (2, 4), (3, 4), (4, 4)]
    again = engine.text_to_image("a bottle on white", 7, 64, 64)
    assert np.array_equal(np.asarray(image), np.asarray(again))


def test_cancel_stops_between_two_steps(hub: FakeHub, store: ModelStore) -> None:
    _pulled(hub, store, "lcm-dreamshaper")
    engine = ModelLoader(store, device="cpu").text_to_image()
    cancel = threading.Event()
    steps: list[int] = []

    def second_step_cancels(done: int, _total: int) -> None:
        steps.append(done)
        if done == 2:
            cancel.set()

    with pytest.raises(Cancelled):
        engine.text_to_image(
            "a mug", 1, 64, 64, steps=10, progress=second_step_cancels, cancel=cancel
        )
    assert steps == [1, 2]
    with pytest.raises(Cancelled):
        engine.text_to_image("a mug", 1, 64, 64, cancel=cancel)  # already set: no step runs


def test_image_to_image_uses_the_same_loaded_model(hub: FakeHub, store: ModelStore) -> None:
    _pulled(hub, store, "lcm-dreamshaper")
    loader = ModelLoader(store, device="cpu")
    drawer, editor = loader.text_to_image(), loader.image_to_image()
    assert drawer is editor and loader.resident.loads == 1
    steps: list[int] = []
    edited = editor.image_to_image(
        Image.new("RGB", (64, 48), (200, 120, 40)),
        "make it blue",
        3,
        strength=0.5,
        progress=lambda d, _t: steps.append(d),
    )
    assert edited.size == (64, 48) and steps == [1, 2]


def test_fp16_weights_load_on_a_cpu_as_float32(hub: FakeHub, store: ModelStore) -> None:
    import torch

    _pulled(hub, store, "sd-turbo")
    assert all(".fp16." in p for p in store.get("sd-turbo").files if p.endswith("safetensors"))
    engine = ModelLoader(store, device="cpu").text_to_image()
    assert engine._pipeline.unet.dtype == torch.float32
    assert engine.text_to_image("a can", 2, 64, 64).size == (64, 64)


def test_a_model_that_cannot_load_says_why_once_and_is_not_retried(
    hub: FakeHub, store: ModelStore
) -> None:
    _pulled(hub, store, "lcm-dreamshaper")
    (store.folder("lcm-dreamshaper") / "unet" / "diffusion_pytorch_model.safetensors").write_bytes(
        b"truncated"
    )
    loader = ModelLoader(store, device="cpu", resident=ResidentModels())
    with pytest.raises(ModelLoadError, match="lcm-dreamshaper could not load"):
        loader.text_to_image()
    with pytest.raises(ModelLoadError):
        loader.text_to_image()
    assert loader.resident.loads == 0


def test_a_local_folder_wins_over_installed_models(
    hub: FakeHub,
    store: ModelStore,
    tiny_folders: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _pulled(hub, store, "lcm-dreamshaper")
    monkeypatch.setenv("PHOTOGEN_MODEL", str(tiny_folders["sd"]))
    engine = ModelLoader(store, device="cpu").text_to_image()
    assert engine.name == "diffusers:sd" and engine.defaults.steps == 25
