"""Land scenes: mountains, desert dunes, forest and field, on top of a painted sky."""

from __future__ import annotations

import numpy as np

from photogen.engine.studio.layers import (
    Canvas,
    haze_colour,
    paint_ridge,
    relief,
    slope_light,
    tree_line,
)
from photogen.engine.studio.noise import Array, fbm_1d, mix, rgb, ridged_1d, upscaled_fbm
from photogen.engine.studio.sky import Sky

ROCK = {
    "day": rgb(0.34, 0.36, 0.42),
    "golden": rgb(0.52, 0.38, 0.30),
    "sunset": rgb(0.30, 0.19, 0.25),
    "night": rgb(0.05, 0.06, 0.10),
    "overcast": rgb(0.34, 0.37, 0.39),
}
GREEN = {
    "day": rgb(0.17, 0.28, 0.13),
    "golden": rgb(0.30, 0.29, 0.12),
    "sunset": rgb(0.17, 0.11, 0.12),
    "night": rgb(0.02, 0.03, 0.05),
    "overcast": rgb(0.20, 0.26, 0.20),
}
SAND = {
    "day": rgb(0.86, 0.68, 0.45),
    "golden": rgb(0.92, 0.62, 0.36),
    "sunset": rgb(0.78, 0.45, 0.32),
    "night": rgb(0.10, 0.10, 0.15),
    "overcast": rgb(0.70, 0.62, 0.50),
}


def _shading(canvas: Canvas, ridge: Array, rocky: Array, sun_x: float, strength: float) -> Array:
    """Brightness per pixel: rock relief plus sunlit/shaded slopes near the crest."""
    height = canvas.image.shape[0]
    ys = np.arange(height, dtype=np.float32)[:, None]
    near_crest = np.exp(-np.clip(ys - ridge[None, :], 0.0, None) / (0.18 * height))
    return rocky * (1.0 + (slope_light(ridge, sun_x, strength)[None, :] - 1.0) * near_crest)


