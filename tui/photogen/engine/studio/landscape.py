"""Land scenes: mountains, desert dunes, forest and field, on top of a painted sky."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.studio.layers import Canvas, haze_colour, paint_ridge, tree_line
from photogen.engine.studio.noise import Array, fbm_1d, mix, rgb, smoothstep, upscaled_fbm
from photogen.engine.studio.sky import Sky
from photogen.engine.studio.terrain import (
    LOW,
    Sun,
    aerial,
    composite,
    conifers,
    face_height,
    ground_texture,
    lambert,
    light_colour,
    low_grid,
    noise2,
    ridged_line,
    shrink_line,
)

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


ROCK_ALBEDO = rgb(0.30, 0.28, 0.27)
SNOW_ALBEDO = rgb(0.90, 0.92, 0.95)
FOLIAGE = rgb(0.10, 0.14, 0.07)


def paint_mountains(
    rng: np.random.Generator,
    canvas: Canvas,
    sky: Sky,
    time_of_day: str,
    foreground: bool = True,
    scale: float = 1.0,
) -> None:
    """Three lit ranges receding into haze, snow on the peaks, an optional meadow."""
    width, height = canvas.size
    horizon = sky.horizon_y
    sun = Sun.from_sky(sky, width)
    ranges = []
    for index in range(3):
        amp = scale * height * (0.27 - 0.06 * index) * rng.uniform(0.75, 1.15)
        lift = horizon + height * 0.035 * index - height * 0.02
        crest = ridged_line(rng, width, int(rng.integers(2, 4)), 8)
        massif = fbm_1d(rng, width, 2, 3)
        shape = (0.55 * crest + 0.45 * massif) * (0.5 + 0.5 * fbm_1d(rng, width, 1, 2))
        ranges.append((lift - amp * shape, amp, lift))
    base = None
    if foreground:
        base = horizon + height * 0.12 - height * 0.05 * fbm_1d(rng, width, 3, 5)
    top = min(float(r[0].min()) for r in ranges)
    snowline = top + (horizon - top) * float(rng.uniform(0.35, 0.6))
    for index, (ridge, amp, lift) in enumerate(ranges):
        nxt = ranges[index + 1][0] if index < 2 else base
        last = height if nxt is None else int(np.ceil(nxt.max())) + 2
        _paint_range(rng, canvas, sun, ridge, amp, lift, (2 - index) / 2.0, last, snowline)
    if base is not None:
        _paint_meadow(rng, canvas, sun, base)


def _paint_range(
    rng: np.random.Generator,
    canvas: Canvas,
    sun: Sun,
    ridge: Array,
    amp: float,
    lift: float,
    distance: float,
    last: int,
    snowline: float,
) -> None:
    """One mountain range: lit faces, gullies, snow, foliage low down, haze and mist."""
    width = canvas.size[0]
    first = int(max(np.floor(ridge.min()), 0))
    if first >= min(last, canvas.size[1]):
        return
    rows_y, rows, cols = low_grid(first, last, width)
    ridge_s = shrink_line(ridge, cols)
    gullies = 1.0 - np.abs(noise2(rng, rows, cols, (max(rows // 30, 2), max(cols // 22, 4)), 4))
    field = face_height(ridge_s, rows_y, amp, gullies - 0.5)
    direct, skylight, steep = lambert(field, sun, 1.0 / LOW)
    strata = noise2(rng, rows, cols, (max(rows // 12, 2), max(cols // 60, 2)), 3)
    albedo = ROCK_ALBEDO * (1.0 + 0.25 * strata + 0.2 * (gullies - 0.5))[..., None]
    ys = rows_y[:, None]
    low = smoothstep(lift - amp * 0.55, lift - amp * 0.1, ys + strata * amp * 0.12)
    albedo = mix(albedo, FOLIAGE * (0.9 + 0.3 * gullies[..., None]), low * (1.0 - distance) * 0.9)
    snow = smoothstep(-0.05, 0.05, (snowline - ys) / amp + 0.18 * strata + 0.15 * gullies - 0.05)
    snow *= 1.0 - smoothstep(0.5, 0.8, steep)
    albedo = mix(albedo, SNOW_ALBEDO, snow)
    colour = light_colour(albedo, direct, skylight, sun)
    mist = smoothstep(lift - amp * 0.6, lift + amp * 0.05, ys) * (0.35 + 0.35 * distance)
    haze = 0.06 + 0.62 * distance
    colour = aerial(colour, sun.haze, haze + (1.0 - haze) * mist)
    layer_depth = 0.61 + 0.24 * distance
    composite(canvas, ridge, colour.astype(np.float32), first, last, layer_depth)


def _paint_meadow(rng: np.random.Generator, canvas: Canvas, sun: Sun, base: Array) -> None:
    """A sunlit grassy foreground: rolling ground, patches of dry grass, perspective texture."""
    width, height = canvas.size
    first = int(max(np.floor(base.min()), 0))
    rows_y, rows, cols = low_grid(first, height, width)
    ys = rows_y[:, None]
    depth = np.clip(ys - shrink_line(base, cols)[None, :], 0.0, None)
    rolls = noise2(rng, rows, cols, (2, 4), 3)
    field = depth * 2.5 + rolls * height * 0.05
    direct, skylight, _ = lambert(field, sun, 1.0 / LOW)
    texture = ground_texture(rng, rows_y, cols, width, base.min() - height * 0.03)
    patches = noise2(rng, rows, cols, (5, 3), 3)
    grass = mix(GREEN["day"] * 1.05, rgb(0.36, 0.33, 0.16), smoothstep(-0.1, 0.8, patches))
    albedo = grass * (0.62 + 0.76 * texture)[..., None]
    colour = light_colour(albedo, direct, skylight, sun)
    near = np.clip(depth / max(height - base.max(), 1.0), 0.0, 1.0)
    colour = aerial(colour, sun.haze, 0.3 * (1.0 - near) ** 2)
    composite(canvas, base, colour.astype(np.float32), first, height, 0.2)


def paint_forest(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Rows of conifers of varied size receding into fog that pools between the rows."""
    width, height = canvas.size
    light, horizon = sky.light, sky.horizon_y
    sun = Sun.from_sky(sky, width)
    hills = horizon - height * 0.1 * fbm_1d(rng, width, 2, 5)
    paint_ridge(
        canvas, hills, haze_colour(GREEN["day"], light.haze, 0.85), light.haze, height * 0.2, 0.95
    )
    rows = 5
    layers = []
    for index in range(rows):
        base = horizon + height * (0.015 + 0.075 * index**1.25)
        base = base - height * (0.03 + 0.01 * index) * fbm_1d(rng, width, 3, 4)
        tall = height * (0.035 + 0.045 * index), height * (0.09 + 0.11 * index)
        count = int(width / (5 + 9 * index)) + 10
        layers.append((base, tall, *conifers(rng, base, count, tall)))
    for index, (base, tall, ridge, across) in enumerate(layers):
        distance = (rows - 1 - index) / (rows - 1)
        nxt = layers[index + 1][2] if index + 1 < rows else None
        last = height if nxt is None else int(np.ceil(nxt.max())) + 2
        _paint_trees(rng, canvas, sun, ridge, across, base, tall, distance, last)


