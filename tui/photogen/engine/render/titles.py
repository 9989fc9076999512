"""Titles: text drawn once with a TrueType font, then alpha-blended onto frame planes.

A title is laid out inside the title-safe area (10% in from each edge), in the lower
third, on a soft translucent backing with a blurred drop shadow so it reads on any
picture. It is rendered once as RGBA, converted to premultiplied Y/U/V overlays and, per
frame, blended only inside its bounding box with a fade in and out.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .planes import Planes, rgb_to_yuv_full
from .spec import TitleClip

SAFE = 0.10  # title-safe margin, fraction of each side
FADE_S = 0.4  # fade in and fade out
MAX_LINES = 3

# Fonts with CJK glyphs, tried for text the bundled Latin font cannot draw.
_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


@dataclass
class TitleOverlay:
    """A pre-rendered title: premultiplied planes, alpha and where they go."""

    clip: TitleClip
    x: int  # left edge on the canvas (even)
    y: int  # top edge on the canvas (even)
    color: Planes  # premultiplied Y, U, V (float32)
    alpha: Planes  # alpha for the luma and the chroma grids (float32, 0..1)

    def strength(self, t: float) -> float:
        """Opacity at time ``t``: 0 outside the clip, easing in and out at its ends."""
        start, dur = self.clip.start_s, self.clip.duration_s
        fade = min(FADE_S, dur / 3)
        if fade <= 0:
            return 1.0 if start <= t < start + dur else 0.0
        f = min(t - start, start + dur - t) / fade
        f = min(1.0, max(0.0, f))
        return f * f * (3 - 2 * f)

    def blend(self, frame: Planes, t: float) -> None:
        """Blends the title into ``frame`` at time ``t`` (no-op when invisible)."""
        f = self.strength(t)
        if f <= 0:
            return
        for dst, col, a, div in zip(
            frame.each(), self.color.each(), self.alpha.each(), (1, 2, 2), strict=True
        ):
            h, w = a.shape
            roi = dst[self.y // div : self.y // div + h, self.x // div : self.x // div + w]
            mixed = roi * (1.0 - f * a) + (f * col if f < 1 else col)
            np.clip(mixed, 0, 255, out=mixed)
            np.rint(mixed, out=mixed)
            roi[...] = mixed


def make_overlay(clip: TitleClip, canvas: tuple[int, int]) -> TitleOverlay | None:
    """Renders ``clip`` for ``canvas``; ``None`` for blank text."""
    text = " ".join(clip.text.split())
    if not text:
        return None
    width, height = canvas
    size = max(12, round(0.058 * min(width, height)))
    font = _font_for(text, size)
    lines = wrap(text, font, int(width * (1 - 2 * SAFE) - 1.6 * size))
    rgba = _draw(lines, font, size)
    x = _even((width - rgba.width) / 2)
    bottom = height * (1 - SAFE)
    y = _even(max(height * SAFE, bottom - rgba.height))
    rgba = rgba.crop((0, 0, min(rgba.width, width - x), min(rgba.height, height - y)))
    color, alpha = _to_planes(rgba)
    return TitleOverlay(clip=clip, x=x, y=y, color=color, alpha=alpha)


def wrap(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Greedy line wrap by measured width; CJK text may break between characters."""
    words = text.split(" ") if " " in text else list(text) if _is_cjk(text) else [text]
    joiner = " " if " " in text else ""
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line}{joiner}{word}" if line else word
        if line and font.getlength(trial) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return lines


def _draw(lines: list[str], font: ImageFont.FreeTypeFont, size: int) -> Image.Image:
    """Text in white over a soft shadow and a rounded translucent backing."""
    spacing = round(size * 0.28)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    box = probe.multiline_textbbox(
        (0, 0), "\n".join(lines), font=font, spacing=spacing, align="center"
    )
    left, top = math.floor(box[0]), math.floor(box[1])
    right, bottom = math.ceil(box[2]), math.ceil(box[3])
    pad_x, pad_y, blur = round(size * 0.8), round(size * 0.45), max(2, round(size * 0.3))
    w = right - left + 2 * pad_x + 2 * blur
    h = bottom - top + 2 * pad_y + 2 * blur
    origin = (blur + pad_x - left, blur + pad_y - top)

    text = Image.new("L", (w, h), 0)
    ImageDraw.Draw(text).multiline_text(
        origin, "\n".join(lines), fill=255, font=font, spacing=spacing, align="center"
    )
    backing = Image.new("L", (w, h), 0)
    ImageDraw.Draw(backing).rounded_rectangle(
        (blur, blur, w - blur - 1, h - blur - 1), radius=round(size * 0.45), fill=105
    )
    backing = backing.filter(ImageFilter.GaussianBlur(blur * 0.6))
    offset = max(1, round(size * 0.04))
    shadow = Image.new("L", (w, h), 0)
    shadow.paste(text, (offset, offset))
    shadow = shadow.filter(ImageFilter.GaussianBlur(max(1.0, size * 0.06)))

    t = np.asarray(text, dtype=np.float32) / 255
    dark = 1 - (1 - np.asarray(backing, dtype=np.float32) / 255) * (
        1 - 0.75 * np.asarray(shadow, dtype=np.float32) / 255
    )
    alpha = t + (1 - t) * dark
    grey = np.where(alpha > 0, 255 * t / np.maximum(alpha, 1e-6), 0)
    rgba = np.dstack([grey, grey, grey, 255 * alpha])
    return Image.fromarray(np.clip(np.rint(rgba), 0, 255).astype(np.uint8), "RGBA")


def _to_planes(rgba: Image.Image) -> tuple[Planes, Planes]:
    """Premultiplied Y/U/V overlays and alpha on the luma and chroma grids."""
    if rgba.width % 2 or rgba.height % 2:
        rgba = rgba.crop((0, 0, rgba.width - rgba.width % 2, rgba.height - rgba.height % 2))
    arr = np.asarray(rgba)
    a = arr[:, :, 3].astype(np.float32) / 255
    yuv = rgb_to_yuv_full(np.ascontiguousarray(arr[:, :, :3])) * a[:, :, None]
    half = (rgba.width // 2, rgba.height // 2)
    uv = cv2.resize(yuv[:, :, 1:], half, interpolation=cv2.INTER_AREA)
    a_half = cv2.resize(a, half, interpolation=cv2.INTER_AREA)
    color = Planes(y=yuv[:, :, 0].copy(), u=uv[:, :, 0].copy(), v=uv[:, :, 1].copy())
    return color, Planes(y=a, u=a_half, v=a_half)


def _font_for(text: str, size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled TrueType font, or a system CJK font when the text needs one."""
    if _is_cjk(text):
        path = _cjk_font_path()
        if path:
            return ImageFont.truetype(path, size)
    font = ImageFont.load_default(size=size)
    assert isinstance(font, ImageFont.FreeTypeFont)
    return font


@functools.cache
def _cjk_font_path() -> str | None:
    return next((p for p in _CJK_FONTS if Path(p).is_file()), None)


def _is_cjk(text: str) -> bool:
    return any(
        "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"
        for ch in text
    )


def _even(x: float) -> int:
    return max(0, int(round(x / 2)) * 2)
