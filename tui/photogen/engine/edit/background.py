"""Backdrops and subject placement: a cut-out centred on a clean background with a shadow."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.edit.colours import parse_colour

BACKDROPS: tuple[str, ...] = ("white", "studio", "gradient", "marble", "wood")
"""Named backdrops; any colour that ``parse_colour`` reads works too."""

Background = tuple[int, int, int] | str

MAX_UPSCALE = 1.5
"""Most a cut-out subject is enlarged when placed on a new background."""


def resolve_background(value: Background) -> tuple[int, int, int] | str:
    """A backdrop name or an RGB colour; raises ValueError for anything else."""
    if isinstance(value, tuple):
        if len(value) != 3 or not all(0 <= int(c) <= 255 for c in value):
            raise ValueError(f"background colour must be three values 0-255, got {value!r}")
        return int(value[0]), int(value[1]), int(value[2])
    name = value.strip().lower()
    if name in BACKDROPS and name != "white":
        return name
    colour = parse_colour(value)
    if colour is None:
        raise ValueError(
            f"unknown background {value!r}; use a colour or one of {', '.join(BACKDROPS)}"
        )
    return colour


def make_backdrop(background: Background, size: tuple[int, int], seed: int = 0) -> np.ndarray:
    """Draws a backdrop as a float32 HxWx3 RGB array (0-255) of ``size`` (width, height)."""
    kind = resolve_background(background)
    width, height = size
    if isinstance(kind, tuple):
        return np.broadcast_to(np.array(kind, np.float32), (height, width, 3)).copy()
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    xs = np.linspace(-1.0, 1.0, width, dtype=np.float32)[None, :, None]
    if kind == "studio":
        sweep = 1.0 - 0.10 * ys**1.5 - 0.05 * xs**2
        return np.clip(np.array([246, 246, 248], np.float32) * sweep, 0, 255)
    if kind == "gradient":
        top, bottom = np.array([236, 238, 244], np.float32), np.array([190, 196, 212], np.float32)
        return top + (bottom - top) * ys + 0 * xs
    rng = np.random.default_rng(seed)
    return _marble(width, height, rng) if kind == "marble" else _wood(width, height, rng)


def _smooth_noise(width: int, height: int, rng: np.random.Generator, scale: float) -> np.ndarray:
    noise = rng.normal(0, 1, (height, width)).astype(np.float32)
    noise = np.asarray(cv2.GaussianBlur(noise, (0, 0), scale), dtype=np.float32)
    return noise / (noise.std() + 1e-6)


def _marble(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) / max(width, height)
    turbulence = _smooth_noise(width, height, rng, max(width, height) / 40)
    veins = np.abs(np.sin(9.0 * (xs + 0.6 * ys) + 2.2 * turbulence)) ** 0.25
    base = np.array([242, 240, 236], np.float32)
    vein_colour = np.array([150, 150, 158], np.float32)
    mix = (1 - veins)[..., None] * 0.55
    return base * (1 - mix) + vein_colour * mix


def _wood(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) / max(width, height)
    noise = rng.normal(0, 1, (height, width)).astype(np.float32)
    side = max(width, height)
    grain = np.asarray(
        cv2.GaussianBlur(noise, (0, 0), sigmaX=side / 8, sigmaY=side / 200), dtype=np.float32
    )
    grain /= grain.std() + 1e-6
    rings = 0.5 + 0.5 * np.sin(70.0 * ys + 1.2 * grain + 2.0 * xs)
    light, dark = np.array([196, 150, 104], np.float32), np.array([150, 102, 62], np.float32)
    return light + (dark - light) * rings[..., None] * 0.7


def place_subject(
    rgb: np.ndarray, alpha: np.ndarray, canvas: np.ndarray, margin: float, shadow: bool
) -> np.ndarray:
    """Centres the cut-out subject on ``canvas`` within ``margin`` (share of each side).

    Args:
        rgb: float HxWx3 source photo (0-255).
        alpha: float HxW subject alpha in [0, 1].
        canvas: float backdrop (0-255); not modified.
        margin: free border on every side, as a share of the canvas side (0-0.45).
        shadow: whether to draw a soft contact shadow under the subject.

    Returns:
        The composite as a float32 array of the canvas's shape.
    """
    box = _subject_box(alpha)
    subject, subject_alpha = rgb[box], alpha[box]
    height, width = canvas.shape[:2]
    margin = min(max(margin, 0.0), 0.45)
    room_w, room_h = width * (1 - 2 * margin), height * (1 - 2 * margin)
    # Past 1.5x an enlarged cut-out looks soft; a small subject keeps a wider margin instead.
    scale = min(room_w / subject.shape[1], room_h / subject.shape[0], MAX_UPSCALE)
    size = (max(1, round(subject.shape[1] * scale)), max(1, round(subject.shape[0] * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    subject = cv2.resize(subject.astype(np.float32), size, interpolation=interpolation)
    subject_alpha = np.clip(cv2.resize(subject_alpha, size, interpolation=cv2.INTER_LINEAR), 0, 1)
    left, top = (width - size[0]) // 2, (height - size[1]) // 2
    full_alpha = np.zeros((height, width), np.float32)
    full_alpha[top : top + size[1], left : left + size[0]] = subject_alpha
    out = canvas.astype(np.float32).copy()
    if shadow:
        out *= 1.0 - contact_shadow(full_alpha)[..., None]
    region = out[top : top + size[1], left : left + size[0]]
    a = subject_alpha[..., None]
    region[:] = a * np.clip(subject, 0, 255) + (1 - a) * region
    return out


def _subject_box(alpha: np.ndarray) -> tuple[slice, slice]:
    ys, xs = np.nonzero(alpha > 0.05)
    if ys.size == 0:
        return slice(0, alpha.shape[0]), slice(0, alpha.shape[1])
    return slice(int(ys.min()), int(ys.max()) + 1), slice(int(xs.min()), int(xs.max()) + 1)


def contact_shadow(alpha: np.ndarray, strength: float = 0.38) -> np.ndarray:
    """Shadow opacity (HxW, 0-1): a soft ellipse under the subject's base and a faint drop."""
    ys, xs = np.nonzero(alpha > 0.5)
    shadow = np.zeros_like(alpha)
    if ys.size == 0:
        return shadow
    height = alpha.shape[0]
    subject_w = xs.max() - xs.min() + 1
    centre = (int(xs.mean()), int(ys.max()))
    axes = (max(2, int(subject_w * 0.48)), max(2, int(subject_w * 0.06)))
    cv2.ellipse(shadow, centre, axes, 0, 0, 360, 1.0, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), max(1.0, subject_w * 0.05)) * strength
    offset = max(1, height // 80)
    drop = np.zeros_like(alpha)
    drop[offset:] = alpha[:-offset]
    drop = cv2.GaussianBlur(drop, (0, 0), max(1.0, height / 60)) * strength * 0.3
    return np.clip(np.maximum(shadow, drop) * (1 - alpha), 0.0, 1.0)
