"""Products that are not round: box, phone, sneaker, watch, headphones and bag.

Flat faces get one normal each; soft forms (a sneaker's upper, a watch strap) get
"inflated" normals from their outline, which reads as a rounded padded surface.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from photogen.engine.studio.noise import Array, mix, rgb
from photogen.engine.studio.shading import Rig, inflate_normals, shade
from photogen.engine.studio.sprite import Sprite, ellipse_mask, over, polygon_mask, smooth_curve

Drawer = Callable[[np.random.Generator, float, float, Rig, Array], Sprite]


def _lit(
    mask: Array,
    colour: Array,
    rig: Rig,
    gloss: float,
    metal: float = 0.0,
    normals: tuple[Array, Array, Array] | None = None,
) -> Array:
    """Shade a region with inflated normals (or the given ones)."""
    nx, ny, nz = normals if normals is not None else inflate_normals(mask, mask.shape[0] * 0.08)
    ones = np.ones_like(mask)
    return shade(
        nx, ny, nz, np.broadcast_to(colour, (*mask.shape, 3)), ones * gloss, ones * metal, rig
    )


def _flat(shape: tuple[int, int], normal: tuple[float, float, float]) -> tuple[Array, Array, Array]:
    """Constant normals with a faint gradient, so highlights fall across a face."""
    ys, xs = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float32)
    nx = normal[0] + (xs / shape[1] - 0.5) * 0.25
    ny = normal[1] - (ys / shape[0] - 0.5) * 0.15
    norm = np.sqrt(nx * nx + ny * ny + normal[2] ** 2)
    return nx / norm, ny / norm, normal[2] / norm


def draw_box(rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array) -> Sprite:
    """A packaging box with a lid at a three-quarter angle, a printed band and a logo."""
    front_w, side_w, top_h = height * 0.72, height * rng.uniform(0.2, 0.3), height * tilt * 0.9
    size = (int(height + top_h + 8), int(front_w + side_w + 8))
    x0, y0 = 4.0, top_h + 4.0
    front = polygon_mask(
        size, [(x0, y0), (x0 + front_w, y0), (x0 + front_w, y0 + height), (x0, y0 + height)]
    )
    top = polygon_mask(
        size,
        [
            (x0, y0),
            (x0 + front_w, y0),
            (x0 + front_w + side_w, y0 - top_h),
            (x0 + side_w, y0 - top_h),
        ],
    )
    side = polygon_mask(
        size,
        [
            (x0 + front_w, y0),
            (x0 + front_w + side_w, y0 - top_h),
            (x0 + front_w + side_w, y0 - top_h + height),
            (x0 + front_w, y0 + height),
        ],
    )
    ys, xs = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32)
    u, v = (xs - x0) / front_w, (ys - y0) / height
    band = (v > 0.6) & (v < 0.74)
    logo = np.hypot(u - 0.5, (v - 0.42) * 0.9) < 0.1
    accent = rgb(0.96, 0.95, 0.92) if float(body.mean()) < 0.6 else rgb(0.1, 0.1, 0.12)
    art = np.where((band | logo)[..., None], accent, body)
    image = _lit(front, art, rig, 0.25, normals=_flat(size, (-0.25, 0.0, 0.97)))
    image = (
        image * front[..., None]
        + _lit(side, body, rig, 0.25, normals=_flat(size, (0.8, 0.0, 0.6))) * side[..., None]
    )
    image = (
        image + _lit(top, body, rig, 0.25, normals=_flat(size, (0.0, 0.95, 0.3))) * top[..., None]
    )
    image = image * _lid_seam(xs, ys, (x0, y0, front_w, side_w, top_h), height, front + side)
    alpha = np.clip(front + side + top, 0.0, 1.0)
    return Sprite(image.astype(np.float32), alpha, (x0 + front_w * 0.6, y0 + height), front_w * 0.6)


def _lid_seam(
    xs: Array, ys: Array, box: tuple[float, float, float, float, float], height: float, faces: Array
) -> Array:
    """Shading factor of a lid: a dark seam round the box and the lid's soft shadow below it."""
    x0, y0, front_w, side_w, top_h = box
    rise = np.clip((xs - (x0 + front_w)) / max(side_w, 1.0), 0.0, 1.0) * top_h
    below = ys - (y0 + height * 0.22 - rise)  # distance under the lid's edge
    seam = np.clip(1.0 - np.abs(below) / max(height * 0.008, 0.8), 0.0, 1.0)
    shadow = np.clip(1.0 - below / (height * 0.05), 0.0, 1.0) * (below > 0)
    factor = 1.0 - faces * (0.55 * seam + 0.22 * shadow)
    return np.asarray(factor[..., None], dtype=np.float32)


