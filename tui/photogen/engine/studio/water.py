"""Water: a lake that mirrors the land and sky, and the sea meeting a sandy beach."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.studio.landscape import SAND, paint_mountains
from photogen.engine.studio.layers import Canvas, haze_colour, paint_ridge, tree_line
from photogen.engine.studio.noise import Array, fbm_1d, mix, rgb, smoothstep, upscaled_fbm
from photogen.engine.studio.sky import Sky

DEEP = {
    "day": rgb(0.05, 0.18, 0.25),
    "golden": rgb(0.10, 0.14, 0.20),
    "sunset": rgb(0.10, 0.07, 0.12),
    "night": rgb(0.01, 0.02, 0.04),
    "overcast": rgb(0.18, 0.22, 0.25),
}


def reflect(
    rng: np.random.Generator,
    canvas: Canvas,
    sky: Sky,
    time_of_day: str,
    top: int,
    calm: float = 1.0,
) -> None:
    """Mirror everything above row ``top`` into water below it, with ripples and glitter.

    Args:
        rng: Seeded generator.
        canvas: Frame; rows below ``top`` become water.
        sky: The sky, for the sun's position and the light.
        time_of_day: Selects the colour of deep water.
        top: The waterline in pixels.
        calm: 1 for a mirror-calm lake, lower for choppier water.
    """
    width, height = canvas.size
    if top >= height - 1:
        return
    rows = height - top
    ys, xs = np.mgrid[top:height, 0:width].astype(np.float32)
    below = (ys - top) / max(rows, 1)
    waves = upscaled_fbm(rng, rows, width, 2, (28, 3), 4) - 0.5
    wobble = waves * (1.5 + 40.0 * below / calm)
    map_y = np.clip(2 * top - ys + wobble * 0.4, 0, top - 1).astype(np.float32)
    map_x = (xs + wobble).astype(np.float32)
    mirrored = cv2.remap(
        canvas.image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
    )
    fresnel = 0.92 - 0.45 * below
    water = mix(DEEP[time_of_day], mirrored, fresnel) * (1.0 + waves[..., None] * 0.18 / calm)
    glitter = _glitter(rng, xs, below, waves, sky, width)
    canvas.image[top:] = water + glitter[..., None] * sky.light.sun
    canvas.depth[top:] = np.minimum(canvas.depth[top:], 0.9 - 0.8 * below)


def _glitter(
    rng: np.random.Generator, xs: Array, below: Array, waves: Array, sky: Sky, width: int
) -> Array:
    """Sparkles on the sun's path across the water (low sun only)."""
    if sky.light.sun_height > 0.5 or sky.light.stars:
        return np.zeros_like(below)
    path = np.exp(-(((xs - sky.sun_xy[0]) / (width * (0.04 + 0.2 * below))) ** 2))
    sparkle = smoothstep(0.25, 0.45, waves + rng.uniform(-0.02, 0.02)) * path
    return (sparkle * 0.8 + path * 0.12) * sky.light.glow


def paint_lake(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Mountains behind a tree-lined shore, mirrored in a calm lake."""
    width, height = canvas.size
    paint_mountains(rng, canvas, sky, time_of_day, foreground=False)
    shore = sky.horizon_y + height * 0.012 * fbm_1d(rng, width, 3, 4)
    trees = tree_line(rng, shore, width // 7, (height * 0.015, height * 0.05))
    green = haze_colour(rgb(0.08, 0.13, 0.08) * (0.5 + sky.light.land), sky.light.haze, 0.35)
    paint_ridge(canvas, trees, green, green * 0.7, height * 0.05, 0.7)
    reflect(rng, canvas, sky, time_of_day, int(shore.max()) + 1, calm=1.0)


def paint_beach(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Open sea to the horizon, surf on the shore and a sandy foreground."""
    width, height = canvas.size
    horizon = sky.horizon_y
    reflect(rng, canvas, sky, time_of_day, horizon, calm=0.35)
    shore = horizon + (height - horizon) * rng.uniform(0.38, 0.55)
    shore_line = shore + height * 0.03 * (fbm_1d(rng, width, 3, 5) - 0.5)
    sand = SAND[time_of_day] * (0.75 + 0.35 * sky.light.land)
    grain = 0.9 + 0.2 * upscaled_fbm(rng, height, width, 2, (30, 30), 3)
    paint_ridge(canvas, shore_line, sand * 0.62, sand, height * 0.12, 0.3, grain)
    foam = shore_line - height * (0.004 + 0.01 * fbm_1d(rng, width, 8, 4))
    _paint_foam(canvas, foam, height * 0.012, sky.light.cloud_lit * 0.95)
    _paint_foam(
        canvas, foam - height * rng.uniform(0.03, 0.06), height * 0.004, sky.light.cloud_lit * 0.8
    )


def _paint_foam(canvas: Canvas, line: Array, thickness: float, colour: Array) -> None:
    """A broken white band of surf along ``line``."""
    height = canvas.image.shape[0]
    top = int(max(line.min() - thickness * 2, 0))
    bottom = int(min(line.max() + thickness * 2, height))
    if bottom <= top:
        return
    ys = np.arange(top, bottom, dtype=np.float32)[:, None]
    band = np.exp(-(((ys - line[None, :]) / max(thickness, 1.0)) ** 2))
    breaks = 0.5 + 0.5 * np.sin(np.arange(line.size) / 7.0 + line * 0.3)[None, :]
    alpha = np.clip(band * (0.5 + 0.5 * breaks), 0.0, 1.0)[..., None]
    region = canvas.image[top:bottom]
    region += (colour - region) * alpha
