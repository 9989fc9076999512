"""Lens and sensor effects: depth of field, bloom, vignette, grain, letterbox."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.studio.noise import Array, resize


def blur(image: Array, sigma: float) -> Array:
    """A wide Gaussian blur done at quarter size (a defocus is smooth anyway)."""
    height, width = image.shape[:2]
    small = cv2.resize(
        image, (max(width // 4, 1), max(height // 4, 1)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), max(sigma / 4.0, 0.5))
    return resize(small, width, height)


def depth_of_field(image: Array, depth: Array, focus: float, strength: float) -> Array:
    """Blur each pixel by how far its depth is from the focus depth."""
    height = image.shape[0]
    blurred = blur(image, height * 0.012 * strength)
    defocus = np.clip(np.abs(depth - focus) * 2.5, 0.0, 1.0)
    amount = cv2.GaussianBlur(defocus, (0, 0), 2.0)[..., None]
    return image + (blurred - image) * amount


def bloom(image: Array, strength: float = 0.25) -> Array:
    """Let the brightest parts glow softly into their surroundings."""
    bright = np.clip(image - 0.75, 0.0, None)
    return image + blur(bright, image.shape[0] * 0.03) * strength


def vignette(image: Array, strength: float) -> Array:
    """Darken the corners."""
    height, width = image.shape[:2]
    ys, xs = np.mgrid[0:32, 0:32].astype(np.float32) / 31.0 - 0.5
    falloff = 1.0 - strength * np.clip((xs * xs + ys * ys) * 2.2, 0.0, 1.0) ** 1.5
    return image * resize(falloff, width, height)[..., None]


def grain(rng: np.random.Generator, image: Array, amount: float) -> Array:
    """Monochrome film grain, strongest in the mid-tones."""
    height, width = image.shape[:2]
    noise = rng.standard_normal((height, width), dtype=np.float32)
    luma = image.mean(axis=2)
    weight = amount * (0.4 + 2.4 * luma * (1.0 - luma))
    return image + (noise * weight)[..., None]


def letterbox(image: Array) -> Array:
    """Black bars for a 2.39:1 picture (a thinner band on tall frames)."""
    height, width = image.shape[:2]
    visible = min(height, width / 2.39) if width > height * 1.3 else height * 0.76
    bar = int(round((height - visible) / 2))
    if bar > 0:
        image[:bar] = 0.0
        image[height - bar :] = 0.0
    return image
