"""Variations of a photo: subtle (the same picture, re-exposed and re-framed a little)
and strong (a new drawing of the same prompt, in the parent's colours).

Both are deterministic: the same parent, seed and strength give the same pixels.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

SUBTLE = "subtle"
STRONG = "strong"


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, 0x5A17]))


def subtle(parent: Image.Image, seed: int) -> Image.Image:
    """``parent`` re-exposed (±6 %), re-balanced (±3 % per channel), re-framed (up to 5 %)."""
    rng = _rng(seed)
    width, height = parent.size
    zoom = float(rng.uniform(1.01, 1.05))
    crop_w, crop_h = width / zoom, height / zoom
    left = float(rng.uniform(0, width - crop_w))
    top = float(rng.uniform(0, height - crop_h))
    box = (left, top, left + crop_w, top + crop_h)
    framed = parent.convert("RGB").resize((width, height), Image.Resampling.LANCZOS, box=box)
    pixels = np.asarray(framed, dtype=np.float32)
    gain = float(rng.uniform(0.94, 1.06)) * rng.uniform(0.97, 1.03, size=3).astype(np.float32)
    grain = rng.normal(0.0, 2.0, size=pixels.shape[:2] + (1,)).astype(np.float32)
    return _image(pixels * gain + grain)


def strong(parent: Image.Image, fresh: Image.Image, share: float = 0.6) -> Image.Image:
    """``fresh`` (a new drawing) with its colours moved ``share`` of the way to the parent's."""
    new = np.asarray(fresh.convert("RGB"), dtype=np.float32)
    old = np.asarray(parent.convert("RGB"), dtype=np.float32)
    new_mean, new_std = new.mean(axis=(0, 1)), new.std(axis=(0, 1)) + 1e-3
    old_mean, old_std = old.mean(axis=(0, 1)), old.std(axis=(0, 1)) + 1e-3
    matched = (new - new_mean) / new_std * old_std + old_mean
    return _image(new * (1.0 - share) + matched * share)


def _image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
