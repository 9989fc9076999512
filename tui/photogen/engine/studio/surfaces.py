"""Product sets: seamless studio sweep, coloured backdrop, marble and wooden tabletops."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.studio.noise import Array, fbm, mix, resize, rgb, smoothstep

# How mirror-like each surface is (strength of the product's reflection).
GLOSS = {"white_sweep": 0.16, "color_backdrop": 0.2, "marble": 0.3, "wood": 0.12}


def paint_sweep(
    rng: np.random.Generator, width: int, height: int, floor_y: float, colour: Array
) -> Array:
    """A seamless paper sweep: wall and floor join in one soft gradient, lit from the front."""
    small_w, small_h = max(width // 8, 8), max(height // 8, 8)
    ys, xs = np.mgrid[0:small_h, 0:small_w].astype(np.float32) * 8.0
    light_x = width * rng.uniform(0.35, 0.65)
    wall = 0.84 + 0.16 * smoothstep(0.0, floor_y, ys)
    floor = 1.0 - 0.05 * smoothstep(floor_y, height * 1.2, ys)
    level = np.where(ys < floor_y, wall, floor)
    spot = np.exp(-(((xs - light_x) / (width * 0.55)) ** 2 + ((ys - floor_y) / height) ** 2))
    level = level * (0.9 + 0.1 * spot)
    image = colour[None, None, :] * level[..., None]
    if float(colour.min()) > 0.85:
        image = mix(image, rgb(1.0, 1.0, 1.0), 0.35)
    return resize(image.astype(np.float32), width, height)


def _table_warp(texture: Array, width: int, height: int, table_y: float) -> Array:
    """Lay a square texture on a tabletop receding from the bottom of the frame to ``table_y``."""
    size = texture.shape[0]
    src = np.array([[0, 0], [size, 0], [size, size], [0, size]], dtype=np.float32)
    dst = np.array(
        [
            [-1.2 * width, table_y],
            [2.2 * width, table_y],
            [1.25 * width, height * 1.05],
            [-0.25 * width, height * 1.05],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(
        texture, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101
    )


def _marble(rng: np.random.Generator, size: int) -> Array:
    """White marble with grey veins, as a square texture."""
    turbulence = fbm(rng, size, size, (3, 3), 6)
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
    phase = (xs * 2.5 + ys * 1.2) * np.pi * 2 + turbulence * 9.0
    veins = (1.0 - np.abs(np.sin(phase))) ** 10
    fine = (1.0 - np.abs(np.sin(phase * 2.7 + turbulence * 14.0))) ** 28 * 0.5
    cloud = fbm(rng, size, size, (4, 4), 5)
    base = mix(rgb(0.93, 0.92, 0.90), rgb(0.83, 0.83, 0.84), cloud * 0.6)
    return mix(base, rgb(0.45, 0.46, 0.5), np.clip(veins + fine, 0, 1) * 0.8).astype(np.float32)


def _wood(rng: np.random.Generator, size: int) -> Array:
    """Planks of oak-like wood running across the frame, as a square texture."""
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
    planks = 7
    plank = np.floor(ys * planks)
    wobble = fbm(rng, size, size, (2, 6), 5)
    grain = 0.5 + 0.5 * np.sin((ys * planks * 14.0 + wobble * 6.0 + plank * 1.7) * np.pi * 2)
    tint = (plank * 0.37 % 1.0) * 0.18
    light, dark = rgb(0.66, 0.46, 0.29), rgb(0.42, 0.26, 0.15)
    wood = mix(light, dark, grain**2 * 0.7 + tint)
    seam = 1.0 - smoothstep(0.0, 0.012, np.abs(ys * planks - np.round(ys * planks)))
    return mix(wood, dark * 0.5, seam * 0.8).astype(np.float32)


def paint_tabletop(
    rng: np.random.Generator, setting: str, width: int, height: int, table_y: float, wall: Array
) -> Array:
    """A marble or wooden tabletop before a softly lit, out-of-focus wall."""
    ys = np.arange(height, dtype=np.float32)[:, None, None] / height
    lit_wall = wall * (0.7 + 0.25 * ys)
    backdrop: Array = np.broadcast_to(lit_wall, (height, width, 3)).astype(np.float32)
    blobs = resize(fbm(rng, 16, 16, (2, 2), 2), width, height)
    backdrop = backdrop * (0.9 + 0.2 * blobs[..., None])
    texture = _marble(rng, 512) if setting == "marble" else _wood(rng, 512)
    table = _table_warp(texture, width, height, table_y)
    fade = smoothstep(table_y, table_y + height * 0.5, ys[..., 0])
    table = table * (0.8 + 0.2 * fade)[..., None]
    alpha = np.clip(ys[..., 0] * height - table_y + 0.5, 0, 1)
    return mix(backdrop, table, alpha).astype(np.float32)
