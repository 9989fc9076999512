"""The ONNX matting runner: a plain ``rgb -> alpha`` callable, loaded from a pulled model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from photogen.engine.onnx_matting import MattingInput, OnnxMatting, load_matting
from photogen.models.catalogue import find_spec
from photogen.models.pull import pull
from photogen.models.store import ModelStore
from tests.models.fakehub import FakeHub
from tests.models.recorder import Recorder

pytest.importorskip("onnxruntime")


def _red_square_on_blue(height: int = 90, width: int = 120) -> np.ndarray:
    rgb = np.zeros((height, width, 3), np.uint8)
    rgb[..., 2] = 255
    rgb[30:60, 40:80] = (255, 0, 0)
    return rgb


def test_alpha_is_the_subject_at_the_photo_size(tiny_folders: dict[str, Path]) -> None:
    alpha_of = load_matting(tiny_folders["matting"])
    alpha = alpha_of(_red_square_on_blue())
    assert alpha.shape == (90, 120) and alpha.dtype == np.float32
    assert alpha[40:50, 50:70].min() > 0.99
    assert alpha[:20].max() < 0.01 and alpha[75:].max() < 0.01
    assert alpha.min() >= 0.0 and alpha.max() <= 1.0


def test_the_graph_fixes_the_input_side(tiny_folders: dict[str, Path]) -> None:
    runner = OnnxMatting(tiny_folders["matting"], MattingInput(input_side=1024))
    assert runner._side == 32  # read from the graph, not the default
    assert runner.device == "cpu" and runner.name == "onnx:model"


def test_outputs_already_in_0_1_are_not_squashed_again(tiny_folders: dict[str, Path]) -> None:
    runner = OnnxMatting(tiny_folders["matting"], MattingInput(activation="none"))
    alpha = runner(_red_square_on_blue())
    assert alpha[40:50, 50:70].min() == 1.0  # clipped logits, no sigmoid
    assert alpha[:20].max() == 0.0


def test_bad_input_and_bad_files_are_clear_errors(
    tiny_folders: dict[str, Path], tmp_path: Path
) -> None:
    runner = load_matting(tiny_folders["matting"])
    with pytest.raises(ValueError, match="H x W x 3"):
        runner(np.zeros((10, 10), np.uint8))
    with pytest.raises(FileNotFoundError, match="matting model not found"):
        load_matting(tmp_path / "none.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a graph")
    with pytest.raises(RuntimeError, match="not a usable ONNX graph"):
        load_matting(junk)


def test_a_pulled_matting_model_loads_from_the_store(hub: FakeHub, store: ModelStore) -> None:
    spec = find_spec("birefnet-lite")
    assert spec is not None and spec.matting is not None
    model = pull(spec, store, Recorder(), endpoint=hub.url)
    settings = MattingInput(
        spec.matting.input_side, spec.matting.mean, spec.matting.std, spec.matting.activation
    )
    alpha = load_matting(model.load_path, settings, name=spec.name)(_red_square_on_blue())
    assert alpha[40:50, 50:70].min() > 0.99 and alpha[:20].max() < 0.01
