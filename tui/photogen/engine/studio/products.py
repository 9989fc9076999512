"""The product line-up: lathed shapes, their materials, and the mug's handle."""

from __future__ import annotations

import numpy as np

from photogen.engine.studio import shapes
from photogen.engine.studio.lathe import Band, Label, LatheShape, render_lathe
from photogen.engine.studio.noise import Array, mix, rgb
from photogen.engine.studio.shading import Material, Rig, inflate_normals, shade
from photogen.engine.studio.sprite import Sprite, ellipse_mask, over

PALETTE = (
    rgb(0.80, 0.27, 0.22),
    rgb(0.13, 0.27, 0.45),
    rgb(0.18, 0.40, 0.32),
    rgb(0.90, 0.86, 0.80),
    rgb(0.09, 0.09, 0.10),
    rgb(0.70, 0.45, 0.22),
    rgb(0.55, 0.68, 0.78),
    rgb(0.88, 0.62, 0.66),
    rgb(0.95, 0.95, 0.94),
)
TRIM = (rgb(0.08, 0.08, 0.09), rgb(0.80, 0.65, 0.38), rgb(0.78, 0.79, 0.80), rgb(0.96, 0.96, 0.95))
PAPER = (rgb(0.95, 0.94, 0.90), rgb(0.12, 0.12, 0.13), rgb(0.93, 0.88, 0.78))

# Width of each product relative to its height, to fit it in the frame.
WIDTH_RATIO = {
    "bottle": 0.36,
    "jar": 1.0,
    "can": 0.6,
    "mug": 1.05,
    "perfume": 0.7,
    "tube": 0.45,
    "box": 1.05,
    "phone": 0.52,
    "sneaker": 2.5,
    "watch": 0.62,
    "lipstick": 0.34,
    "headphones": 0.95,
    "bag": 1.05,
}
# Height of each product relative to the frame height.
HEIGHT_SHARE = {
    "bottle": 0.58,
    "jar": 0.36,
    "can": 0.45,
    "mug": 0.38,
    "perfume": 0.45,
    "tube": 0.5,
    "box": 0.42,
    "phone": 0.55,
    "sneaker": 0.2,
    "watch": 0.5,
    "lipstick": 0.46,
    "headphones": 0.5,
    "bag": 0.5,
}
LIPSTICK_SHADES = (
    rgb(0.70, 0.08, 0.14),
    rgb(0.85, 0.30, 0.42),
    rgb(0.55, 0.12, 0.18),
    rgb(0.80, 0.40, 0.36),
)
"""Bullet colours of a lipstick when the prompt names none."""


def _pick(rng: np.random.Generator, options: tuple[Array, ...]) -> Array:
    return options[int(rng.integers(len(options)))]


def _label(rng: np.random.Generator, body: Array) -> Label:
    paper = _pick(rng, PAPER)
    accent = body if float(np.abs(body - paper).sum()) > 0.6 else _pick(rng, PALETTE[:3])
    return Label(paper, accent, float(rng.uniform(-0.15, 0.15)))


def lathe_shape(subject: str, rng: np.random.Generator, body: Array) -> LatheShape:
    """The profile and materials of a round product."""
    trim = Material(_pick(rng, TRIM), 0.8, metal=bool(rng.random() < 0.5))
    glossy = Material(body, 0.75)
    if subject == "bottle":
        return LatheShape(
            (
                (0, 0.075),
                (0.13, 0.075),
                (0.135, 0.055),
                (0.2, 0.055),
                (0.25, 0.10),
                (0.30, 0.145),
                (0.35, 0.16),
                (0.97, 0.16),
                (1.0, 0.15),
            ),
            (
                Band(0, 0.132, trim),
                Band(0.132, 1.0, glossy),
                Band(0.45, 0.85, glossy, _label(rng, body)),
            ),
        )
    if subject == "jar":
        return LatheShape(
            ((0, 0.47), (0.2, 0.47), (0.205, 0.43), (0.26, 0.46), (0.97, 0.46), (1.0, 0.44)),
            (
                Band(0, 0.2, trim),
                Band(0.2, 1.0, glossy),
                Band(0.36, 0.86, glossy, _label(rng, body)),
            ),
        )
    if subject == "can":
        printed = Material(body, 0.8, metal=True)
        silver = Material(rgb(0.78, 0.79, 0.8), 0.9, metal=True)
        return LatheShape(
            ((0, 0.25), (0.02, 0.255), (0.07, 0.295), (0.94, 0.295), (0.985, 0.265), (1, 0.25)),
            (
                Band(0, 0.06, silver),
                Band(0.06, 0.95, printed),
                Band(0.95, 1.0, silver),
                Band(0.3, 0.75, printed, Label(body, rgb(0.96, 0.96, 0.95))),
            ),
        )
    if subject == "lipstick":
        return _lipstick(rng, body, trim)
    if subject == "mug":
        ceramic = Material(body, 0.7)
        return LatheShape(
            ((0, 0.36), (0.97, 0.36), (1.0, 0.33)), (Band(0, 1.0, ceramic),), open_top=True
        )
    if subject == "perfume":
        glass = Material(mix(body, rgb(1, 1, 1), 0.3) * 0.55, 1.0, glass=0.8)
        liquid = Material(body * 0.75, 1.0, glass=0.45)
        return LatheShape(
            (
                (0, 0.16),
                (0.26, 0.16),
                (0.265, 0.07),
                (0.33, 0.07),
                (0.36, 0.28),
                (0.40, 0.33),
                (0.97, 0.34),
                (1.0, 0.31),
            ),
            (
                Band(0, 0.262, trim),
                Band(0.262, 0.34, Material(rgb(0.8, 0.66, 0.4), 0.9, True)),
                Band(0.34, 0.48, glass),
                Band(0.48, 1.0, liquid),
            ),
        )
    return LatheShape(
        (
            (0, 0.2),
            (0.05, 0.2),
            (0.09, 0.185),
            (0.76, 0.14),
            (0.80, 0.12),
            (0.805, 0.1),
            (1.0, 0.1),
        ),
        (
            Band(0, 0.05, glossy),
            Band(0.05, 0.802, glossy, _label(rng, body)),
            Band(0.802, 1.0, trim),
        ),
    )


