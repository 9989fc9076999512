"""Photo edits on uploads: cut-out onto a backdrop, aspect, grade, levels, platform size.

Everything is classical image processing (OpenCV, Pillow, numpy) on real pixels:

    >>> from photogen.engine.edit import EditSpec, apply_edit
    >>> edited = apply_edit(photo, EditSpec(background="white", aspect="1:1", grade="warm"))

Order of work: auto-levels -> (cut-out, grade the subject, place it on the backdrop with
a shadow) or (grade, centre-crop to the aspect) -> resize for the platform. With a
backdrop the subject alone is graded, so "white" stays pure white.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from photogen.engine.edit.background import BACKDROPS, make_backdrop, place_subject
from photogen.engine.edit.background import resolve_background as _resolve_background
from photogen.engine.edit.colours import parse_colour
from photogen.engine.edit.cutout import cutout_mask
from photogen.engine.edit.geometry import (
    ASPECTS,
    PLATFORMS,
    canvas_size,
    centre_crop,
    fit_to_size,
    parse_aspect,
    platform_size,
)
from photogen.engine.edit.grade import GRADES, apply_grade, auto_levels, grade_name

__all__ = [
    "ASPECTS",
    "BACKDROPS",
    "GRADES",
    "PLATFORMS",
    "EditSpec",
    "apply_edit",
    "cutout_mask",
    "parse_colour",
]


@dataclass(frozen=True)
class EditSpec:
    """What to do to a photo; every field is optional."""

    background: tuple[int, int, int] | str | None = None
    """RGB or a colour/backdrop name ("white", "studio", "marble", "pastel pink", "白色");
    None keeps the original background."""
    aspect: str | None = None
    """Aspect ratio "1:1", "4:5", "9:16" or "16:9": pads around the subject when a
    background is set, otherwise centre-crops."""
    grade: str | None = None
    """One of GRADES ("warm", "cool", "cinematic", "bw", "vintage", "vivid") or an alias."""
    auto_levels: bool = False
    """Stretch each channel between its 0.5th and 99.5th percentiles."""
    platform: str | None = None
    """Final size: "instagram", "instagram_portrait", "story", "tiktok", "reels", "youtube"."""
    margin: float = 0.12
    """Free border around the subject on a background, as a share of the canvas side."""
    shadow: bool = True
    """Draw a soft contact shadow under the subject on a background."""

    def validate(self) -> None:
        """Raises ValueError with a human message for any unknown name."""
        if self.background is not None:
            _resolve_background(self.background)
        if self.aspect is not None:
            parse_aspect(self.aspect)
        if self.grade is not None:
            grade_name(self.grade)
        if self.platform is not None:
            platform_size(self.platform)


def apply_edit(image: Image.Image, spec: EditSpec) -> Image.Image:
    """Applies ``spec`` to ``image`` and returns a new RGB image; the input is untouched.

    Raises:
        ValueError: an unknown background, aspect, grade or platform name.
    """
    spec.validate()
    upright = ImageOps.exif_transpose(image)
    rgb, alpha = _split_alpha(upright)
    if spec.auto_levels:
        rgb = auto_levels(rgb)
    if spec.background is None:
        edited = _edit_in_place(rgb, spec)
    else:
        edited = _edit_on_backdrop(upright, rgb, alpha, spec)
    if spec.platform is not None:
        edited = fit_to_size(edited, platform_size(spec.platform))
    return edited


def _split_alpha(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """Float RGB (transparent pixels on white) and the alpha channel when it is used."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = np.asarray(image.convert("RGBA")).astype(np.float32)
        alpha = rgba[..., 3] / 255.0
        if alpha.min() < 0.99:
            rgb = rgba[..., :3] * alpha[..., None] + 255.0 * (1 - alpha[..., None])
            return rgb, alpha
    return np.asarray(image.convert("RGB")).astype(np.float32), None


def _edit_in_place(rgb: np.ndarray, spec: EditSpec) -> Image.Image:
    if spec.grade is not None:
        rgb = apply_grade(rgb, spec.grade)
    edited = _to_image(rgb)
    if spec.aspect is not None:
        edited = centre_crop(edited, parse_aspect(spec.aspect))
    return edited


def _edit_on_backdrop(
    upright: Image.Image, rgb: np.ndarray, alpha: np.ndarray | None, spec: EditSpec
) -> Image.Image:
    if alpha is None:
        alpha = cutout_mask(upright)
    if not (alpha > 0.5).any():
        alpha = np.ones(rgb.shape[:2], np.float32)  # nothing stood out: place the whole photo
    if spec.grade is not None:
        rgb = apply_grade(rgb, spec.grade)
    height, width = rgb.shape[:2]
    size = canvas_size((width, height), _canvas_ratio(spec, (width, height)))
    assert spec.background is not None
    canvas = make_backdrop(spec.background, size)
    return _to_image(place_subject(rgb, alpha, canvas, spec.margin, spec.shadow))


def _canvas_ratio(spec: EditSpec, size: tuple[int, int]) -> tuple[int, int]:
    if spec.aspect is not None:
        return parse_aspect(spec.aspect)
    if spec.platform is not None:
        return platform_size(spec.platform)
    return size


def _to_image(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")
