"""Colour grades and auto-levels on float RGB arrays (0-255)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

GRADES: tuple[str, ...] = ("warm", "cool", "cinematic", "bw", "vintage", "vivid")
"""Grade names that ``apply_grade`` accepts."""

GRADE_ALIASES: dict[str, str] = {
    "black and white": "bw",
    "black & white": "bw",
    "b&w": "bw",
    "monochrome": "bw",
    "mono": "bw",
    "grayscale": "bw",
    "greyscale": "bw",
    "黑白": "bw",
    "teal-orange": "cinematic",
    "teal and orange": "cinematic",
    "film": "vintage",
    "retro": "vintage",
    "warmer": "warm",
    "cooler": "cool",
    "vibrant": "vivid",
    "电影": "cinematic",
    "电影感": "cinematic",
    "暖色": "warm",
    "冷色": "cool",
    "复古": "vintage",
    "鲜艳": "vivid",
}
"""Other words for the grades, English and Chinese."""

_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def grade_name(text: str) -> str:
    """Normalises a grade name or alias; raises ValueError listing GRADES when unknown."""
    key = text.strip().lower()
    key = GRADE_ALIASES.get(key, key)
    if key not in GRADES:
        raise ValueError(f"unknown grade {text!r}; use one of {', '.join(GRADES)}")
    return key


def apply_grade(rgb: np.ndarray, name: str) -> np.ndarray:
    """Returns a graded copy of a float32 HxWx3 RGB array (0-255)."""
    graded = _GRADERS[grade_name(name)](rgb.astype(np.float32) / 255.0)
    return np.clip(graded, 0.0, 1.0) * 255.0


def auto_levels(rgb: np.ndarray, low: float = 0.5, high: float = 99.5) -> np.ndarray:
    """Per-channel percentile stretch: the ``low``/``high`` percentiles go to 0/255."""
    out = rgb.astype(np.float32).copy()
    for channel in range(3):
        lo, hi = np.percentile(out[..., channel], (low, high))
        if hi - lo > 1.0:
            out[..., channel] = (out[..., channel] - lo) * (255.0 / (hi - lo))
    return np.clip(out, 0.0, 255.0)


def _luma(x: np.ndarray) -> np.ndarray:
    return x @ _LUMA


def _saturate(x: np.ndarray, amount: float) -> np.ndarray:
    grey = _luma(x)[..., None]
    return grey + (x - grey) * amount


def _contrast(x: np.ndarray, amount: float) -> np.ndarray:
    """A smooth S-curve around mid-grey; ``amount`` 0 leaves the image as it is."""
    curve = x - amount * np.sin(2 * np.pi * x) / (2 * np.pi)
    return np.clip(curve, 0.0, 1.0)


def _warm(x: np.ndarray) -> np.ndarray:
    return _saturate(x * np.array([1.07, 1.01, 0.88], np.float32), 1.05)


def _cool(x: np.ndarray) -> np.ndarray:
    return x * np.array([0.9, 0.99, 1.08], np.float32)


def _cinematic(x: np.ndarray) -> np.ndarray:
    """Teal shadows, orange highlights, a gentle S-curve and slightly muted colour."""
    luma = _luma(x)[..., None]
    teal = np.array([-0.06, 0.02, 0.06], np.float32)
    orange = np.array([0.07, 0.02, -0.06], np.float32)
    toned = x + teal * (1 - luma) ** 2 + orange * luma**2
    return _contrast(_saturate(toned, 0.9), 0.35)


def _black_and_white(x: np.ndarray) -> np.ndarray:
    grey = _contrast(_luma(x), 0.25)
    return np.repeat(grey[..., None], 3, axis=2)


def _vintage(x: np.ndarray) -> np.ndarray:
    """Faded blacks, softened whites, warm-yellow cast, less colour and a soft vignette."""
    faded = 0.08 + 0.84 * _saturate(x, 0.7)
    tinted = faded * np.array([1.06, 1.0, 0.86], np.float32) + np.array([0.02, 0.01, 0.0])
    return tinted * _vignette(x.shape[:2], 0.25)[..., None]


def _vivid(x: np.ndarray) -> np.ndarray:
    return _contrast(_saturate(x, 1.35), 0.2)


def _vignette(shape: tuple[int, int], strength: float) -> np.ndarray:
    height, width = shape
    ys = np.linspace(-1.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :]
    return 1.0 - strength * np.clip((xs**2 + ys**2) / 2.0, 0.0, 1.0)


_GRADERS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "warm": _warm,
    "cool": _cool,
    "cinematic": _cinematic,
    "bw": _black_and_white,
    "vintage": _vintage,
    "vivid": _vivid,
}
