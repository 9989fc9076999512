"""Cut-out quality: mean IoU >= 0.95 on generated scenes with known masks."""

from __future__ import annotations

import numpy as np
from PIL import Image

from photogen.engine.edit import cutout_mask
from tests.engine.test_cutout_scenes import make_scenes

SCENES = 12
IOU_BAR = 0.95


def _iou(found: np.ndarray, truth: np.ndarray) -> float:
    return float((found & truth).sum() / max(1, (found | truth).sum()))


def test_cutout_mean_iou_meets_the_bar() -> None:
    scores = []
    for image, truth in make_scenes(SCENES, size=512, first_seed=100):
        alpha = cutout_mask(Image.fromarray(image))
        assert alpha.shape == truth.shape and alpha.dtype == np.float32
        scores.append(_iou(alpha >= 0.5, truth))
    mean_iou = float(np.mean(scores))
    print(f"cut-out IoU over {SCENES} scenes: mean {mean_iou:.4f}, min {min(scores):.4f}")
    assert mean_iou >= IOU_BAR, [round(s, 3) for s in scores]
    assert min(scores) >= 0.8, [round(s, 3) for s in scores]


def test_alpha_is_soft_only_along_the_edge_and_input_is_untouched() -> None:
    image, truth = make_scenes(1, size=256, first_seed=3)[0]
    photo = Image.fromarray(image)
    before = photo.tobytes()
    alpha = cutout_mask(photo)
    assert photo.tobytes() == before
    assert alpha.min() >= 0.0 and alpha.max() <= 1.0
    assert np.mean((alpha > 0.02) & (alpha < 0.98)) < 0.05


def test_cutout_of_a_blank_photo_finds_nothing() -> None:
    alpha = cutout_mask(Image.new("RGB", (200, 150), (240, 240, 240)))
    assert alpha.shape == (150, 200)
    assert alpha.max() < 0.5


def test_cutout_is_deterministic() -> None:
    image, _ = make_scenes(1, size=256, first_seed=14)[0]
    first = cutout_mask(Image.fromarray(image))
    again = cutout_mask(Image.fromarray(image))
    assert np.array_equal(first, again)