def draw_phone(
    rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array
) -> Sprite:
    """A smartphone standing upright: metal frame, black glass, glowing wallpaper."""
    width = height * 0.48
    size = (int(height + 8), int(width + 8 + height * 0.02))
    frame = _rounded(size, 4, 4, width, height, width * 0.16)
    image = _lit(
        frame,
        mix(body, rgb(0.8, 0.8, 0.82), 0.3),
        rig,
        0.9,
        1.0,
        inflate_normals(frame, height * 0.02),
    )
    inset = height * 0.018
    screen = _rounded(
        size, 4 + inset, 4 + inset, width - 2 * inset, height - 2 * inset, width * 0.13
    )
    ys, xs = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32)
    diag = np.clip((xs / size[1] + ys / size[0]) / 2.0, 0.0, 1.0)
    wall = mix(body * 0.9 + 0.05, mix(body, rgb(0.95, 0.5, 0.6), 0.6), diag) * 0.75
    glare = np.clip(1.0 - np.abs(xs / size[1] - ys / size[0] * 0.6 - 0.15) * 5.0, 0, 1) * 0.12
    lens = ellipse_mask(size, (4 + width / 2, 4 + inset * 3), (inset * 0.6, inset * 0.6))
    shown = wall + glare[..., None]
    shown = shown * (1.0 - lens[..., None])
    image = mix(image, shown, screen)
    return Sprite(image, frame, (4 + width / 2, 4 + height), width / 2)


def _rounded(size: tuple[int, int], x: float, y: float, w: float, h: float, r: float) -> Array:
    """Coverage of a rounded rectangle."""
    angles = np.linspace(0, np.pi / 2, 8)
    corners = [
        (x + w - r, y + r, -np.pi / 2),
        (x + w - r, y + h - r, 0.0),
        (x + r, y + h - r, np.pi / 2),
        (x + r, y + r, np.pi),
    ]
    points = [
        (cx + r * np.cos(a0 + a), cy + r * np.sin(a0 + a)) for cx, cy, a0 in corners for a in angles
    ]
    return polygon_mask(size, np.array(points))


_UPPER = [
    (0.05, 0.80),
    (0.015, 0.55),
    (0.03, 0.32),
    (0.08, 0.16),
    (0.16, 0.13),
    (0.27, 0.21),
    (0.35, 0.06),
    (0.42, 0.07),
    (0.55, 0.26),
    (0.70, 0.36),
    (0.85, 0.42),
    (0.95, 0.50),
    (0.995, 0.62),
    (0.99, 0.77),
    (0.6, 0.8),
]
_SOLE = [
    (0.0, 0.74),
    (0.4, 0.77),
    (0.8, 0.75),
    (0.99, 0.69),
    (1.01, 0.78),
    (0.97, 0.88),
    (0.6, 0.93),
    (0.1, 0.93),
    (0.0, 0.88),
]
_STRIPE = [(0.22, 0.66), (0.5, 0.52), (0.78, 0.40), (0.82, 0.43), (0.55, 0.62), (0.25, 0.72)]


def draw_sneaker(
    rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array
) -> Sprite:
    """A low-top sneaker in side view: padded upper, white midsole, stripe and laces."""
    length = height * 2.5
    size = (int(height * 1.02 + 8), int(length + 8))

    def curve(points: list[tuple[float, float]]) -> Array:
        return smooth_curve([(4 + x * length, 4 + y * height) for x, y in points])

    upper = polygon_mask(size, curve(_UPPER))
    sole = polygon_mask(size, curve(_SOLE))
    stripe = polygon_mask(size, curve(_STRIPE)) * upper
    image = _lit(upper, body, rig, 0.3, normals=inflate_normals(upper, height * 0.35))
    stripe_colour = rgb(0.95, 0.95, 0.94) if float(body.mean()) < 0.7 else rgb(0.1, 0.1, 0.12)
    image = mix(
        image,
        _lit(upper, stripe_colour, rig, 0.3, normals=inflate_normals(upper, height * 0.35)),
        stripe,
    )
    image, alpha = _laces(image, upper, length, height, rig)
    midsole = _lit(
        sole, rgb(0.94, 0.93, 0.9), rig, 0.15, normals=inflate_normals(sole, height * 0.05)
    )
    ys = np.arange(size[0], dtype=np.float32)[:, None]
    outsole = (ys > 4 + height * 0.885).astype(np.float32) * sole
    midsole = mix(midsole, midsole * 0.35, outsole)
    image, alpha = over(image, alpha, midsole, sole)
    return Sprite(image, alpha, (4 + length * 0.5, 4 + height * 0.93), length * 0.45)


