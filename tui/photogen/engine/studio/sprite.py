"""A rendered product: colour, coverage and where it touches the floor."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from photogen.engine.studio.noise import Array


@dataclass
class Sprite:
    """An object drawn in its own box, to be placed on a set.

    Attributes:
        image: Colour, (h, w, 3) float32.
        alpha: Coverage, (h, w) float32 in [0, 1].
        foot: (x, y) in the box of the point that rests on the floor.
        footprint: Half-width of the contact with the floor, in pixels.
    """

    image: Array
    alpha: Array
    foot: tuple[float, float]
    footprint: float


def polygon_mask(shape: tuple[int, int], points: npt.ArrayLike) -> Array:
    """Anti-aliased coverage (0..1) of a polygon given in pixel coordinates."""
    mask = np.zeros(shape, dtype=np.uint8)
    fixed = np.round(np.asarray(points, dtype=np.float64) * 16).astype(np.int32)
    cv2.fillPoly(mask, [fixed], 255, cv2.LINE_AA, shift=4)
    return mask.astype(np.float32) / 255.0


def ellipse_mask(
    shape: tuple[int, int],
    centre: tuple[float, float],
    axes: tuple[float, float],
    angle: float = 0.0,
) -> Array:
    """Anti-aliased coverage (0..1) of a filled ellipse."""
    mask = np.zeros(shape, dtype=np.uint8)
    cv2.ellipse(
        mask,
        (int(centre[0] * 16), int(centre[1] * 16)),
        (max(int(axes[0] * 16), 1), max(int(axes[1] * 16), 1)),
        angle,
        0,
        360,
        255,
        -1,
        cv2.LINE_AA,
        shift=4,
    )
    return mask.astype(np.float32) / 255.0


def smooth_curve(points: list[tuple[float, float]], samples: int = 16) -> Array:
    """A closed Catmull-Rom curve through ``points`` (for organic outlines)."""
    pts = np.asarray(points, dtype=np.float64)
    count = len(pts)
    out = []
    ts = np.linspace(0, 1, samples, endpoint=False)[:, None]
    for i in range(count):
        p0, p1, p2, p3 = (pts[(i + k) % count] for k in (-1, 0, 1, 2))
        out.append(
            0.5
            * (
                (2 * p1)
                + (-p0 + p2) * ts
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * ts**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * ts**3
            )
        )
    return np.concatenate(out)


def over(base: Array, base_alpha: Array, top: Array, top_alpha: Array) -> tuple[Array, Array]:
    """Porter-Duff "over" of two premultiplied-free layers in the same box."""
    alpha = top_alpha + base_alpha * (1.0 - top_alpha)
    safe = np.maximum(alpha, 1e-6)[..., None]
    image = (top * top_alpha[..., None] + base * (base_alpha * (1.0 - top_alpha))[..., None]) / safe
    return image.astype(np.float32), alpha.astype(np.float32)
