"""Round products (bottles, jars, cans, mugs, perfume, tubes) as lathed 3-D forms.

A shape is a radius profile from top (t=0) to bottom (t=1) and bands of material
along it. The camera looks slightly down, so horizontal edges become ellipse arcs
and the top shows as an ellipse; normals come from the profile and its slope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from photogen.engine.studio.noise import Array, mix, rgb
from photogen.engine.studio.shading import Material, Rig, shade
from photogen.engine.studio.sprite import Sprite, ellipse_mask

_SAMPLES = 1024


@dataclass(frozen=True)
class Label:
    """A printed label wrapped round a band: paper colour and an accent colour."""

    paper: Array
    accent: Array
    turn: float = 0.0
    """Rotation of the label's front away from the camera, in -1..1 of the visible half."""


@dataclass(frozen=True)
class Band:
    """A stretch of the profile made of one material, optionally with a label."""

    start: float
    end: float
    material: Material
    label: Label | None = None


@dataclass(frozen=True)
class LatheShape:
    """A round object: profile points (t, radius as a fraction of height) and bands."""

    profile: tuple[tuple[float, float], ...]
    bands: tuple[Band, ...]
    open_top: bool = False
    """A mug: the top shows the inside and a drink."""
    drink: Array = field(default_factory=lambda: rgb(0.16, 0.09, 0.05))


def _profile(shape: LatheShape, height: float) -> tuple[Array, Array]:
    """Radius in pixels and its slope, sampled along t."""
    ts = np.linspace(0.0, 1.0, _SAMPLES)
    points = np.asarray(shape.profile)
    radius = np.interp(ts, points[:, 0], points[:, 1]).astype(np.float32)
    radius = cv2.GaussianBlur(radius[None, :], (0, 0), 3.0, borderType=cv2.BORDER_REPLICATE)[0]
    return radius * height, np.gradient(radius, ts).astype(np.float32)


def _band_tables(shape: LatheShape) -> tuple[Array, Array, Array, Array]:
    """Per-sample material index, colour, gloss and metal tables."""
    ts = np.linspace(0.0, 1.0, _SAMPLES)
    index = np.zeros(_SAMPLES, dtype=np.int32)
    for i, band in enumerate(shape.bands):
        index[(ts >= band.start) & (ts <= band.end)] = i
    colours = np.stack([band.material.colour for band in shape.bands]).astype(np.float32)
    gloss = np.array([band.material.gloss for band in shape.bands], dtype=np.float32)
    metal = np.array([float(band.material.metal) for band in shape.bands], dtype=np.float32)
    return index, colours, gloss, metal


def _label_art(u: Array, v: Array, label: Label) -> tuple[Array, Array]:
    """Label artwork in label coordinates: a paper colour with a brand block and text."""
    u = u - label.turn
    brand = (np.abs(u) < 0.42) & (v > 0.30) & (v < 0.47)
    stripe = (v > 0.10) & (v < 0.16)
    lines = ((np.abs(u) < 0.30) & (np.abs(v - 0.62) < 0.018)) | (
        (np.abs(u) < 0.20) & (np.abs(v - 0.70) < 0.014)
    )
    logo = np.hypot(u * 1.3, (v - 0.84) * 2.2) < 0.07
    art = np.where((brand | stripe | logo)[..., None], label.accent, label.paper)
    art = np.where(lines[..., None], mix(label.paper, label.accent, 0.6), art)
    return art, (brand | stripe).astype(np.float32)


