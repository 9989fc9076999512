"""Synthetic cut-out scenes with known masks, shared by the IoU test and the benchmark.

Each scene is a shaded, sometimes textured object (ellipse, rounded box, bottle, mug
with a see-through handle) composited with anti-aliased edges onto one of several
backgrounds: plain colour, gradient, noisy texture, blurred clutter, a colour close
to the object's, or a photo-like mix; some carry a soft contact shadow. Everything is
drawn from a seed, so a scene is the same on every run.
"""

from __future__ import annotations

import cv2
import numpy as np

OBJECT_KINDS = ("ellipse", "rounded_box", "bottle", "mug")
BACKGROUND_KINDS = ("plain", "gradient", "texture", "clutter", "similar", "photo")
_SUPERSAMPLE = 4


def make_scene(seed: int, size: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """Draws one scene.

    Args:
        seed: picks object, background, colours and placement.
        size: side of the square image in pixels.

    Returns:
        (rgb uint8 HxWx3, ground-truth mask bool HxW: alpha >= 0.5).
    """
    rng = np.random.default_rng(seed)
    object_kind = OBJECT_KINDS[seed % len(OBJECT_KINDS)]
    background_kind = BACKGROUND_KINDS[(seed // len(OBJECT_KINDS)) % len(BACKGROUND_KINDS)]
    alpha = _object_alpha(object_kind, size, rng)
    object_colour = rng.uniform(30, 225, 3)
    background = _background(background_kind, size, rng, object_colour)
    if rng.random() < 0.5:
        background = _add_contact_shadow(background, alpha, rng)
    surface = _shade_object(object_colour, alpha, rng)
    a = alpha[..., None]
    image = a * surface + (1 - a) * background
    image += rng.normal(0, 2.5, image.shape)
    return np.clip(image, 0, 255).astype(np.uint8), alpha >= 0.5


def make_scenes(count: int, size: int = 512, first_seed: int = 0) -> list:
    """Returns ``count`` scenes for consecutive seeds (covers every object/background pair)."""
    return [make_scene(first_seed + i, size) for i in range(count)]


def _object_alpha(kind: str, size: int, rng: np.random.Generator) -> np.ndarray:
    big = size * _SUPERSAMPLE
    canvas = np.zeros((big, big), np.uint8)
    height = rng.uniform(0.45, 0.7) * big
    width = height * rng.uniform(0.45, 0.9)
    cx = big / 2 + rng.uniform(-0.08, 0.08) * big
    cy = big / 2 + rng.uniform(-0.06, 0.06) * big
    draw = {
        "ellipse": _draw_ellipse,
        "rounded_box": _draw_rounded_box,
        "bottle": _draw_bottle,
        "mug": _draw_mug,
    }[kind]
    draw(canvas, cx, cy, width, height)
    small = cv2.resize(canvas, (size, size), interpolation=cv2.INTER_AREA)
    return small.astype(np.float32) / 255.0


def _box(canvas: np.ndarray, x0: float, y0: float, x1: float, y1: float, radius: float) -> None:
    r = int(max(1, min(radius, (x1 - x0) / 2, (y1 - y0) / 2)))
    x0, y0, x1, y1 = int(x0), int(y0), int(x1), int(y1)
    cv2.rectangle(canvas, (x0 + r, y0), (x1 - r, y1), 255, -1)
    cv2.rectangle(canvas, (x0, y0 + r), (x1, y1 - r), 255, -1)
    for px, py in ((x0 + r, y0 + r), (x1 - r, y0 + r), (x0 + r, y1 - r), (x1 - r, y1 - r)):
        cv2.circle(canvas, (px, py), r, 255, -1)


def _draw_ellipse(canvas: np.ndarray, cx: float, cy: float, w: float, h: float) -> None:
    cv2.ellipse(canvas, (int(cx), int(cy)), (int(h / 2.2), int(h / 2)), 0, 0, 360, 255, -1)


def _draw_rounded_box(canvas: np.ndarray, cx: float, cy: float, w: float, h: float) -> None:
    _box(canvas, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, 0.15 * w)


def _draw_bottle(canvas: np.ndarray, cx: float, cy: float, w: float, h: float) -> None:
    w *= 0.7
    top, bottom = cy - h / 2, cy + h / 2
    _box(canvas, cx - w / 2, top + 0.35 * h, cx + w / 2, bottom, 0.12 * w)
    cv2.ellipse(
        canvas, (int(cx), int(top + 0.37 * h)), (int(w / 2), int(0.13 * h)), 0, 180, 360, 255, -1
    )
    _box(canvas, cx - 0.16 * w, top + 0.08 * h, cx + 0.16 * w, top + 0.3 * h, 0.02 * w)
    _box(canvas, cx - 0.2 * w, top, cx + 0.2 * w, top + 0.1 * h, 0.05 * w)


def _draw_mug(canvas: np.ndarray, cx: float, cy: float, w: float, h: float) -> None:
    h *= 0.7
    w = h * 0.85
    body_left = cx - w / 2 - 0.12 * w
    _box(canvas, body_left, cy - h / 2, body_left + w, cy + h / 2, 0.08 * w)
    handle_centre = (int(body_left + w), int(cy - 0.02 * h))
    axes = (int(0.3 * w), int(0.28 * h))
    cv2.ellipse(canvas, handle_centre, axes, 0, -90, 90, 255, int(0.11 * w))


def _background(
    kind: str, size: int, rng: np.random.Generator, object_colour: np.ndarray
) -> np.ndarray:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    base = rng.uniform(20, 235, 3)
    if kind == "plain":
        return np.broadcast_to(base, (size, size, 3)).astype(np.float32).copy()
    if kind == "gradient":
        other = rng.uniform(20, 235, 3)
        angle = rng.uniform(0, np.pi)
        t = np.clip((xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5, 0, 1)
        return base + t[..., None] * (other - base)
    if kind == "texture":
        return base + _noise(size, rng, 18.0)
    if kind == "similar":
        direction = rng.normal(0, 1, 3)
        shifted = object_colour + 45 * direction / np.linalg.norm(direction)
        return np.clip(shifted, 0, 255) + _noise(size, rng, 5.0)
    clutter = _clutter(size, rng, base)
    if kind == "photo":
        vignette = 1 - 0.35 * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2)
        return clutter * vignette[..., None] + _noise(size, rng, 6.0)
    return clutter


def _noise(size: int, rng: np.random.Generator, strength: float) -> np.ndarray:
    fine = rng.normal(0, 1, (size, size, 3)).astype(np.float32)
    coarse = cv2.GaussianBlur(rng.normal(0, 1, (size, size, 3)).astype(np.float32), (0, 0), 6)
    coarse /= coarse.std() + 1e-6
    return strength * (0.5 * fine + coarse)


def _clutter(size: int, rng: np.random.Generator, base: np.ndarray) -> np.ndarray:
    layer = np.broadcast_to(base, (size, size, 3)).astype(np.float32).copy()
    for _ in range(30):
        colour = tuple(float(c) for c in rng.uniform(0, 255, 3))
        centre = (int(rng.uniform(0, size)), int(rng.uniform(0, size)))
        axes = (int(rng.uniform(0.03, 0.18) * size), int(rng.uniform(0.03, 0.18) * size))
        cv2.ellipse(layer, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1)
    return cv2.GaussianBlur(layer, (0, 0), size / 128)


def _add_contact_shadow(
    background: np.ndarray, alpha: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    ys, xs = np.nonzero(alpha > 0.5)
    size = alpha.shape[0]
    shadow = np.zeros_like(alpha)
    centre = (int(xs.mean()), int(ys.max()))
    axes = (int((xs.max() - xs.min()) * 0.55), int(size * 0.025))
    cv2.ellipse(shadow, centre, axes, 0, 0, 360, 1.0, -1)
    shadow = cv2.GaussianBlur(shadow, (0, 0), size / 60) * rng.uniform(0.25, 0.45)
    return background * (1 - shadow[..., None])


def _shade_object(colour: np.ndarray, alpha: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    size = alpha.shape[0]
    xs = np.nonzero(alpha.max(axis=0) > 0.5)[0]
    left, right = xs.min(), xs.max() + 1
    u = np.clip((np.arange(size, dtype=np.float32) - left) / max(1, right - left), 0, 1)
    light = 0.6 + 0.4 * np.sin(np.pi * u) ** 0.7
    highlight = np.exp(-(((u - rng.uniform(0.25, 0.4)) / 0.05) ** 2)) * 70
    surface = colour * light[None, :, None] + highlight[None, :, None]
    surface = np.broadcast_to(surface, (size, size, 3)).astype(np.float32).copy()
    if rng.random() < 0.5:
        surface += _noise(size, rng, 10.0)
    return np.clip(surface, 0, 255)


def test_scenes_are_deterministic_and_nontrivial() -> None:
    first, mask = make_scene(5, 128)
    again, _ = make_scene(5, 128)
    assert np.array_equal(first, again)
    assert 0.1 < mask.mean() < 0.6
    assert not mask[0].any() and not mask[-1].any()
