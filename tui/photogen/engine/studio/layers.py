"""Painting silhouette layers (ridges, dunes, tree lines, skylines) onto a canvas.

A layer is a top edge per column (``ridge``, in pixels) filled down to the bottom of
the frame. Far layers fade into the haze colour; that is the atmospheric depth
that makes flat shapes read as distance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from photogen.engine.studio.noise import Array, mix


@dataclass
class Canvas:
    """The frame being painted: colour and a depth per pixel (0 near .. 1 sky)."""

    image: Array
    depth: Array

    @classmethod
    def from_image(cls, image: Array) -> Canvas:
        """Start a canvas from a background image at infinite depth."""
        return cls(image, np.ones(image.shape[:2], dtype=np.float32))

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return self.image.shape[1], self.image.shape[0]


def paint_ridge(
    canvas: Canvas,
    ridge: Array,
    top: Array,
    bottom: Array,
    fade_px: float,
    depth: float,
    texture: Array | None = None,
) -> None:
    """Fill below ``ridge`` with a vertical blend from ``top`` to ``bottom`` colour.

    Args:
        canvas: Frame to paint into.
        ridge: Top edge per column, in pixels (float for anti-aliasing).
        top: Colour at the ridge.
        bottom: Colour ``fade_px`` below the ridge and further down.
        fade_px: Height of the blend.
        depth: Depth written where the layer covers the frame.
        texture: Optional brightness multiplier per pixel (full frame size).
    """
    height = canvas.image.shape[0]
    first = int(max(np.floor(ridge.min()), 0))
    if first >= height:
        return
    ys = np.arange(first, height, dtype=np.float32)[:, None]
    alpha = np.clip(ys - ridge[None, :] + 0.5, 0.0, 1.0)
    colour = mix(top, bottom, np.clip((ys - ridge[None, :]) / max(fade_px, 1.0), 0.0, 1.0))
    if texture is not None:
        colour = colour * texture[first:, :, None]
    region = canvas.image[first:]
    region += (colour - region) * alpha[..., None]
    canvas.depth[first:] = np.where(alpha > 0.5, depth, canvas.depth[first:])


def tree_line(
    rng: np.random.Generator,
    base: Array,
    count: int,
    tall: tuple[float, float],
    pointed: bool = True,
) -> Array:
    """Top edge of a row of trees standing on ``base`` (conifers if ``pointed``)."""
    width = base.size
    ridge = base.copy()
    for x, h in zip(rng.uniform(0, width, count), rng.uniform(*tall, count), strict=True):
        half = h * (0.2 if pointed else 0.45)
        lo, hi = int(max(x - half, 0)), int(min(x + half + 1, width))
        if hi <= lo:
            continue
        offset = np.abs(np.arange(lo, hi, dtype=np.float32) - x) / half
        if pointed:
            shape = h * (1.0 - offset) - h * 0.07 * ((offset * 5.0) % 1.0)
        else:
            shape = h * np.sqrt(np.clip(1.0 - offset**2, 0.0, 1.0))
        ridge[lo:hi] = np.minimum(ridge[lo:hi], base[lo:hi] - shape)
    return ridge


def haze_colour(base: Array, haze: Array, distance: float) -> Array:
    """Fade a colour into the haze by ``distance`` (0 near .. 1 at the horizon)."""
    return mix(base, haze, float(np.clip(distance, 0.0, 1.0)))
