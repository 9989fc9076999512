"""Skies by time of day: gradient, sun or moon with glow, perspective clouds, stars."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from photogen.engine.studio.noise import Array, fbm, mix, resize, rgb, smoothstep


@dataclass(frozen=True)
class Light:
    """The light of a scene, shared by the sky, the land and the water."""

    zenith: Array
    horizon: Array
    sun: Array
    cloud_lit: Array
    cloud_shade: Array
    haze: Array
    """Colour that distant things fade into (atmospheric perspective)."""
    land: float
    """How brightly the sun lights the land (0 dark .. 1 full sun)."""
    sun_height: float
    """Sun (or moon) height above the horizon, as a fraction of the sky."""
    cover: float
    """Cloud cover, 0 clear .. 1 overcast."""
    glow: float
    stars: bool = False


LIGHTS: dict[str, Light] = {
    "day": Light(
        rgb(0.20, 0.42, 0.78),
        rgb(0.72, 0.83, 0.94),
        rgb(1.0, 0.97, 0.9),
        rgb(1.0, 1.0, 1.0),
        rgb(0.62, 0.68, 0.78),
        rgb(0.70, 0.79, 0.88),
        1.0,
        1.2,
        0.45,
        0.15,
    ),
    "golden": Light(
        rgb(0.32, 0.47, 0.74),
        rgb(1.0, 0.80, 0.55),
        rgb(1.0, 0.85, 0.55),
        rgb(1.0, 0.87, 0.68),
        rgb(0.56, 0.50, 0.60),
        rgb(0.93, 0.78, 0.62),
        0.85,
        0.16,
        0.40,
        0.55,
    ),
    "sunset": Light(
        rgb(0.17, 0.20, 0.42),
        rgb(1.0, 0.52, 0.24),
        rgb(1.0, 0.72, 0.38),
        rgb(1.0, 0.60, 0.42),
        rgb(0.32, 0.22, 0.36),
        rgb(0.80, 0.47, 0.40),
        0.55,
        0.05,
        0.5,
        0.9,
    ),
    "night": Light(
        rgb(0.01, 0.015, 0.05),
        rgb(0.05, 0.08, 0.17),
        rgb(0.92, 0.94, 1.0),
        rgb(0.14, 0.15, 0.22),
        rgb(0.03, 0.035, 0.07),
        rgb(0.06, 0.08, 0.16),
        0.12,
        0.62,
        0.25,
        0.12,
        stars=True,
    ),
    "overcast": Light(
        rgb(0.56, 0.59, 0.63),
        rgb(0.80, 0.82, 0.84),
        rgb(1.0, 1.0, 1.0),
        rgb(0.86, 0.87, 0.89),
        rgb(0.52, 0.54, 0.58),
        rgb(0.76, 0.78, 0.80),
        0.45,
        2.0,
        0.95,
        0.0,
    ),
}


@dataclass(frozen=True)
class Sky:
    """A painted sky and where its sun is (in pixels)."""

    image: Array
    sun_xy: tuple[float, float]
    horizon_y: int
    light: Light


def paint_sky(
    rng: np.random.Generator, width: int, height: int, horizon_y: int, light: Light
) -> Sky:
    """Paint the sky over the whole frame (later layers cover what is below the horizon)."""
    small_w, small_h = max(width // 4, 8), max(height // 4, 8)
    sun_x = width * rng.uniform(0.25, 0.75)
    sun_y = horizon_y - horizon_y * light.sun_height
    ys, xs = np.mgrid[0:small_h, 0:small_w].astype(np.float32) * 4.0
    above = np.clip((horizon_y - ys) / max(horizon_y, 1), 0.0, 1.0)
    image = mix(light.horizon, light.zenith, above**0.55)
    dist = np.hypot(xs - sun_x, (ys - sun_y) * 1.4) / height
    glow = light.glow * (0.55 * np.exp(-dist / 0.22) + 0.6 * np.exp(-dist / 0.05))
    image = image + light.sun[None, None, :] * glow[..., None]
    density = _cloud_density(rng, xs, ys, width, height, horizon_y, light)
    clouds = _cloud_colour(light, above, density, glow)
    image = mix(image, clouds, density * 0.92)
    full = resize(np.ascontiguousarray(image), width, height)
    cover = resize(density, width, height)
    if light.stars:
        _add_stars(rng, full, cover, horizon_y)
    if light.sun_height < 1.0:
        _add_disc(full, cover, sun_x, sun_y, height, light)
    return Sky(full, (sun_x, sun_y), horizon_y, light)


def _cloud_density(
    rng: np.random.Generator,
    xs: Array,
    ys: Array,
    width: int,
    height: int,
    horizon_y: int,
    light: Light,
) -> Array:
    """Cloud density in [0, 1], drawn on a plane above the camera so it recedes."""
    texture = fbm(rng, 256, 256, (4, 4), 6, 0.55)
    above = np.maximum((horizon_y - ys) / height, 0.0) + 0.015
    depth = 1.0 / above
    map_x = ((xs - width / 2) / height * depth * 80.0 + 128.0).astype(np.float32)
    map_y = (depth * 45.0 + rng.uniform(0, 200)).astype(np.float32)
    sampled = cv2.remap(texture, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)
    cover = np.clip(light.cover + rng.uniform(-0.15, 0.15), 0.0, 1.0)
    threshold = 0.75 - 0.55 * cover
    density = smoothstep(threshold, threshold + 0.28, sampled)
    return (density * smoothstep(0.0, 0.06, above) * (ys < horizon_y)).astype(np.float32)


def _cloud_colour(light: Light, above: Array, density: Array, glow: Array) -> Array:
    """Clouds lit from the sun side: bright tops, shaded bellies, hazy near the horizon."""
    rows = np.gradient(density, axis=0)
    lit = np.clip(0.6 - rows * 3.0 * (1.2 - light.cover) + glow * 0.6, 0.0, 1.0)
    colour = mix(light.cloud_shade, light.cloud_lit, lit)
    return mix(light.horizon * 0.9 + light.cloud_lit * 0.1, colour, smoothstep(0.0, 0.35, above))


def _add_stars(rng: np.random.Generator, image: Array, cover: Array, horizon_y: int) -> None:
    """Scatter stars in the clear part of a night sky."""
    height, width = image.shape[:2]
    count = width * max(horizon_y, 1) // 900
    xs = rng.integers(0, width, count)
    ys = rng.integers(0, max(horizon_y, 1), count)
    brightness = rng.random(count, dtype=np.float32) ** 4 * 0.9 + 0.08
    fade = np.clip((horizon_y - ys) / (0.3 * max(horizon_y, 1)), 0.0, 1.0)
    values = (brightness * fade * (1.0 - cover[ys, xs]))[:, None]
    image[ys, xs] = np.minimum(image[ys, xs] + values, 1.0)
    bright = brightness > 0.5
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        sx, sy = np.clip(xs[bright] + dx, 0, width - 1), np.clip(ys[bright] + dy, 0, height - 1)
        image[sy, sx] = np.minimum(image[sy, sx] + values[bright] * 0.35, 1.0)


def _add_disc(
    image: Array, cover: Array, sun_x: float, sun_y: float, height: int, light: Light
) -> None:
    """Draw a crisp sun or moon disc, dimmed by the clouds in front of it."""
    radius = height * (0.022 if light.stars else 0.03)
    top, left = int(max(sun_y - radius - 2, 0)), int(max(sun_x - radius - 2, 0))
    bottom = int(min(sun_y + radius + 3, image.shape[0]))
    right = int(min(sun_x + radius + 3, image.shape[1]))
    if bottom <= top or right <= left:
        return
    mask = np.zeros((bottom - top, right - left), dtype=np.uint8)
    centre = (int((sun_x - left) * 16), int((sun_y - top) * 16))
    cv2.circle(mask, centre, int(radius * 16), 255, -1, cv2.LINE_AA, shift=4)
    alpha = mask.astype(np.float32) / 255.0 * (1.0 - cover[top:bottom, left:right] * 0.85)
    disc = np.minimum(light.sun * 1.25, 1.0)
    region = image[top:bottom, left:right]
    region[:] = mix(region, disc, alpha)
