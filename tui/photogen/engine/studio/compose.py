"""Putting a picture together: set or scene, the product with its shadow and
reflection, then lens and grade."""

from __future__ import annotations

import cv2
import numpy as np

from photogen.engine.prompt import PRODUCT_SETTINGS, SceneSpec
from photogen.engine.studio import lens, styles
from photogen.engine.studio.city import paint_city
from photogen.engine.studio.landscape import (
    paint_desert,
    paint_field,
    paint_forest,
    paint_mountains,
)
from photogen.engine.studio.layers import Canvas
from photogen.engine.studio.noise import Array, from_bytes, mix, rgb, stable_rng
from photogen.engine.studio.products import HEIGHT_SHARE, WIDTH_RATIO, render_product
from photogen.engine.studio.shading import Rig
from photogen.engine.studio.sky import LIGHTS, paint_sky
from photogen.engine.studio.sprite import Sprite
from photogen.engine.studio.surfaces import GLOSS, paint_sweep, paint_tabletop
from photogen.engine.studio.water import paint_beach, paint_lake

SCENE_PAINTERS = {
    "mountains": paint_mountains,
    "lake": paint_lake,
    "beach": paint_beach,
    "desert": paint_desert,
    "forest": paint_forest,
    "field": paint_field,
    "city": paint_city,
}

BACKDROPS = (
    rgb(0.80, 0.86, 0.90),
    rgb(0.93, 0.85, 0.78),
    rgb(0.78, 0.85, 0.78),
    rgb(0.92, 0.80, 0.82),
    rgb(0.30, 0.32, 0.36),
    rgb(0.85, 0.82, 0.92),
)


def render(spec: SceneSpec, prompt: str, seed: int, width: int, height: int) -> Array:
    """Render ``spec`` to an (height, width, 3) uint8 array, deterministically."""
    rng = stable_rng("studio", prompt, seed)
    finish_rng = stable_rng("grain", prompt, seed, width, height)
    if spec.setting in PRODUCT_SETTINGS:
        canvas, floor_y, rim = _paint_set(rng, spec, width, height)
        gloss = GLOSS[spec.setting]
    else:
        canvas, floor_y, rim = _paint_scene(rng, spec, width, height)
        gloss = 0.0
    if spec.kind == "product" and spec.subject:
        canvas.image = _place_product(rng, canvas, spec, floor_y, rim, gloss)
    return _finish(finish_rng, canvas, spec)


def _paint_scene(
    rng: np.random.Generator, spec: SceneSpec, width: int, height: int
) -> tuple[Canvas, float, Array]:
    """A landscape under a sky; products stand in front of it, out of focus."""
    horizon = int(height * rng.uniform(0.5, 0.64))
    light = LIGHTS[spec.time_of_day]
    sky = paint_sky(rng, width, height, horizon, light)
    canvas = Canvas.from_image(sky.image)
    painter = SCENE_PAINTERS.get(spec.setting)
    (painter or paint_mountains)(rng, canvas, sky, spec.time_of_day)
    if spec.kind == "product" or "dof" in spec.lens:
        canvas.image = lens.depth_of_field(canvas.image, canvas.depth, 0.0, 1.6)
    canvas.image = lens.bloom(canvas.image)
    return canvas, height * rng.uniform(0.86, 0.9), light.horizon


def _paint_set(
    rng: np.random.Generator, spec: SceneSpec, width: int, height: int
) -> tuple[Canvas, float, Array]:
    """A product set: sweep, coloured backdrop or tabletop."""
    colour = from_bytes(spec.colour) if spec.colour else None
    if spec.setting in ("white_sweep", "color_backdrop"):
        floor_y = height * rng.uniform(0.74, 0.8)
        if spec.setting == "white_sweep":
            backdrop = rgb(0.97, 0.97, 0.97)
        else:
            backdrop = (
                colour if colour is not None else BACKDROPS[int(rng.integers(len(BACKDROPS)))]
            )
        image = paint_sweep(rng, width, height, floor_y, backdrop)
        return Canvas.from_image(image), floor_y, mix(backdrop, rgb(1, 1, 1), 0.5)
    table_y = height * rng.uniform(0.45, 0.55)
    wall = BACKDROPS[int(rng.integers(len(BACKDROPS)))] * 0.95
    image = paint_tabletop(rng, spec.setting, width, height, table_y, wall)
    canvas = Canvas.from_image(image)
    ys = np.arange(height, dtype=np.float32)[:, None]
    canvas.depth = np.broadcast_to(
        np.where(ys < table_y, 1.0, 0.05 + 0.6 * (height - ys) / (height - table_y)),
        (height, width),
    ).astype(np.float32)
    canvas.image = lens.depth_of_field(canvas.image, canvas.depth, 0.2, 1.0)
    return canvas, height * rng.uniform(0.76, 0.84), wall


FRAMING_SCALE = {"close": 1.45, "wide": 0.62}
"""How much bigger (close-up) or smaller (wide shot) the product is than in a normal shot."""


