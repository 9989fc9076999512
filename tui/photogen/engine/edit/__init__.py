"""Photo edits on uploads: cut-out onto a backdrop, aspect, grade, levels, platform size.

Everything is classical image processing (OpenCV, Pillow, numpy) on real pixels:

    >>> from photogen.engine.edit import EditSpec, apply_edit
    >>> edited = apply_edit(photo, EditSpec(background="white", aspect="1:1", grade="warm"))

Order of work: auto-levels -> (cut-out, grade the subject, place it on the backdrop with
a shadow) or (grade, centre-crop to the aspect) -> resize for the platform, or to the
aspect's 1080-class size (1080x1920 for 9:16), upscaled with Lanczos and said so when
the photo has fewer pixels. With a backdrop the subject alone is graded, so "white"
stays pure white. :func:`edit_photo` also returns those notes and the cut-out's score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps

from photogen.engine.edit.background import BACKDROPS, make_backdrop, place_subject
from photogen.engine.edit.background import resolve_background as _resolve_background
from photogen.engine.edit.colours import parse_colour
from photogen.engine.edit.cutout import Box, cutout, cutout_mask
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
from photogen.engine.edit.maskscore import MaskScore, mask_quality
from photogen.engine.sizes import ASPECTS as ASPECT_SIZES

__all__ = [
    "ASPECTS",
    "BACKDROPS",
    "GRADES",
    "PLATFORMS",
    "EditSpec",
    "Edited",
    "MaskScore",
    "apply_edit",
    "class_size",
    "edit_photo",
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
    subject_box: Box | None = None
    """Where the subject is (left, top, right, bottom as fractions of the frame), when the
    user chose it; the cut-out then starts from that box."""

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


@dataclass(frozen=True)
class Edited:
    """An edited photo, what the user should know about it, and the cut-out's score."""

    image: Image.Image
    notes: tuple[str, ...] = ()
    cutout: MaskScore | None = None


def apply_edit(image: Image.Image, spec: EditSpec) -> Image.Image:
    """Applies ``spec`` to ``image`` and returns a new RGB image; the input is untouched.

    Raises:
        ValueError: an unknown background, aspect, grade or platform name.
    """
    return edit_photo(image, spec).image


def edit_photo(
    image: Image.Image, spec: EditSpec, matting: Callable[[np.ndarray], np.ndarray] | None = None
) -> Edited:
    """:func:`apply_edit` with notes (an upscale, the matting model) and the cut-out's score.

    ``matting`` (``rgb -> alpha``, an installed neural model) makes the cut-out instead of
    the classical method, unless the user chose a subject box.

    Raises:
        ValueError: an unknown background, aspect, grade or platform name.
    """
    spec.validate()
    upright = ImageOps.exif_transpose(image)
    rgb, alpha = _split_alpha(upright)
    if spec.auto_levels:
        rgb = auto_levels(rgb)
    score = None
    notes: list[str] = []
    if spec.background is None:
        edited = _edit_in_place(rgb, spec)
    else:
        if alpha is None and matting is not None and spec.subject_box is None:
            alpha, score = _model_alpha(upright, matting)
            notes.append(f"Cut out by the {getattr(matting, 'name', 'matting')} model.")
        edited, found = _edit_on_backdrop(upright, rgb, alpha, spec)
        score = score or found
    if spec.platform is not None:
        edited = _resized(edited, platform_size(spec.platform), notes)
    elif spec.aspect is not None:
        edited = _resized(edited, class_size(parse_aspect(spec.aspect)), notes)
    return Edited(edited, tuple(notes), score)


def _model_alpha(
    image: Image.Image, matting: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, MaskScore]:
    """The model's alpha and its score (the model is one hypothesis: agreement 1)."""
    rgb = np.asarray(image.convert("RGB"))
    alpha = np.clip(np.asarray(matting(rgb), np.float32), 0.0, 1.0)
    small = cv2.resize(rgb, (256, max(1, round(256 * rgb.shape[0] / rgb.shape[1]))))
    mask = cv2.resize((alpha > 0.5).astype(np.uint8), (small.shape[1], small.shape[0]))
    return alpha, mask_quality(small, mask)


def class_size(ratio: tuple[int, int]) -> tuple[int, int]:
    """The 1080-class pixel size of an aspect: its short side 1080 (1080x1920 for 9:16)."""
    for size in ASPECT_SIZES.values():
        if size[0] * ratio[1] == size[1] * ratio[0]:
            return size
    width, height = ratio
    scale = 1080 / min(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resized(image: Image.Image, size: tuple[int, int], notes: list[str]) -> Image.Image:
    """``image`` cropped and scaled to ``size``; an upscale is noted."""
    if image.size == size:
        return image
    crop = centre_crop(image, size)
    if crop.width < size[0]:
        notes.append(
            f"Upscaled from {crop.width}×{crop.height} to {size[0]}×{size[1]} (Lanczos): "
            "the photo has fewer pixels than that, so fine detail is softer."
        )
    return fit_to_size(image, size)


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
) -> tuple[Image.Image, MaskScore | None]:
    score = None
    if alpha is None:
        found = cutout(upright, spec.subject_box)
        alpha, score = found.alpha, found.score
    if not (alpha > 0.5).any():
        alpha = np.ones(rgb.shape[:2], np.float32)  # nothing stood out: place the whole photo
    if spec.grade is not None:
        rgb = apply_grade(rgb, spec.grade)
    height, width = rgb.shape[:2]
    size = canvas_size((width, height), _canvas_ratio(spec, (width, height)))
    assert spec.background is not None
    canvas = make_backdrop(spec.background, size)
    return _to_image(place_subject(rgb, alpha, canvas, spec.margin, spec.shadow)), score


def _canvas_ratio(spec: EditSpec, size: tuple[int, int]) -> tuple[int, int]:
    if spec.aspect is not None:
        return parse_aspect(spec.aspect)
    if spec.platform is not None:
        return platform_size(spec.platform)
    return size


def _to_image(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")
