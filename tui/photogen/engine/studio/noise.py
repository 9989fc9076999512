"""Seeded randomness, fractal noise and small colour helpers shared by the painters.

Every painter works on float32 RGB arrays in [0, 1]. Smooth fields (noise, gradients)
are made small and resized up with OpenCV: the detail that is lost is detail a
photograph would not have.
"""

from __future__ import annotations

import hashlib

import cv2
import numpy as np

Array = np.ndarray


def stable_rng(*parts: object) -> np.random.Generator:
    """Return a generator seeded by a stable hash of ``parts`` (never Python's ``hash``)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(str(part).encode("utf-8", "replace"))
        digest.update(b"\x00")
    return np.random.default_rng(int.from_bytes(digest.digest(), "big"))


def rgb(r: float, g: float, b: float) -> Array:
    """A colour as a float32 array of shape (3,)."""
    return np.array([r, g, b], dtype=np.float32)


def from_bytes(colour: tuple[int, int, int]) -> Array:
    """An 8-bit colour as a float32 array in [0, 1]."""
    return np.asarray(colour, dtype=np.float32) / 255.0


def smoothstep(edge0: float | Array, edge1: float | Array, x: Array) -> Array:
    """Hermite step from 0 at ``edge0`` to 1 at ``edge1``."""
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def mix(a: Array, b: Array, t: Array | float) -> Array:
    """Linear blend; a 2-D ``t`` is broadcast over the colour channels."""
    if isinstance(t, np.ndarray) and t.ndim == 2:
        t = t[..., None]
    return a + (b - a) * t


def resize(img: Array, width: int, height: int) -> Array:
    """Resize with bilinear filtering (used to bring smooth fields to full size)."""
    return cv2.resize(img, (int(width), int(height)), interpolation=cv2.INTER_LINEAR)


def value_noise(rng: np.random.Generator, height: int, width: int, cells: tuple[int, int]) -> Array:
    """One octave of smooth noise with ``cells`` (rows, cols) features across the field."""
    grid = rng.random((max(cells[0], 1) + 1, max(cells[1], 1) + 1), dtype=np.float32)
    return cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)


def fbm(
    rng: np.random.Generator,
    height: int,
    width: int,
    cells: tuple[int, int] = (3, 3),
    octaves: int = 5,
    gain: float = 0.5,
) -> Array:
    """Fractal noise (sum of octaves), normalised to [0, 1]."""
    total = np.zeros((height, width), dtype=np.float32)
    amplitude = 1.0
    for octave in range(octaves):
        scale = 2**octave
        rows, cols = cells[0] * scale, cells[1] * scale
        if rows > height and cols > width:
            break
        total += amplitude * value_noise(rng, height, width, (min(rows, height), min(cols, width)))
        amplitude *= gain
    low, high = float(total.min()), float(total.max())
    return (total - low) / max(high - low, 1e-6)


def fbm_1d(
    rng: np.random.Generator, length: int, cells: int = 4, octaves: int = 6, gain: float = 0.5
) -> Array:
    """Fractal noise along a line of ``length`` samples, normalised to [0, 1]."""
    return fbm(rng, 1, length, (1, cells), octaves, gain)[0]


def upscaled_fbm(
    rng: np.random.Generator,
    height: int,
    width: int,
    factor: int = 4,
    cells: tuple[int, int] = (3, 3),
    octaves: int = 5,
) -> Array:
    """Fractal noise computed at 1/``factor`` size and resized to (height, width)."""
    small = fbm(rng, max(height // factor, 2), max(width // factor, 2), cells, octaves)
    return resize(small, width, height)