def _place_product(
    rng: np.random.Generator,
    canvas: Canvas,
    spec: SceneSpec,
    floor_y: float,
    rim: Array,
    gloss: float,
) -> Array:
    """Render the product (``spec.count`` of them, side by side) on the floor with shadows
    and a reflection."""
    width, height = canvas.size
    subject = spec.subject or "bottle"
    count = max(1, spec.count)
    size = HEIGHT_SHARE[subject] * height * rng.uniform(0.9, 1.08)
    size *= FRAMING_SCALE.get(spec.framing, 1.0) * (1.0 if count == 1 else 0.8)
    room = (0.72 if spec.framing != "close" else 0.88) * width / count
    size = min(size, room / WIDTH_RATIO[subject], floor_y * 0.8)
    rig = Rig(float(rng.choice([-1.0, 1.0])), rim)
    own = spec.subject_colour if spec.setting == "color_backdrop" else spec.colour
    colour = from_bytes(own) if own else None
    image = canvas.image
    sprite = render_product(subject, rng, size, float(rng.uniform(0.1, 0.2)), rig, colour)
    jitter = rng.uniform(-0.07, 0.07) if count == 1 and spec.framing != "close" else 0.0
    centre = width * (0.5 + jitter)
    for index in range(count):  # one product, lined up: the same sprite each time
        foot_x = centre + (index - (count - 1) / 2) * room * 0.95
        foot_y = floor_y + (index % 2) * size * 0.04  # a staggered row reads as a group
        origin = (int(round(foot_x - sprite.foot[0])), int(round(foot_y - sprite.foot[1])))
        image = _shadow(image, sprite, origin, rig.side)
        if gloss > 0:
            image = _paste(image, *_reflection(sprite, gloss), origin)
        image = _paste(image, sprite.image, sprite.alpha, origin)
    return image


def _shadow(image: Array, sprite: Sprite, origin: tuple[int, int], side: float) -> Array:
    """A dark contact shadow under the object and a soft one cast away from the key light."""
    height, width = image.shape[:2]
    foot_x, foot_y = origin[0] + sprite.foot[0], origin[1] + sprite.foot[1]
    reach = sprite.footprint
    mask = np.zeros((height, width), dtype=np.float32)
    cv2.ellipse(
        mask,
        (int(foot_x), int(foot_y)),
        (int(reach * 1.05), int(reach * 0.22 + 2)),
        0,
        0,
        360,
        0.75,
        -1,
    )
    soft = np.zeros_like(mask)
    cv2.ellipse(
        soft,
        (int(foot_x - side * reach * 0.6), int(foot_y - reach * 0.05)),
        (int(reach * 2.0), int(reach * 0.5 + 3)),
        0,
        0,
        360,
        0.35,
        -1,
    )
    shadow = lens.blur(mask, reach * 0.2 + 2) + lens.blur(soft, reach * 0.8 + 4)
    return image * (1.0 - np.clip(shadow, 0, 0.85))[..., None]


def _reflection(sprite: Sprite, gloss: float) -> tuple[Array, Array]:
    """The object mirrored in a glossy floor, fading with distance."""
    foot_y = int(round(sprite.foot[1]))
    above = sprite.image[:foot_y][::-1]
    alpha = sprite.alpha[:foot_y][::-1]
    rows = np.arange(above.shape[0], dtype=np.float32) / max(above.shape[0], 1)
    fade = np.clip(1.0 - rows / 0.45, 0.0, 1.0) ** 2 * gloss
    image = np.zeros_like(sprite.image)
    mirrored = np.zeros_like(sprite.alpha)
    count = min(above.shape[0], sprite.image.shape[0] - foot_y)
    image[foot_y : foot_y + count] = above[:count]
    mirrored[foot_y : foot_y + count] = (alpha * fade[:, None])[:count]
    return cv2.GaussianBlur(image, (0, 0), 1.5), cv2.GaussianBlur(mirrored, (0, 0), 1.5)


def _paste(image: Array, top: Array, alpha: Array, origin: tuple[int, int]) -> Array:
    """Composite ``top`` with ``alpha`` onto ``image`` at ``origin``, clipped to the frame."""
    height, width = image.shape[:2]
    x0, y0 = origin
    sx0, sy0 = max(-x0, 0), max(-y0, 0)
    dx0, dy0 = max(x0, 0), max(y0, 0)
    w = min(top.shape[1] - sx0, width - dx0)
    h = min(top.shape[0] - sy0, height - dy0)
    if w <= 0 or h <= 0:
        return image
    region = image[dy0 : dy0 + h, dx0 : dx0 + w]
    a = alpha[sy0 : sy0 + h, sx0 : sx0 + w, None]
    region[:] = region * (1.0 - a) + top[sy0 : sy0 + h, sx0 : sx0 + w] * a
    return image


SET_LIGHT = {
    "golden": (rgb(1.08, 0.97, 0.82), 0.0),
    "sunset": (rgb(1.1, 0.9, 0.75), 0.05),
    "night": (rgb(0.55, 0.6, 0.78), 0.0),
    "overcast": (rgb(0.95, 0.97, 1.0), 0.0),
}
"""Colour multiplier and added warmth of a studio set lit like a time of day."""


def _light_the_set(image: Array, spec: SceneSpec) -> Array:
    """A studio set in golden, sunset, night or overcast light (a landscape has its sky)."""
    if spec.setting not in PRODUCT_SETTINGS or spec.time_of_day not in SET_LIGHT:
        return image
    tint, warmth = SET_LIGHT[spec.time_of_day]
    height, width = image.shape[:2]
    xs = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :, None]
    glow = warmth * np.clip(1.0 - xs * 1.5, 0.0, 1.0) * rgb(1.0, 0.55, 0.2)  # light from one side
    return np.asarray(image * tint + glow, dtype=np.float32)


def _finish(rng: np.random.Generator, canvas: Canvas, spec: SceneSpec) -> Array:
    """Set light, grade, vignette, grain and letterbox, then 8-bit."""
    image = styles.apply_styles(_light_the_set(canvas.image, spec), spec.style)
    moody = {"cinematic", "film", "moody"} & set(spec.style)
    if "vignette" in spec.lens or moody:
        image = lens.vignette(image, 0.45 if "vignette" in spec.lens else 0.25)
    heavy = "grain" in spec.lens or "film" in spec.style
    image = lens.grain(rng, image, 0.045 if heavy else 0.008)
    if "letterbox" in spec.lens:
        image = lens.letterbox(image)
    return (np.clip(image, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