def render_lathe(shape: LatheShape, height: float, tilt: float, rig: Rig) -> Sprite:
    """Draw a lathed object ``height`` pixels tall, seen from ``tilt`` above."""
    radius, slope = _profile(shape, height)
    width = int(2 * radius.max() + 8)
    top = tilt * radius[0] + 4
    box_h = int(top + height + tilt * radius[-1] + 6)
    ys, xs = np.mgrid[0:box_h, 0:width].astype(np.float32)
    dx = xs - width / 2.0
    t = (ys - top) / height
    for _ in range(2):
        r = radius[np.clip((t * (_SAMPLES - 1)).astype(np.int32), 0, _SAMPLES - 1)]
        t = (ys - tilt * np.sqrt(np.clip(r * r - dx * dx, 0.0, None)) - top) / height
    idx = np.clip((t * (_SAMPLES - 1)).astype(np.int32), 0, _SAMPLES - 1)
    r = radius[idx]
    alpha = (
        np.clip(r - np.abs(dx) + 0.5, 0, 1)
        * np.clip(t * height + 0.5, 0, 1)
        * np.clip((1 - t) * height + 0.5, 0, 1)
    )
    xn = np.clip(dx / np.maximum(r, 1e-3), -1.0, 1.0)
    norm = np.sqrt(1.0 + slope[idx] ** 2)
    nx, ny, nz = xn / norm, slope[idx] / norm, np.sqrt(1.0 - xn * xn) / norm
    band_index, colours, gloss, metal = _band_tables(shape)
    bands = band_index[idx]
    albedo, gloss_px = colours[bands], gloss[bands]
    u = np.arcsin(xn) / (np.pi / 2)
    for i, band in enumerate(shape.bands):
        if band.label is not None:
            v = (t - band.start) / max(band.end - band.start, 1e-3)
            art, ink = _label_art(u, v, band.label)
            inside = bands == i
            albedo = np.where(inside[..., None], art, albedo)
            gloss_px = np.where(inside, gloss_px * (0.55 + 0.3 * ink), gloss_px)
    ao = 1.0 - 0.25 * np.clip((t - 0.93) / 0.07, 0, 1)
    image = shade(nx, ny, nz, albedo, gloss_px, metal[bands], rig) * ao[..., None]
    alpha = _glass(alpha, shape, bands, nz, image)
    image, alpha = _top_face(image, alpha, shape, radius[0], tilt, top, width, rig)
    return Sprite(image, alpha, (width / 2.0, top + height), float(radius[-1]))


def _glass(alpha: Array, shape: LatheShape, bands: Array, nz: Array, image: Array) -> Array:
    """Let the background show through glass bands, except at edges and highlights."""
    clarity = np.array([band.material.glass for band in shape.bands], dtype=np.float32)[bands]
    if not clarity.any():
        return alpha
    glow = np.clip(image.max(axis=2) - 0.85, 0.0, 1.0) * 4.0
    see_through = clarity * np.clip(nz, 0, 1) ** 1.5 * (1.0 - np.clip(glow, 0, 1))
    return alpha * (1.0 - see_through)


def _top_face(
    image: Array,
    alpha: Array,
    shape: LatheShape,
    radius: float,
    tilt: float,
    top: float,
    width: int,
    rig: Rig,
) -> tuple[Array, Array]:
    """Add the visible top ellipse: a lit cap, or the inside of a mug with a drink."""
    if radius < 1.0:
        return image, alpha
    size = alpha.shape
    centre = (width / 2.0, top)
    disc = ellipse_mask(size, centre, (radius, radius * tilt)) * (1.0 - alpha)
    material = shape.bands[0].material
    ones = np.ones(size, dtype=np.float32)
    lit = shade(
        ones * 0.0,
        ones * 0.9,
        ones * 0.44,
        np.broadcast_to(material.colour, (*size, 3)),
        ones * material.gloss * 0.6,
        ones * float(material.metal),
        rig,
    )
    if shape.open_top:
        inner = ellipse_mask(size, centre, (radius * 0.9, radius * tilt * 0.9))
        drink = ellipse_mask(
            size, (centre[0], top + radius * tilt * 0.15), (radius * 0.86, radius * tilt * 0.75)
        )
        lit = np.where(inner[..., None] > 0.5, material.colour * 0.35, lit)
        lit = np.where(drink[..., None] > 0.5, shape.drink, lit)
    image = image * (1.0 - disc[..., None]) + lit * disc[..., None]
    return image.astype(np.float32), np.clip(alpha + disc, 0.0, 1.0)