def _paint_trees(
    rng: np.random.Generator,
    canvas: Canvas,
    sun: Sun,
    ridge: Array,
    across: Array,
    base: Array,
    tall: tuple[float, float],
    distance: float,
    last: int,
) -> None:
    """One row of trees: needles lit on the sun side, tips catching light, fog at the feet."""
    width, height = canvas.size
    first = int(max(np.floor(ridge.min()), 0))
    if first >= min(last, height):
        return
    rows_y, rows, cols = low_grid(first, last, width)
    ys = rows_y[:, None]
    side = shrink_line(across, cols)[None, :]
    below_tip = np.clip(ys - shrink_line(ridge, cols)[None, :], 0.0, None) / max(tall[1], 1.0)
    needles = noise2(rng, rows, cols, (max(rows // 4, 2), max(cols // 3, 4)), 2)
    facing = float(np.sign(sun.direction[0]))
    direct = smoothstep(-0.5, 0.7, side * facing) * (0.6 + 0.4 * np.exp(-below_tip * 3))
    direct = direct * np.clip(0.75 + 0.5 * needles, 0.0, None)
    skylight = (0.5 + 0.25 * np.exp(-below_tip * 2)) * (0.85 + 0.3 * needles)
    albedo = FOLIAGE * (1.0 + 0.6 * (1.0 - distance))
    colour = light_colour(albedo, direct.astype(np.float32), skylight.astype(np.float32), sun)
    feet = shrink_line(base, cols)[None, :]
    fog = smoothstep(feet - tall[1] * 0.9, feet + tall[0] * 0.2, ys)
    haze = 0.08 + 0.72 * distance
    amount = haze + (1.0 - haze) * fog * (0.75 if last < height else 0.25)
    colour = aerial(colour, sun.haze, amount)
    composite(canvas, ridge, colour.astype(np.float32), first, last, 0.85 - 0.7 * (1.0 - distance))


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


SAND_ALBEDO = rgb(0.80, 0.60, 0.40)


def paint_desert(rng: np.random.Generator, canvas: Canvas, sky: Sky, time_of_day: str) -> None:
    """Dunes with sharp, wind-bent crests, sunlit windward faces, soft shaded lee
    slopes and fine ripples, fading into haze with distance."""
    width, height = canvas.size
    horizon = sky.horizon_y
    sun = Sun.from_sky(sky, width)
    xs = np.arange(width, dtype=np.float32)
    dunes = []
    count = 4
    for index in range(count):
        amp = height * (0.035 + 0.055 * index) * rng.uniform(0.8, 1.2)
        period = width * (0.22 + 0.22 * index) * rng.uniform(0.8, 1.25)
        warp = (fbm_1d(rng, width, 2, 3) - 0.5) * 1.3 * np.pi
        phase = 2.0 * np.pi * xs / period + warp + rng.uniform(0, 2 * np.pi)
        crest = _dune_profile(phase, 0.66 if sun.direction[0] < 0 else 0.34)
        crest = cv2.GaussianBlur(crest[None, :], (0, 0), 1.2)[0]
        envelope = 0.45 + 0.55 * fbm_1d(rng, width, 2, 3)
        base = horizon + height * (0.012 + 0.085 * index**1.3)
        dunes.append((base - amp * (0.2 + 0.8 * crest * envelope), amp, base))
    for index, (ridge, amp, base) in enumerate(dunes):
        nxt = dunes[index + 1][0] if index + 1 < count else None
        last = height if nxt is None else int(np.ceil(nxt.max())) + 2
        distance = (count - 1 - index) / (count - 1)
        _paint_dune(rng, canvas, sun, ridge, amp, base, horizon, distance, last)


def _dune_profile(phase: Array, crest_at: float) -> Array:
    """A dune cross-section in [0, 1]: a long windward slope, a sharp crest at
    ``crest_at`` of each period, a short steep slip face, rounded troughs."""
    s = (phase / (2.0 * np.pi)) % 1.0
    t = np.where(s < crest_at, (crest_at - s) / crest_at, (s - crest_at) / (1.0 - crest_at))
    return (1.0 - 0.3 * t - 0.7 * t * t * (3.0 - 2.0 * t)).astype(np.float32)


def _paint_dune(
    rng: np.random.Generator,
    canvas: Canvas,
    sun: Sun,
    ridge: Array,
    amp: float,
    base: float,
    horizon: float,
    distance: float,
    last: int,
) -> None:
    """One dune row: the crest profile continued down the faces, ripples in perspective."""
    width, height = canvas.size
    first = int(max(np.floor(ridge.min()), 0))
    if first >= min(last, height):
        return
    rows_y, rows, cols = low_grid(first, last, width)
    ys = rows_y[:, None]
    ridge_s = shrink_line(ridge, cols)
    swell = noise2(rng, rows, cols, (2, 4), 2)
    field = face_height(ridge_s, rows_y, amp * 0.9, swell * 0.1)
    direct, skylight, _ = lambert(field, sun, 1.4 / LOW)
    below = np.maximum(ys - horizon, 2.0)
    xs = (np.arange(cols, dtype=np.float32)[None, :] + 0.5) * (width / cols)
    bend = noise2(rng, rows, cols, (3, 3), 2)
    wave = np.sin((xs * 0.25 + height * 40.0 / below + bend * 14.0) * (below / height) * 9.0)
    ripple_fade = smoothstep(0.04, 0.2, below / height) * (1.0 - distance * 0.7)
    ripples = wave * ripple_fade * (0.35 + 0.65 * direct)
    albedo = SAND_ALBEDO * (1.0 + 0.08 * swell + 0.07 * ripples)[..., None]
    colour = light_colour(albedo, direct, skylight, sun)
    mist = smoothstep(base - amp * 0.8, base + amp * 0.2, ys) * 0.3 * distance
    haze = 0.04 + 0.36 * distance
    dust = mix(sun.haze, SAND_ALBEDO * (sun.colour + sun.fill), 0.45)
    colour = aerial(colour, dust, haze + (1.0 - haze) * mist)
    composite(canvas, ridge, colour.astype(np.float32), first, last, 0.85 - 0.6 * (1.0 - distance))
