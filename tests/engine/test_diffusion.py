"""The optional diffusers engine, on a tiny randomly initialised Stable Diffusion pipeline.

The test builds the pipeline (UNet, VAE, CLIP text encoder, a tokenizer from a vocabulary
it writes itself, DDIM scheduler), saves it with ``save_pretrained`` and loads it back
through ``DiffusionEngine``: the same code path as a real local model, with no download.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from photogen.engine import diffusion
from tests.models.tiny import build_tiny_pipeline

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning", "ignore::FutureWarning", "ignore::UserWarning"
)


def test_pick_device_respects_request_and_rejects_unknown() -> None:
    assert diffusion.pick_device("cpu") == "cpu"
    assert diffusion.pick_device("auto") in diffusion.DEVICES
    with pytest.raises(ValueError, match="unknown device"):
        diffusion.pick_device("tpu")


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="model folder not found"):
        diffusion.DiffusionEngine(tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="model_index.json"):
        diffusion.DiffusionEngine(tmp_path)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> diffusion.DiffusionEngine:
    pytest.importorskip("torch")
    pytest.importorskip("diffusers")
    pytest.importorskip("transformers")
    folder = tmp_path_factory.mktemp("models")
    build_tiny_pipeline(folder / "tiny-sd")
    return diffusion.DiffusionEngine(folder / "tiny-sd", device="cpu")


def test_available_when_torch_and_diffusers_are_installed(engine) -> None:
    assert diffusion.available()
    assert engine.name == "diffusers:tiny-sd"


def test_text_to_image_is_sized_and_deterministic_by_seed(engine) -> None:
    first = engine.text_to_image("a bottle on white", seed=7, width=64, height=64, steps=2)
    again = engine.text_to_image("a bottle on white", seed=7, width=64, height=64, steps=2)
    other = engine.text_to_image("a bottle on white", seed=8, width=64, height=64, steps=2)
    assert first.size == (64, 64) and first.mode == "RGB"
    assert np.array_equal(np.asarray(first), np.asarray(again))
    assert not np.array_equal(np.asarray(first), np.asarray(other))


def test_text_to_image_rounds_odd_sizes_back_to_the_request(engine) -> None:
    image = engine.text_to_image("山水", seed=1, width=70, height=50, steps=2)
    assert image.size == (70, 50)


def test_image_to_image_keeps_size_and_is_deterministic(engine) -> None:
    from PIL import Image

    source = Image.new("RGB", (64, 64), (200, 120, 40))
    first = engine.image_to_image(source, "make it blue", seed=3, strength=0.6, steps=2)
    again = engine.image_to_image(source, "make it blue", seed=3, strength=0.6, steps=2)
    assert first.size == (64, 64)
    assert np.array_equal(np.asarray(first), np.asarray(again))


def test_working_size_is_the_native_area_at_the_requested_aspect(
    engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert engine.native_side > 0
    monkeypatch.setattr(diffusion.DiffusionEngine, "native_side", property(lambda self: 512))
    width, height = engine.working_size(1080, 1920)
    assert width % 8 == 0 and height % 8 == 0
    assert abs(width * height - 512 * 512) / (512 * 512) < 0.05
    assert abs(width / height - 1080 / 1920) < 0.02
