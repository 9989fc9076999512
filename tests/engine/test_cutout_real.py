"""Cut-outs on real photographs (tests/data/real_photos): what holds, and honesty where not.

Composites of real surfaces over real backgrounds have exact masks; the real photographs
have none, so on them the test checks that the engine says when it is unsure. The
figures per category come from bench/bench_cutout_real.py.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photogen.engine.edit.cutout import Cutout, cutout

SET = Path(__file__).resolve().parents[1] / "data" / "real_photos"


def _iou(found: np.ndarray, truth: np.ndarray) -> float:
    return float((found & truth).sum() / max(1, (found | truth).sum()))


@cache
def _composite(stem: str) -> tuple[Cutout, np.ndarray]:
    truth = np.asarray(Image.open(SET / f"{stem}-mask.png").convert("L")) > 127
    return cutout(Image.open(SET / f"{stem}.jpg").convert("RGB")), truth


def test_the_set_is_small_real_and_licensed() -> None:
    files = sorted(p.name for p in SET.iterdir())
    assert "LICENCE.md" in files and len([f for f in files if f.startswith("photo-")]) == 4
    assert sum(p.stat().st_size for p in SET.iterdir()) < 1_000_000


@pytest.mark.parametrize("stem", ["comp-edge-horse-saucer-brick", "comp-edge-oval-fur-gravel"])
def test_a_subject_touching_the_bottom_edge_is_kept_whole(stem: str) -> None:
    found, truth = _composite(stem)
    assert _iou(found.alpha >= 0.5, truth) >= 0.90


@pytest.mark.parametrize(
    "stem", ["comp-horse-saucer-gravel", "comp-horse-suit-sky", "comp-oval-suit-room"]
)
def test_subjects_on_real_backgrounds_meet_the_bar(stem: str) -> None:
    found, truth = _composite(stem)
    assert _iou(found.alpha >= 0.5, truth) >= 0.90
    assert found.alpha[~truth].mean() < 0.05  # no background carried along


def test_a_failed_composite_is_reported_unsure() -> None:
    found, truth = _composite("comp-horse-fur-room")
    assert _iou(found.alpha >= 0.5, truth) < 0.9  # the room's blur is taken for the cat's fur
    assert not found.score.sure and found.score.doubts()


@pytest.mark.parametrize("name", ["coffee", "rocket"])
def test_real_photos_the_engine_cannot_cut_out_say_so(name: str) -> None:
    image = Image.open(SET / f"photo-{name}.jpg").convert("RGB")
    score = cutout(image).score
    assert not score.sure and score.confidence < 0.5
    assert score.doubts()


def test_a_subject_box_cuts_out_what_it_frames() -> None:
    image = Image.open(SET / "comp-horse-fur-room.jpg").convert("RGB")
    truth = np.asarray(Image.open(SET / "comp-horse-fur-room-mask.png").convert("L")) > 127
    ys, xs = np.nonzero(truth)
    height, width = truth.shape
    box = (
        (xs.min() - 6) / width,
        (ys.min() - 6) / height,
        (xs.max() + 6) / width,
        (ys.max() + 6) / height,
    )
    boxed = cutout(image, box)
    assert boxed.method == "box"
    assert _iou(boxed.alpha >= 0.5, truth) > _iou(
        _composite("comp-horse-fur-room")[0].alpha >= 0.5, truth
    )


def test_the_whole_cup_wins_over_its_rim() -> None:
    image = Image.open(SET / "photo-coffee.jpg").convert("RGB")
    found = cutout(image)
    alpha = found.alpha
    height, width = alpha.shape
    assert found.method.startswith("frame")  # the outline closed around the rim only
    assert alpha[int(0.85 * height), int(0.3 * width)] > 0.5  # the saucer
    assert alpha[int(0.3 * height), int(0.45 * width)] > 0.5  # the coffee in the cup
    assert alpha[int(0.1 * height), int(0.05 * width)] < 0.5  # the table
    assert alpha[int(0.95 * height), int(0.95 * width)] < 0.5
