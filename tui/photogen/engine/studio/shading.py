"""Studio lighting of 3-D product surfaces from their normals.

The light rig is the classic product set-up: a large key softbox to one side, a
narrow strip light on the other side for a rim highlight, and an overhead panel.
On glossy surfaces the softboxes appear as soft vertical highlight streaks, which
is most of what makes a render read as "studio photograph".
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from photogen.engine.studio.noise import Array


@dataclass(frozen=True)
class Material:
    """How a surface answers light."""

    colour: Array
    gloss: float = 0.6
    """Strength of the softbox reflections (0 matte .. 1 lacquer)."""
    metal: bool = False
    """Metals tint their reflections and have little diffuse light."""
    glass: float = 0.0
    """How much of the background shows through (0 opaque .. 1 clear glass)."""


@dataclass(frozen=True)
class Rig:
    """Where the lights are: ``side`` is -1 for a key light on the left, +1 on the right."""

    side: float = -1.0
    rim: Array | None = None
    """Colour of light bounced from the backdrop onto the object's edges."""


def reflect_view(nx: Array, ny: Array, nz: Array) -> tuple[Array, Array, Array]:
    """Mirror the view direction (0, 0, 1) about the normal."""
    return 2 * nz * nx, 2 * nz * ny, 2 * nz * nz - 1.0


def softbox_highlights(nx: Array, ny: Array, nz: Array, rig: Rig) -> Array:
    """Intensity of the three lights' reflections seen on a mirror-like surface."""
    rx, ry, _ = reflect_view(nx, ny, nz)
    key = np.exp(-(((rx - 0.6 * rig.side) / 0.22) ** 2) - ((ry - 0.15) / 0.9) ** 2)
    strip = np.exp(-(((rx + 0.9 * rig.side) / 0.07) ** 2) - (ry / 0.9) ** 2)
    top = np.exp(-(((ry - 0.85) / 0.25) ** 2))
    return 1.1 * key + 0.7 * strip + 0.5 * top


def shade(
    nx: Array, ny: Array, nz: Array, albedo: Array, gloss: Array, metal: Array, rig: Rig
) -> Array:
    """Light a surface.

    Args:
        nx: Normal x (right), per pixel.
        ny: Normal y (up), per pixel.
        nz: Normal z (towards the camera), per pixel.
        albedo: Base colour per pixel, (H, W, 3).
        gloss: Reflection strength per pixel.
        metal: 1 where the surface is metal, per pixel.
        rig: The lights.

    Returns:
        Lit colour (H, W, 3), float32.
    """
    key = np.array([0.62 * rig.side, 0.45, 0.64], dtype=np.float32)
    lambert = nx * key[0] + ny * key[1] + nz * key[2]
    diffuse = np.clip((lambert + 0.3) / 1.3, 0.0, 1.0) * 0.8 + 0.22 + 0.08 * ny
    highlights = softbox_highlights(nx, ny, nz, rig) * gloss
    fresnel = (1.0 - np.clip(nz, 0.0, 1.0)) ** 3
    rim = rig.rim if rig.rim is not None else np.ones(3, dtype=np.float32)
    metal3 = metal[..., None]
    diffuse3 = diffuse[..., None]
    plain = albedo * diffuse3 + highlights[..., None] * 0.9
    env = 0.25 + 0.75 * np.cos(nx * 2.2 + 0.6 * rig.side) ** 2
    shiny = albedo * (0.12 + 0.55 * env[..., None] * diffuse3) + highlights[..., None] * (
        albedo * 0.8 + 0.25
    )
    lit = plain * (1.0 - metal3) + shiny * metal3
    return (lit + fresnel[..., None] * rim * (0.35 + 0.3 * gloss[..., None])).astype(np.float32)


def inflate_normals(mask: Array, radius: float) -> tuple[Array, Array, Array]:
    """Normals of a pillow-like surface whose outline is ``mask`` (0..1 floats).

    The height is the square root of the distance to the outline, so edges roll off
    like a rounded object.
    """
    binary = (mask > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(binary, cv2.DIST_L2, 5)
    height = np.sqrt(np.clip(dist / max(radius, 1.0), 0.0, 1.0)) * radius
    height = cv2.GaussianBlur(height, (0, 0), max(radius * 0.08, 0.8))
    gx = cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    norm = np.sqrt(gx * gx + gy * gy + 1.0)
    return -gx / norm, gy / norm, 1.0 / norm
