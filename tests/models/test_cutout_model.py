"""Cut-outs use the installed matting model when there is one (a tiny ONNX graph here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photogen.server.engines import EditOutcome, Engines

pytest.importorskip("onnxruntime")


def _red_mug_on_blue() -> Image.Image:
    rgb = np.zeros((240, 320, 3), np.uint8)
    rgb[..., 2] = 230
    rgb[60:200, 100:220] = (230, 20, 20)
    return Image.fromarray(rgb)


def test_the_matting_model_makes_the_cut_out_and_says_so(
    tiny_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOTOGEN_MATTING_MODEL", str(tiny_folders["matting"]))
    engines = Engines.real()
    outcome = engines.edit(_red_mug_on_blue(), {"background": "white"})
    assert isinstance(outcome, EditOutcome)
    assert any(note.startswith("Cut out by the onnx:model") for note in outcome.notes)
    assert outcome.cutout is not None and outcome.cutout["sure"] is True
    pixels = np.asarray(outcome.image)
    assert (pixels[:4] == 255).all()  # the blue is gone
    height, width = pixels.shape[:2]
    assert pixels[height // 2, width // 2].tolist() == [230, 20, 20]  # the subject, kept


def test_without_a_model_the_classical_cut_out_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHOTOGEN_MATTING_MODEL", raising=False)
    outcome = Engines.real().edit(_red_mug_on_blue(), {"background": "white"})
    assert isinstance(outcome, EditOutcome)
    assert not any("model" in note for note in outcome.notes)
    assert outcome.cutout is not None
