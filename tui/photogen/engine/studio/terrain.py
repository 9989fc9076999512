"""Lit terrain layers: ridged crest lines, a fake heightfield behind each silhouette,
Lambert light from the sun, sky fill in the shadows, and aerial perspective.

Each layer's colour is worked out at reduced resolution (a lit face is smooth) and
only its edge, the anti-aliased silhouette, is drawn at full resolution. Haze and
valley mist depend on the height in the frame, never on the distance below each
column's crest, so no vertical streaks appear.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from photogen.engine.studio.layers import Canvas
from photogen.engine.studio.noise import Array, mix, smoothstep
from photogen.engine.studio.sky import Sky

LOW = 2
"""Colour fields are computed at 1/LOW of the frame size."""


def ridged_line(
    rng: np.random.Generator, length: int, cells: int = 3, octaves: int = 7, gain: float = 0.5
) -> Array:
    """Ridged multifractal noise along a line, in [0, 1]: sharp crests, rounded valleys.

    Each octave is ``(1 - |n|)**2`` of a signed value noise, weighted by the octave
    before it, so fine teeth sit on the high crests and the valleys stay smooth.
    """
    total = np.zeros(length, dtype=np.float32)
    weight = np.ones(length, dtype=np.float32)
    amplitude, norm = 1.0, 0.0
    for octave in range(octaves):
        count = min(cells * 2**octave, length)
        grid = rng.random(count + 1, dtype=np.float32)[None, :]
        line = cv2.resize(grid, (length, 1), interpolation=cv2.INTER_CUBIC)[0]
        signal = 1.0 - np.abs(line * 2.0 - 1.0)
        signal = signal * signal * weight
        weight = np.clip(signal * 2.0, 0.0, 1.0)
        total += signal * amplitude
        norm += amplitude
        amplitude *= gain
    total /= norm
    low, high = float(total.min()), float(total.max())
    return (total - low) / max(high - low, 1e-6)


def noise2(
    rng: np.random.Generator, height: int, width: int, cells: tuple[int, int], octaves: int = 4
) -> Array:
    """Signed fractal value noise in about [-1, 1] of size (height, width)."""
    total = np.zeros((height, width), dtype=np.float32)
    amplitude = 1.0
    for octave in range(octaves):
        rows = min(cells[0] * 2**octave, height)
        cols = min(cells[1] * 2**octave, width)
        grid = rng.random((rows + 1, cols + 1), dtype=np.float32) * 2.0 - 1.0
        total += amplitude * cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)
        amplitude *= 0.5
    return total


@dataclass(frozen=True)
class Sun:
    """Light for terrain: direction (x right, y up, z to the camera) and colours."""

    direction: Array
    colour: Array
    fill: Array
    """Sky light that fills the shadows (bluish by day)."""
    haze: Array

    @classmethod
    def from_sky(cls, sky: Sky, width: int) -> Sun:
        """Aim the light from the sun in the picture, a little towards the camera."""
        light = sky.light
        side = float(np.clip((sky.sun_xy[0] - width / 2) / (width / 2), -1.0, 1.0))
        sx = float(np.sign(side) or 1.0) * (0.55 + 0.4 * abs(side))
        sy = 0.2 + 0.6 * float(np.clip(light.sun_height, 0.0, 1.0))
        direction = np.array([sx, sy, 0.45], dtype=np.float32)
        direction /= np.linalg.norm(direction)
        direct = light.land * (1.0 - 0.8 * light.cover)
        colour = light.sun * (1.15 * direct)
        fill = mix(light.zenith, light.horizon, 0.5)
        fill = fill * (0.42 + 0.35 * light.land + 0.25 * light.cover)
        return cls(direction, colour.astype(np.float32), fill.astype(np.float32), light.haze)


def face_height(ridge_small: Array, rows: Array, amp: float, detail: Array) -> Array:
    """A heightfield (towards the camera) for the face under a crest line, at low res.

    The crest profile is blurred more and more with the depth below it, so the lit
    and shaded flanks of each peak run down into spurs and widen towards the valley.
    """
    elevation = ridge_small.max() - ridge_small
    sigmas = (0.0, 3.0, 8.0, 18.0, 36.0)
    stack = [elevation]
    for sigma in sigmas[1:]:
        stack.append(cv2.GaussianBlur(elevation[None, :], (0, 0), sigma)[0])
    smoothed = np.stack(stack).astype(np.float32)
    depth = np.clip(rows[:, None] - ridge_small[None, :], 0.0, None)
    index = np.clip(depth / max(amp * 0.22, 1.0), 0.0, len(sigmas) - 1.001)
    lo = index.astype(np.int32)
    frac = index - lo
    cols = np.arange(ridge_small.size)[None, :]
    profile = smoothed[lo, cols] * (1.0 - frac) + smoothed[lo + 1, cols] * frac
    return profile + depth * 0.35 + detail * (0.25 * amp) * smoothstep(0.0, amp * 0.15, depth)


def lambert(field: Array, sun: Sun, relief: float = 1.0) -> tuple[Array, Array, Array]:
    """Sun light (0..1), sky-fill light (0..1) and steepness (|normal x|, 0..1) of a
    heightfield given in pixels."""
    gx = np.gradient(field, axis=1) * relief
    gy = np.gradient(field, axis=0) * relief
    inv = 1.0 / np.sqrt(gx * gx + gy * gy + 1.0)
    lx, ly, lz = (float(v) for v in sun.direction)
    direct = np.clip((-gx * lx + gy * ly + lz) * inv, 0.0, 1.0)
    sky = 0.55 + 0.45 * gy * inv
    return direct.astype(np.float32), sky.astype(np.float32), (np.abs(gx) * inv).astype(np.float32)


def light_colour(albedo: Array, direct: Array, sky: Array, sun: Sun) -> Array:
    """Albedo (H, W, 3) or (3,) lit by the sun and the sky fill."""
    return albedo * (direct[..., None] * sun.colour + sky[..., None] * sun.fill)


def aerial(colour: Array, haze: Array, amount: Array | float) -> Array:
    """Fade towards the haze colour: far things lighter, bluer and flatter."""
    return mix(colour, haze, np.clip(amount, 0.0, 1.0))


def composite(
    canvas: Canvas,
    ridge: Array,
    colour_small: Array,
    first: int,
    last: int,
    depth: float,
) -> None:
    """Upscale a low-res layer colour to rows [first, last) and draw it under ``ridge``."""
    width, height = canvas.size
    last = min(last, height)
    if last <= first:
        return
    colour = cv2.resize(colour_small, (width, last - first), interpolation=cv2.INTER_LINEAR)
    ys = np.arange(first, last, dtype=np.float32)[:, None]
    alpha = np.clip(ys - ridge[None, :] + 0.5, 0.0, 1.0)
    region = canvas.image[first:last]
    region += (colour - region) * alpha[..., None]
    canvas.depth[first:last] = np.where(alpha > 0.5, depth, canvas.depth[first:last])


def low_grid(first: int, last: int, width: int) -> tuple[Array, int, int]:
    """Row centres (in full-res pixels) and the size of the low-res grid for rows."""
    rows = max((last - first + LOW - 1) // LOW, 2)
    cols = max(width // LOW, 2)
    centres = first + (np.arange(rows, dtype=np.float32) + 0.5) * ((last - first) / rows)
    return centres, rows, cols


def shrink_line(line: Array, cols: int) -> Array:
    """A per-column line resampled to ``cols`` samples (values stay in full-res pixels)."""
    return cv2.resize(line[None, :].astype(np.float32), (cols, 1), interpolation=cv2.INTER_AREA)[0]


_TEXTURE_CACHE: dict[int, Array] = {}


def ground_texture(
    rng: np.random.Generator, rows_y: Array, cols: int, width: int, vanish_y: float
) -> Array:
    """Tufty ground texture in [0, 1] laid on a plane in perspective (finer far away).

    Args:
        rng: Seeded generator (picks the offset into the texture).
        rows_y: Full-res row of each low-res row.
        cols: Low-res columns.
        width: Full-res width.
        vanish_y: The row where the plane meets the horizon.
    """
    if not _TEXTURE_CACHE:
        tile = noise2(np.random.default_rng(20240611), 512, 512, (48, 48), 3) * 0.6 + 0.5
        tile = np.clip(tile, 0.0, 1.0).astype(np.float32)
        _TEXTURE_CACHE[0] = tile
        _TEXTURE_CACHE[1] = cv2.GaussianBlur(tile, (0, 0), 4.0)
    below = np.maximum(rows_y - vanish_y, 1.0)[:, None]
    xs = (np.arange(cols, dtype=np.float32) + 0.5) * (width / cols) - width / 2
    depth = 200.0 / below
    shape = (rows_y.size, cols)
    map_x = (xs[None, :] * depth * 0.9 + rng.uniform(0, 512)).astype(np.float32)
    map_y = (np.broadcast_to(depth * 900.0, shape) + rng.uniform(0, 512)).astype(np.float32)
    sharp, soft = (
        cv2.remap(_TEXTURE_CACHE[i], map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP)
        for i in (0, 1)
    )
    return sharp + (soft - sharp) * smoothstep(1.5, 6.0, depth * 0.9)


def conifers(
    rng: np.random.Generator,
    base: Array,
    count: int,
    tall: tuple[float, float],
    slim: tuple[float, float] = (0.22, 0.38),
) -> tuple[Array, Array]:
    """A row of conifers of varied height and girth standing on ``base``.

    Returns:
        The top edge per column, and per column the signed position across the tree
        that owns it (-1 left edge .. 1 right edge), used to light the trunk side.
    """
    width = base.size
    ridge = base.copy()
    across = np.zeros(width, dtype=np.float32)
    heights = tall[0] + (tall[1] - tall[0]) * rng.random(count) ** 1.6
    order = np.argsort(rng.random(count))
    xs = rng.uniform(0, width, count)
    for x, h in zip(xs[order], heights[order], strict=True):
        half = h * rng.uniform(*slim)
        lo, hi = int(max(x - half, 0)), int(min(x + half + 1, width))
        if hi <= lo:
            continue
        offset = (np.arange(lo, hi, dtype=np.float32) - x) / half
        reach = np.abs(offset)
        tiers = float(rng.uniform(4.0, 7.0))
        droop = 0.3 * h * ((reach * tiers + rng.uniform()) % 1.0) ** 2 * reach
        fringe = h * 0.025 * rng.random(hi - lo, dtype=np.float32) * reach
        shape = h * np.clip(1.0 - reach, 0.0, 1.0) ** 1.1 - droop - fringe
        top = base[lo:hi] - np.maximum(shape, 0.0)
        wins = top < ridge[lo:hi]
        ridge[lo:hi] = np.where(wins, top, ridge[lo:hi])
        across[lo:hi] = np.where(wins, offset, across[lo:hi])
    return ridge, np.clip(across, -1.0, 1.0)