def _lipstick(rng: np.random.Generator, body: Array, trim: Material) -> LatheShape:
    """An open lipstick: rounded bullet, a metal sleeve, and the case below."""
    bullet = Material(body, 0.55)
    case = Material(_pick(rng, (rgb(0.08, 0.08, 0.09), rgb(0.78, 0.62, 0.36))), 0.85, metal=True)
    return LatheShape(
        (
            (0, 0.035),
            (0.05, 0.075),
            (0.12, 0.1),
            (0.34, 0.1),
            (0.345, 0.125),
            (0.5, 0.125),
            (0.505, 0.15),
            (1.0, 0.15),
        ),
        (
            Band(0, 0.342, bullet),
            Band(0.342, 0.502, Material(rgb(0.82, 0.68, 0.42), 0.95, metal=True)),
            Band(0.502, 1.0, case),
            Band(0.9, 0.93, trim),
        ),
    )


def _mug_handle(sprite: Sprite, height: float, rig: Rig, body: Array) -> Sprite:
    """Add a ring handle on the side away from the key light."""
    pad = int(height * 0.32)
    box_h, box_w = sprite.alpha.shape
    side = 1 if rig.side < 0 else -1
    image = np.zeros((box_h, box_w + pad, 3), dtype=np.float32)
    alpha = np.zeros((box_h, box_w + pad), dtype=np.float32)
    shift = 0 if side > 0 else pad
    image[:, shift : shift + box_w], alpha[:, shift : shift + box_w] = sprite.image, sprite.alpha
    centre_x = shift + box_w / 2 + side * box_w * 0.46
    centre = (centre_x, sprite.foot[1] - height * 0.5)
    ring = ellipse_mask(alpha.shape, centre, (height * 0.24, height * 0.3))
    ring -= ellipse_mask(alpha.shape, centre, (height * 0.13, height * 0.19))
    ring = np.clip(ring, 0, 1) * (1.0 - alpha)
    nx, ny, nz = inflate_normals(ring, height * 0.06)
    ones = np.ones_like(ring)
    lit = shade(nx, ny, nz, np.broadcast_to(body, (*ring.shape, 3)), ones * 0.6, ones * 0, rig)
    image, alpha = over(image, alpha, lit, ring)
    return Sprite(image, alpha, (sprite.foot[0] + shift, sprite.foot[1]), sprite.footprint)


def render_product(
    subject: str,
    rng: np.random.Generator,
    height: float,
    tilt: float,
    rig: Rig,
    colour: Array | None,
) -> Sprite:
    """Draw ``subject`` ``height`` pixels tall in the body ``colour`` (or a seeded one)."""
    shades = LIPSTICK_SHADES if subject == "lipstick" else PALETTE
    body = colour if colour is not None else _pick(rng, shades)
    if subject in shapes.DRAWERS:
        return shapes.DRAWERS[subject](rng, height, tilt, rig, body)
    sprite = render_lathe(lathe_shape(subject, rng, body), height, tilt, rig)
    if subject == "mug":
        sprite = _mug_handle(sprite, height, rig, body)
    return sprite
