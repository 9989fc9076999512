"""Colour grades: realistic, cinematic, film, black and white, vivid, pastel, moody."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from photogen.engine.studio.noise import Array, mix, rgb

_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def luminance(image: Array) -> Array:
    """Rec. 709 luma of an RGB image, (H, W)."""
    return image @ _LUMA


def saturate(image: Array, amount: float) -> Array:
    """Scale saturation around luma (0 grey .. 1 unchanged .. >1 richer)."""
    grey = luminance(image)[..., None]
    return grey + (image - grey) * amount


def contrast(image: Array, amount: float) -> Array:
    """An S-curve blended in by ``amount``: deeper shadows, brighter highlights."""
    x = np.clip(image, 0.0, 1.0)
    return x + (x * x * (3.0 - 2.0 * x) - x) * amount


def _realistic(image: Array) -> Array:
    return saturate(contrast(image, 0.15), 1.05)


def _cinematic(image: Array) -> Array:
    luma = luminance(np.clip(image, 0, 1))[..., None]
    teal, orange = rgb(-0.05, 0.03, 0.08), rgb(0.07, 0.02, -0.06)
    graded = image + teal * (1.0 - luma) * 1.2 + orange * luma
    return saturate(contrast(graded, 0.35), 0.9)


def _film(image: Array) -> Array:
    faded = 0.07 + np.clip(image, 0, 1) * 0.88
    warm = faded * rgb(1.05, 1.0, 0.9)
    return saturate(warm, 0.82)


def _bw(image: Array) -> Array:
    grey = contrast(luminance(np.clip(image, 0, 1)), 0.35)
    return np.repeat(grey[..., None], 3, axis=2)


def _vivid(image: Array) -> Array:
    return saturate(contrast(image, 0.3), 1.4)


def _pastel(image: Array) -> Array:
    soft = saturate(image, 0.6)
    return mix(soft, rgb(0.98, 0.95, 0.97), 0.28)


def _moody(image: Array) -> Array:
    dark = np.clip(image, 0, 1) ** 1.35 * rgb(0.92, 0.97, 1.04)
    return saturate(contrast(dark, 0.3), 0.7)


GRADES: dict[str, Callable[[Array], Array]] = {
    "realistic": _realistic,
    "cinematic": _cinematic,
    "film": _film,
    "vivid": _vivid,
    "pastel": _pastel,
    "moody": _moody,
    "bw": _bw,
}


def apply_styles(image: Array, styles: tuple[str, ...]) -> Array:
    """Apply the named grades in a fixed order; black and white always comes last."""
    for name in GRADES:
        if name in styles:
            image = GRADES[name](image)
    return np.clip(image, 0.0, 1.0).astype(np.float32)
