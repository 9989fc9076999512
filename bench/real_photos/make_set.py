"""Builds the real-photo cut-out set in tests/data/real_photos from scikit-image's data.

Run once, with the data folder of a scikit-image wheel (it is not a dependency):

    pip download scikit-image --no-deps -d /tmp/ski
    unzip /tmp/ski/*.whl 'skimage/data/*' -d /tmp/ski
    python bench/real_photos/make_set.py /tmp/ski/skimage/data

Two kinds of file, all small (the licences are in tests/data/real_photos/LICENCE.md):

- ``photo-*.jpg``: real photographs, 512 px on the long side, no ground truth: the
  cut-out's honesty is measured on them (does it say when it is unsure?);
- ``comp-*.jpg`` with ``comp-*-mask.png``: composites with an exact ground truth: a
  real photographed surface (cat fur, a spacesuit, a saucer) inside a silhouette
  (scikit-image's CC0 horse, or an ellipse) over a real photographed background
  (brick, grass, gravel, a night sky, a blurred room), some touching the frame's
  bottom edge. The surfaces and backgrounds are real; the outlines are drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "real_photos"
SIDE = 384
PHOTOS = ("astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg")


def _rgb(data: Path, name: str) -> np.ndarray:
    return np.asarray(Image.open(data / name).convert("RGB"))


def _fill(source: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = box
    return cv2.resize(source[y0:y1, x0:x1], (SIDE, SIDE), interpolation=cv2.INTER_CUBIC)


def _backgrounds(data: Path) -> dict[str, np.ndarray]:
    grey = {
        n: np.asarray(Image.open(data / f"{n}.png").convert("L"))
        for n in ("brick", "grass", "gravel")
    }
    tints = {"brick": (1.1, 0.8, 0.65), "grass": (0.75, 1.05, 0.7), "gravel": (1.0, 0.97, 0.9)}
    out = {
        name: np.clip(
            cv2.resize(np.dstack([g] * 3), (SIDE, SIDE)) * np.array(tints[name]), 0, 255
        ).astype(np.uint8)
        for name, g in grey.items()
    }
    out["sky"] = _fill(_rgb(data, "rocket.jpg"), (150, 0, 400, 250))
    out["room"] = _fill(_rgb(data, "chelsea.png"), (330, 0, 451, 150))
    return out


def _surfaces(data: Path) -> dict[str, np.ndarray]:
    return {
        "fur": _fill(_rgb(data, "chelsea.png"), (10, 160, 170, 300)),
        "suit": _fill(_rgb(data, "astronaut.png"), (20, 250, 180, 420)),
        "saucer": _fill(_rgb(data, "coffee.png"), (90, 300, 400, 390)),
    }


def _horse(data: Path, scale: float, offset: tuple[int, int]) -> np.ndarray:
    grey = np.asarray(Image.open(data / "horse.png").convert("L")).astype(np.float32) / 255
    alpha = 1 - grey  # a black horse on white
    height = round(SIDE * scale)
    width = round(alpha.shape[1] * height / alpha.shape[0])
    small = cv2.resize(alpha, (width, height), interpolation=cv2.INTER_AREA)
    canvas = np.zeros((SIDE, SIDE), np.float32)
    x, y = offset
    h, w = min(height, SIDE - y), min(width, SIDE - x)
    canvas[y : y + h, x : x + w] = small[:h, :w]
    return canvas


def _ellipse(centre: tuple[int, int], axes: tuple[int, int]) -> np.ndarray:
    big = np.zeros((SIDE * 4, SIDE * 4), np.uint8)
    cv2.ellipse(big, (centre[0] * 4, centre[1] * 4), (axes[0] * 4, axes[1] * 4), 0, 0, 360, 255, -1)
    return cv2.resize(big, (SIDE, SIDE), interpolation=cv2.INTER_AREA).astype(np.float32) / 255


COMPOSITES = (
    # name, surface, background, shape
    ("horse-fur-brick", "fur", "brick", ("horse", 0.55, (70, 90))),
    ("horse-suit-grass", "suit", "grass", ("horse", 0.6, (50, 80))),
    ("horse-saucer-gravel", "saucer", "gravel", ("horse", 0.5, (90, 110))),
    ("horse-suit-sky", "suit", "sky", ("horse", 0.55, (60, 100))),
    ("horse-fur-room", "fur", "room", ("horse", 0.6, (40, 70))),
    ("edge-horse-saucer-brick", "saucer", "brick", ("horse", 0.7, (40, 130))),
    ("edge-oval-fur-gravel", "fur", "gravel", ("oval", (192, 300), (110, 130))),
    ("oval-suit-room", "suit", "room", ("oval", (192, 200), (100, 140))),
)


def main(data: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in PHOTOS:
        image = Image.open(data / name).convert("RGB")
        image.thumbnail((512, 512), Image.Resampling.LANCZOS)
        image.save(OUT / f"photo-{Path(name).stem}.jpg", quality=90)
    backgrounds, surfaces = _backgrounds(data), _surfaces(data)
    rng = np.random.default_rng(7)
    for name, surface, background, shape in COMPOSITES:
        if shape[0] == "horse":
            alpha = _horse(data, shape[1], shape[2])
        else:
            alpha = _ellipse(shape[1], shape[2])
        a = alpha[..., None]
        image = a * surfaces[surface] + (1 - a) * backgrounds[background]
        image = np.clip(image + rng.normal(0, 2.0, image.shape), 0, 255).astype(np.uint8)
        Image.fromarray(image).save(OUT / f"comp-{name}.jpg", quality=92)
        Image.fromarray(((alpha >= 0.5) * 255).astype(np.uint8)).convert("1").save(
            OUT / f"comp-{name}-mask.png"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
