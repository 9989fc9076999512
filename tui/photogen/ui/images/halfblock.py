"""Half-block rendering: two pixels per cell with ``▀`` (fg = top, bg = bottom).

Pillow is imported inside :func:`grid_from_image` only, so importing the UI
stays cheap; call it from a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

if TYPE_CHECKING:
    from PIL import Image

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class PixelGrid:
    """A small RGB picture, row-major; ``height`` is even (two rows per cell)."""

    width: int
    """Pixels across (= cells across)."""
    height: int
    """Pixels down (= 2 x cells down)."""
    pixels: tuple[RGB, ...]
    """``width * height`` colours."""

    def at(self, x: int, y: int) -> RGB:
        """The colour at column ``x``, row ``y``."""
        return self.pixels[y * self.width + x]


def fit_size(src: tuple[int, int], cells: tuple[int, int]) -> tuple[int, int]:
    """Pixel size that fits ``cells`` (columns, rows) keeping ``src``'s aspect.

    A cell is about twice as tall as wide, and holds two pixel rows, so one
    pixel is square: the box is ``cols x 2*rows`` pixels.
    """
    box_w, box_h = max(1, cells[0]), max(2, cells[1] * 2)
    scale = min(box_w / max(1, src[0]), box_h / max(1, src[1]))
    width = max(1, round(src[0] * scale))
    height = max(2, round(src[1] * scale))
    return width, height + (height % 2)


def grid_from_image(image: Image.Image, cols: int, rows: int) -> PixelGrid:
    """Shrink an RGB Pillow image to fit ``cols x rows`` cells of half blocks."""
    from PIL import Image

    width, height = fit_size(image.size, (cols, rows))
    small = image.resize((width, height), Image.Resampling.BILINEAR)
    raw = small.tobytes()
    return PixelGrid(width, height, tuple(zip(raw[0::3], raw[1::3], raw[2::3], strict=True)))


def grid_strips(grid: PixelGrid) -> list[Strip]:
    """One strip of ``▀`` cells per two pixel rows (foreground top, background bottom)."""
    strips = []
    for top in range(0, grid.height - 1, 2):
        segments = [
            Segment(
                "▀",
                Style(
                    color=Color.from_rgb(*grid.at(x, top)),
                    bgcolor=Color.from_rgb(*grid.at(x, top + 1)),
                ),
            )
            for x in range(grid.width)
        ]
        strips.append(Strip(segments, grid.width))
    return strips
