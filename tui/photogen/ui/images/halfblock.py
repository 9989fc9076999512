"""Half-block rendering: two pixels per cell with ``▀`` (fg = top, bg = bottom).

Pillow is imported inside :func:`load_grid` only, so importing the UI stays
cheap; call it from a thread worker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rich.color import Color
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style

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


def load_grid(path: Path | str, cols: int, rows: int) -> PixelGrid:
    """Read an image file and shrink it to fit ``cols x rows`` cells.

    Raises:
        OSError: The file is missing or is not an image Pillow can read.
    """
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = fit_size(rgb.size, (cols, rows))
    small = rgb.resize((width, height), Image.Resampling.BILINEAR)
    raw = small.tobytes()
    pixels = tuple(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    return PixelGrid(width, height, pixels)


class HalfBlock:
    """A Rich renderable drawing a :class:`PixelGrid` with half blocks."""

    def __init__(self, grid: PixelGrid) -> None:
        self.grid = grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        grid = self.grid
        width = min(grid.width, options.max_width)
        for top in range(0, grid.height, 2):
            for x in range(width):
                upper, lower = grid.at(x, top), grid.at(x, top + 1)
                style = Style(color=Color.from_rgb(*upper), bgcolor=Color.from_rgb(*lower))
                yield Segment("▀", style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions):  # noqa: ANN204
        from rich.measure import Measurement

        return Measurement(self.grid.width, self.grid.width)