def paint_mountains(
    rng: np.random.Generator,
    canvas: Canvas,
    sky: Sky,
    time_of_day: str,
    foreground: bool = True,
    scale: float = 1.0,
) -> None:
    """Three ranges fading into haze, snow on the far peaks, an optional green foreground."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    rock = ROCK[time_of_day] * (0.7 + 0.15 * light.land + 0.2 * light.sun * light.land)
    rocky = relief(rng, width, height, 0.22, sky.sun_xy[0] - width / 2)
    for index in range(3):
        distance = (2 - index) / 2.0
        amp = scale * height * (0.15 - 0.02 * index) * rng.uniform(0.75, 1.2)
        lift = horizon + height * 0.025 * index - height * 0.02
        ridge = lift - amp * ridged_1d(rng, width, int(rng.integers(2, 4)), 6)
        texture = _shading(canvas, ridge, rocky, sky.sun_xy[0], 0.45 * light.land)
        top = haze_colour(rock, light.haze, 0.78 * distance + 0.05)
        bottom = haze_colour(rock, light.haze, min(0.78 * distance + 0.35, 0.95))
        paint_ridge(canvas, ridge, top, bottom, height * 0.3, 0.85 - 0.12 * index, texture)
        if index < 2 and time_of_day != "night":
            _add_snow(rng, canvas, ridge, amp, 0.85 - 0.12 * index, light.sun, light.haze, distance)
    if foreground:
        base = horizon + height * 0.09 - height * 0.06 * fbm_1d(rng, width, 3, 5)
        _paint_meadow(rng, canvas, sky, time_of_day, base, trees=True)


def _add_snow(
    rng: np.random.Generator,
    canvas: Canvas,
    ridge: Array,
    amp: float,
    depth: float,
    sun: Array,
    haze: Array,
    distance: float,
) -> None:
    """Cap the highest parts of a range with patchy snow."""
    width, height = canvas.size
    top = int(max(ridge.min(), 0))
    snowline = float(ridge.min()) + amp * rng.uniform(0.15, 0.3)
    if snowline <= top:
        return
    patch = upscaled_fbm(rng, int(snowline) - top + 1, width, 2, (4, 12), 5)
    ys = np.arange(top, top + patch.shape[0], dtype=np.float32)[:, None]
    amount = np.clip((snowline - ys) / (amp * 0.3) + (patch - 0.55) * 1.6, 0.0, 1.0)
    amount *= canvas.depth[top : top + patch.shape[0]] == np.float32(depth)
    snow = haze_colour(np.minimum(sun * 0.92, 1.0), haze, 0.6 * distance)
    shade = 0.75 + 0.25 * patch[..., None]
    region = canvas.image[top : top + patch.shape[0]]
    region += (snow * shade - region) * (amount[..., None] * 0.9)


def _paint_meadow(
    rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str, base: Array, trees: bool
) -> None:
    """A grassy foreground with grass texture and, optionally, a few dark trees."""
    width, height = canvas.size
    light = sky.light
    grass = GREEN[time_of_day] * (0.7 + 0.5 * light.land)
    streaks = 0.8 + 0.4 * upscaled_fbm(rng, height, width, 2, (2, 60), 4)
    if trees:
        crowns = tree_line(rng, base + 4.0, int(rng.integers(3, 9)), (height * 0.04, height * 0.12))
        paint_ridge(canvas, crowns, grass * 0.5, grass * 0.4, height * 0.1, 0.15)
    paint_ridge(canvas, base, grass * 1.1, grass * 0.55, height * 0.35, 0.2, streaks)


def paint_forest(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Rows of conifers receding into fog over low hills."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    green = GREEN[time_of_day] * (0.8 + 0.4 * light.land)
    hills = horizon - height * 0.08 * fbm_1d(rng, width, 2, 5)
    paint_ridge(canvas, hills, haze_colour(green, light.haze, 0.85), light.haze, height * 0.2, 0.9)
    for index in range(4):
        distance = (3 - index) / 3.0
        base = horizon + height * (0.03 + 0.09 * index) - height * 0.04 * fbm_1d(rng, width, 3, 4)
        tall = height * (0.04 + 0.035 * index), height * (0.08 + 0.07 * index)
        ridge = tree_line(rng, base, int(width / (6 + 6 * index)) + 12, tall)
        top = haze_colour(green * (1.0 - 0.15 * index), light.haze, 0.8 * distance)
        fog = haze_colour(green, light.haze, min(0.8 * distance + 0.3, 1.0))
        paint_ridge(canvas, ridge, top, fog, tall[1] * 1.2, 0.8 - 0.2 * index)


def paint_field(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Rolling hills, a distant tree line and a textured field with specks of flowers."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    green = GREEN[time_of_day] * (0.85 + 0.5 * light.land)
    wheat = rgb(0.75, 0.62, 0.30) * (0.6 + 0.5 * light.land)
    crop = mix(green, wheat, float(rng.uniform(0.0, 0.8)))
    hills = horizon - height * 0.06 * fbm_1d(rng, width, 2, 4)
    trees = tree_line(rng, hills, width // 12, (height * 0.02, height * 0.05), pointed=False)
    paint_ridge(
        canvas,
        trees,
        haze_colour(green * 0.6, light.haze, 0.6),
        light.haze * 0.8,
        height * 0.05,
        0.9,
    )
    for index in range(3):
        distance = (2 - index) / 2.0
        base = horizon + height * (0.02 + 0.09 * index) - height * 0.05 * fbm_1d(rng, width, 2, 4)
        colour = haze_colour(crop * (1.05 - 0.1 * index), light.haze, 0.5 * distance)
        rows = upscaled_fbm(rng, height, width, 2, (3 + 20 * index, 6), 4)
        paint_ridge(
            canvas, base, colour, colour * 0.7, height * 0.3, 0.7 - 0.25 * index, 0.85 + 0.3 * rows
        )


def paint_desert(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Dunes with sunlit faces, shaded slip faces and wind ripples."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    sand = SAND[time_of_day] * (0.7 + 0.3 * light.land)
    ys = np.arange(height, dtype=np.float32)[:, None]
    ripples = upscaled_fbm(rng, height, width, 2, (40, 6), 3)
    for index in range(4):
        distance = (3 - index) / 3.0
        amp = height * (0.05 + 0.04 * index)
        crest = 1.0 - np.abs(fbm_1d(rng, width, 2, 4) * 2.0 - 1.0)
        ridge = horizon + height * 0.07 * index - amp * crest
        side = slope_light(ridge, sky.sun_xy[0], 0.35 * light.land)[None, :]
        band = np.exp(-np.clip(ys - ridge[None, :], 0, None) / (amp * 0.25 + 1.0))
        texture = (1.0 + (side - 1.0) * band) * (0.94 + 0.12 * ripples)
        top = haze_colour(sand, light.haze, 0.55 * distance)
        paint_ridge(canvas, ridge, top, top * 0.85, amp * 2, 0.8 - 0.2 * index, texture)
