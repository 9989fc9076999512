"""Stills with a slow, sub-pixel smooth zoom/pan ("Ken Burns").

Each still is decoded once, cover-fitted to a working image ``MARGIN`` times the canvas
in each direction and converted once to YUV 4:2:0 planes. A frame is then an affine
resample of those planes (OpenCV ``warpAffine``, bilinear, 1/32-pixel positioning):
the window slides and scales continuously, so there are no whole-pixel jumps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .planes import Planes, rgb_to_planes
from .spec import RenderError, StillClip

#: Working image size relative to the canvas; the headroom the motion moves in.
MARGIN = 1.12

# Motion patterns, cycled by still index: (scale, x, y) at the start and at the end.
# scale is the window size relative to the canvas (MARGIN = whole working image,
# 1.0 = most zoomed in); x, y place the window within the free room (0..1).
_PATTERNS: tuple[tuple[tuple[float, float, float], tuple[float, float, float]], ...] = (
    ((MARGIN, 0.5, 0.5), (1.0, 0.55, 0.4)),  # slow zoom in
    ((1.0, 0.0, 0.5), (1.0, 1.0, 0.5)),  # pan left to right
    ((1.0, 0.45, 0.55), (MARGIN, 0.5, 0.5)),  # slow zoom out
    ((1.0, 1.0, 0.3), (1.0, 0.0, 0.7)),  # drift right to left, slightly down
)


@dataclass
class Window:
    """Where the canvas looks into the working image, in working-image pixels."""

    left: float
    top: float
    scale: float


def motion_window(index: int, progress: float, canvas: tuple[int, int]) -> Window:
    """The view of still ``index`` at ``progress`` (0..1) through its time on screen."""
    start, end = _PATTERNS[index % len(_PATTERNS)]
    p = min(1.0, max(0.0, progress))
    scale, fx, fy = (a + (b - a) * p for a, b in zip(start, end, strict=True))
    width, height = working_size(canvas)
    free_x = width - canvas[0] * scale
    free_y = height - canvas[1] * scale
    return Window(left=fx * free_x, top=fy * free_y, scale=scale)


def working_size(canvas: tuple[int, int]) -> tuple[int, int]:
    """Working image size for a canvas: ``MARGIN`` larger, even sides."""
    return (_even_ceil(canvas[0] * MARGIN), _even_ceil(canvas[1] * MARGIN))


def load_still(still: StillClip, canvas: tuple[int, int]) -> Planes:
    """Decodes a still, cover-fits it to the working size and converts it to planes.

    Raises:
        RenderError: The file is missing or is not a readable image.
    """
    size = working_size(canvas)
    try:
        with Image.open(still.image_path) as im:
            im.draft("RGB", size)
            fitted = _cover_fit(ImageOps.exif_transpose(im), size)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise RenderError(_unreadable(still, exc)) from exc
    return rgb_to_planes(fitted)


def check_still(still: StillClip) -> None:
    """Fails fast, before any frame is written, on a still that cannot be opened."""
    try:
        with Image.open(still.image_path) as im:
            im.size  # noqa: B018 - reading the header is the check
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as exc:
        raise RenderError(_unreadable(still, exc)) from exc


def warp_into(src: Planes, window: Window, dst: Planes) -> None:
    """Resamples the working planes through ``window`` into the canvas planes.

    Bilinear at 1/32-pixel precision or better. Pure pans (scale 1) take a faster
    sub-pixel crop; zooms an affine warp.
    """
    if window.scale == 1.0:
        _shift_into(src, window, dst)
        return
    k = window.scale
    # Inverse map, pixel centres: src = k * (dst + 0.5) - 0.5 + offset.
    bx = window.left + 0.5 * k - 0.5
    by = window.top + 0.5 * k - 0.5
    luma = np.array([[k, 0.0, bx], [0.0, k, by]], dtype=np.float64)
    # Chroma sample c sits at luma 2c + 0.5 on both the canvas and the working image.
    chroma = np.array(
        [[k, 0.0, (0.5 * k + bx - 0.5) / 2], [0.0, k, (0.5 * k + by - 0.5) / 2]],
        dtype=np.float64,
    )
    for s, d, m in zip(src.each(), dst.each(), (luma, chroma, chroma), strict=True):
        cv2.warpAffine(
            s,
            m,
            (d.shape[1], d.shape[0]),
            dst=d,
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        )


def _shift_into(src: Planes, window: Window, dst: Planes) -> None:
    """A sub-pixel crop (bilinear) for windows at scale 1."""
    for s, d, div in zip(src.each(), dst.each(), (1, 2, 2), strict=True):
        h, w = d.shape
        centre = (window.left / div + (w - 1) / 2, window.top / div + (h - 1) / 2)
        if d.flags.c_contiguous:
            cv2.getRectSubPix(s, (w, h), centre, patch=d)
        else:
            d[...] = cv2.getRectSubPix(s, (w, h), centre)


def _cover_fit(im: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """Scales and centre-crops ``im`` to fill ``size`` exactly; returns RGB uint8."""
    rgb = np.asarray(im if im.mode == "RGB" else _flatten(im))
    h, w = rgb.shape[:2]
    target_w, target_h = size
    scale = max(target_w / w, target_h / h)
    crop_w = min(w, max(1, round(target_w / scale)))
    crop_h = min(h, max(1, round(target_h / scale)))
    x0, y0 = (w - crop_w) // 2, (h - crop_h) // 2
    crop = rgb[y0 : y0 + crop_h, x0 : x0 + crop_w]
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return cv2.resize(crop, size, interpolation=interp)


def _flatten(im: Image.Image) -> Image.Image:
    """Converts any mode to RGB, laying transparency over black."""
    if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        black = Image.new("RGBA", rgba.size, (0, 0, 0, 255))
        return Image.alpha_composite(black, rgba).convert("RGB")
    return im.convert("RGB")


def _unreadable(still: StillClip, exc: Exception) -> str:
    label = f"still '{still.name}'" if still.name else "a still"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"Cannot read {label} from {still.image_path}: {reason}."


def _even_ceil(x: float) -> int:
    return 2 * math.ceil(x / 2 - 1e-9)