def _laces(
    image: Array, upper: Array, length: float, height: float, rig: Rig
) -> tuple[Array, Array]:
    """Eyelets and crossing laces along the throat of the shoe."""
    size = upper.shape
    laces = np.zeros(size, dtype=np.float32)
    for step in range(6):
        f = step / 5.0
        x, y = 4 + length * (0.40 + 0.3 * f), 4 + height * (0.12 + 0.3 * f)
        laces = np.maximum(laces, ellipse_mask(size, (x, y), (height * 0.05, height * 0.018), 35))
    lit = _lit(laces, rgb(0.95, 0.95, 0.93), rig, 0.2, normals=inflate_normals(laces, 4.0))
    return mix(image, lit, laces * upper), upper


def draw_watch(
    rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array
) -> Sprite:
    """A wristwatch face-on: strap, polished case, dial with indices and hands."""
    width = height * 0.6
    size = (int(height + 8), int(width + 8))
    cx, cy, radius = 4 + width / 2, 4 + height / 2, width * 0.46
    strap = _rounded(size, cx - radius * 0.55, 4, radius * 1.1, height, radius * 0.2)
    leather = mix(body, rgb(0.1, 0.07, 0.05), 0.5)
    image = _lit(strap, leather, rig, 0.25, normals=inflate_normals(strap, radius * 0.3))
    case = ellipse_mask(size, (cx, cy), (radius, radius))
    steel = rgb(0.8, 0.8, 0.82)
    image = mix(image, _lit(case, steel, rig, 1.0, 1.0, inflate_normals(case, radius * 0.25)), case)
    dial = ellipse_mask(size, (cx, cy), (radius * 0.8, radius * 0.8))
    face = _dial(size, (cx, cy), radius * 0.8, body)
    image = mix(image, face, dial)
    return Sprite(image, np.maximum(strap, case), (cx, 4 + height), radius * 0.6)


def _dial(size: tuple[int, int], centre: tuple[float, float], radius: float, body: Array) -> Array:
    """The dial: sunburst colour, twelve indices, hands and a crystal glare."""
    ys, xs = np.mgrid[0 : size[0], 0 : size[1]].astype(np.float32)
    dx, dy = xs - centre[0], ys - centre[1]
    angle, dist = np.arctan2(dy, dx), np.hypot(dx, dy) / radius
    face = body * (0.75 + 0.2 * np.cos(angle * 2.0 - 0.7))[..., None]
    marks = (dist > 0.78) & (dist < 0.92) & (np.abs(((angle / (np.pi / 6)) + 0.5) % 1 - 0.5) < 0.06)
    ink = rgb(0.95, 0.95, 0.93) if float(body.mean()) < 0.55 else rgb(0.08, 0.08, 0.1)
    hands = _hand(dx, dy, -2.1, radius * 0.5, radius * 0.035) | _hand(
        dx, dy, -0.4, radius * 0.75, radius * 0.025
    )
    face = np.where((marks | hands)[..., None], ink, face)
    glare = np.clip((-dx - dy) / (radius * 2.0), 0, 1) * 0.18
    return (face + glare[..., None]).astype(np.float32)


def _hand(dx: Array, dy: Array, angle: float, length: float, thickness: float) -> Array:
    """Pixels covered by a clock hand pointing at ``angle`` (radians, 0 = 3 o'clock)."""
    along = dx * np.cos(angle) + dy * np.sin(angle)
    across = -dx * np.sin(angle) + dy * np.cos(angle)
    return (along > -length * 0.12) & (along < length) & (np.abs(across) < thickness)


