"""A city skyline: layered towers fading into haze, lit windows at night, a river."""

from __future__ import annotations

import numpy as np

from photogen.engine.studio.layers import Canvas, haze_colour, paint_ridge
from photogen.engine.studio.noise import Array, rgb
from photogen.engine.studio.sky import Sky
from photogen.engine.studio.water import reflect

CONCRETE = {
    "day": rgb(0.42, 0.46, 0.52),
    "golden": rgb(0.45, 0.38, 0.35),
    "sunset": rgb(0.22, 0.17, 0.22),
    "night": rgb(0.04, 0.045, 0.07),
    "overcast": rgb(0.40, 0.42, 0.45),
}


def _skyline(
    rng: np.random.Generator, width: int, base: float, tallest: float
) -> tuple[Array, Array]:
    """Roof line per column and the building index of each column."""
    roof = np.full(width, base, dtype=np.float32)
    owner = np.full(width, -1, dtype=np.int32)
    x, index = float(rng.uniform(-20, 0)), 0
    while x < width:
        span = rng.uniform(0.03, 0.09) * width
        tall = tallest * rng.uniform(0.25, 1.0) ** 1.6
        lo, hi = int(max(x, 0)), int(min(x + span, width))
        roof[lo:hi], owner[lo:hi] = base - tall, index
        if rng.random() < 0.2 and hi - lo > 6:
            mid = (lo + hi) // 2
            roof[mid - 1 : mid + 1] = base - tall - tallest * 0.08
        x += span + rng.uniform(0, 0.01) * width
        index += 1
    return roof, owner


def _windows(
    rng: np.random.Generator,
    canvas: Canvas,
    roof: Array,
    owner: Array,
    base: float,
    night: bool,
    scale: float,
) -> None:
    """Grid windows on the buildings: warm and random at night, faint glass by day."""
    height = canvas.image.shape[0]
    top, bottom = int(max(roof.min(), 0)), int(min(base, height))
    ys = np.arange(top, bottom, dtype=np.float32)[:, None]
    xs = np.arange(roof.size, dtype=np.float32)[None, :]
    cell_w, cell_h = 9.0 * scale, 12.0 * scale
    grid = ((xs % cell_w) < cell_w * 0.55) & (((ys - roof[None, :]) % cell_h) < cell_h * 0.5)
    grid &= (ys > roof[None, :] + cell_h) & (owner[None, :] >= 0)
    lottery = rng.random(4096)
    key = (
        owner[None, :] * 977
        + (xs // cell_w).astype(np.int64) * 31
        + (ys // cell_h).astype(np.int64) * 7
    ) % 4096
    lit = lottery[key]
    region = canvas.image[top:bottom]
    if night:
        on = (grid & (lit < 0.38)).astype(np.float32)[..., None]
        warm = rgb(1.0, 0.78, 0.45) * (0.55 + 0.45 * lit[..., None])
        region += (warm - region) * on
    else:
        region *= 1.0 - 0.12 * grid[..., None] * (0.5 + lit[..., None])


def paint_city(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Three rows of buildings over a river that mirrors them."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    concrete = CONCRETE[time_of_day]
    night = time_of_day in ("night", "sunset")
    for index in range(3):
        distance = (2 - index) / 2.0
        base = horizon + 2.0
        roof, owner = _skyline(rng, width, base, height * (0.18 + 0.1 * index))
        colour = haze_colour(concrete * (1.0 - 0.15 * index), light.haze, 0.7 * distance)
        paint_ridge(canvas, roof, colour, colour * 0.8, height * 0.4, 0.8 - 0.2 * index)
        if index > 0:
            _windows(rng, canvas, roof, owner, base, night, max(width / 1080, 0.5) * (index + 1))
    reflect(rng, canvas, sky, time_of_day, horizon + 2, calm=0.6)