def draw_headphones(
    rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array
) -> Sprite:
    """Over-ear headphones standing face-on: a padded band, sliders and two ear cups."""
    width = height * 0.9
    size = (int(height + 8), int(width + 8))
    cx, top = 4 + width / 2, 4.0
    arc_w, arc_h, band = width * 0.42, height * 0.55, height * 0.075
    outer = ellipse_mask(size, (cx, top + arc_h), (arc_w, arc_h))
    inner = ellipse_mask(size, (cx, top + arc_h), (arc_w - band, arc_h - band))
    ys = np.arange(size[0], dtype=np.float32)[:, None]
    upper = (ys < top + arc_h).astype(np.float32)
    headband = np.clip(outer - inner, 0, 1) * upper
    shell = mix(body, rgb(0.06, 0.06, 0.07), 0.15)
    image = _lit(headband, shell, rig, 0.5, normals=inflate_normals(headband, band * 0.6))
    alpha = headband
    metal = rgb(0.78, 0.79, 0.8)
    cup_w, cup_h = width * 0.17, height * 0.26
    for side in (-1.0, 1.0):
        x = cx + side * (arc_w - band / 2)
        slider = _rounded(size, x - band * 0.22, top + arc_h - 2, band * 0.44, height * 0.1, 2)
        lit = _lit(slider, metal, rig, 0.9, 1.0, inflate_normals(slider, band * 0.3))
        image, alpha = over(image, alpha, lit, slider)
        cy = top + arc_h + height * 0.12
        cup = ellipse_mask(size, (x, cy), (cup_w, cup_h))
        image, alpha = over(image, alpha, _lit(cup, shell, rig, 0.7), cup)
        pad = ellipse_mask(size, (x - side * cup_w * 0.55, cy), (cup_w * 0.5, cup_h * 0.92))
        pad *= cup
        cushion = _lit(pad, rgb(0.09, 0.09, 0.1), rig, 0.15, normals=inflate_normals(pad, cup_w))
        image = mix(image, cushion, pad)
        badge = ellipse_mask(size, (x + side * cup_w * 0.2, cy), (cup_w * 0.22, cup_w * 0.22))
        image = mix(image, _lit(badge, metal, rig, 1.0, 1.0), badge * cup)
    foot = top + arc_h + height * 0.12 + cup_h
    return Sprite(image, alpha, (cx, foot), width * 0.45)


def draw_bag(rng: np.random.Generator, height: float, tilt: float, rig: Rig, body: Array) -> Sprite:
    """A structured leather handbag: tapered body, flap, clasp and two handles."""
    width = height * 1.05
    size = (int(height + 8), int(width + 8))
    x0, top, base = 4.0, 4 + height * 0.38, 4 + height
    inset = width * 0.08
    outline = smooth_curve(
        [
            (x0 + inset, top),
            (x0 + width - inset, top),
            (x0 + width, base - height * 0.08),
            (x0 + width - width * 0.02, base),
            (x0 + width * 0.02, base),
            (x0, base - height * 0.08),
        ]
    )
    leather = polygon_mask(size, outline)
    image = _lit(leather, body, rig, 0.35, normals=inflate_normals(leather, height * 0.1))
    alpha = leather
    handle_colour = mix(body, rgb(0.05, 0.04, 0.03), 0.35)
    for offset in (-0.16, 0.16):
        cx = x0 + width * (0.5 + offset)
        outer = ellipse_mask(size, (cx, top), (width * 0.2, height * 0.3))
        inner = ellipse_mask(size, (cx, top), (width * 0.2 - height * 0.04, height * 0.26))
        ys = np.arange(size[0], dtype=np.float32)[:, None]
        handle = np.clip(outer - inner, 0, 1) * (ys < top).astype(np.float32)
        lit = _lit(handle, handle_colour, rig, 0.4, normals=inflate_normals(handle, height * 0.03))
        image, alpha = over(image, alpha, lit, handle)
    flap_points = [
        (x0 + inset * 0.9, top),
        (x0 + width - inset * 0.9, top),
        (x0 + width - inset * 0.5, top + height * 0.26),
        (x0 + width * 0.5, top + height * 0.34),
        (x0 + inset * 0.5, top + height * 0.26),
    ]
    flap = polygon_mask(size, smooth_curve(flap_points)) * leather
    darker = _lit(flap, body * 0.85, rig, 0.45, normals=inflate_normals(flap, height * 0.05))
    image = mix(image, darker, flap)
    clasp = _rounded(size, x0 + width * 0.45, top + height * 0.27, width * 0.1, height * 0.07, 3)
    gold = rgb(0.82, 0.66, 0.38)
    image = mix(image, _lit(clasp, gold, rig, 1.0, 1.0, inflate_normals(clasp, 3.0)), clasp)
    return Sprite(image, alpha, (x0 + width / 2, base), width * 0.48)


DRAWERS: dict[str, Drawer] = {
    "box": draw_box,
    "phone": draw_phone,
    "sneaker": draw_sneaker,
    "watch": draw_watch,
    "headphones": draw_headphones,
    "bag": draw_bag,
}
