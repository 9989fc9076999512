"""Quadrant characters: four pixels per cell (2x2), in two colours.

Twice the horizontal detail of half blocks. Each cell picks, of the seven ways
to split its four pixels in two groups (and "all one colour"), the split whose
two mean colours are closest to the pixels, and draws it with the quadrant
character of that split (``▘ ▀ ▌ ▛ ▚ ▜ ▙ █``: the foreground is the group with
the top-left pixel). The block elements are in every common monospace font.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RGB = tuple[int, int, int]

#: Bit of each pixel of a cell: top-left, top-right, bottom-left, bottom-right.
_TL, _TR, _BL, _BR = 1, 2, 4, 8
#: Splits whose foreground holds the top-left pixel -> their character.
#: One colour first: on a tie (a flat cell) the full block wins.
CHARS: dict[int, str] = {
    _TL | _TR | _BL | _BR: "█",
    _TL: "▘",
    _TL | _TR: "▀",
    _TL | _BL: "▌",
    _TL | _TR | _BL: "▛",
    _TL | _BR: "▚",
    _TL | _TR | _BR: "▜",
    _TL | _BL | _BR: "▙",
}


@dataclass(frozen=True)
class Cell:
    """One character cell."""

    char: str
    fg: RGB
    bg: RGB


def _mean(pixels: Sequence[RGB]) -> RGB:
    count = len(pixels)
    return (
        sum(p[0] for p in pixels) // count,
        sum(p[1] for p in pixels) // count,
        sum(p[2] for p in pixels) // count,
    )


def _error(pixels: Sequence[RGB], colour: RGB) -> int:
    return sum(
        (p[0] - colour[0]) ** 2 + (p[1] - colour[1]) ** 2 + (p[2] - colour[2]) ** 2 for p in pixels
    )


def best_cell(quad: Sequence[RGB]) -> Cell:
    """The character and colours that draw four pixels (TL, TR, BL, BR) best."""
    best: tuple[int, Cell] | None = None
    for mask, char in CHARS.items():
        front = [quad[i] for i in range(4) if mask & (1 << i)]
        back = [quad[i] for i in range(4) if not mask & (1 << i)]
        fg = _mean(front)
        bg = _mean(back) if back else fg
        error = _error(front, fg) + (_error(back, bg) if back else 0)
        if best is None or error < best[0]:
            best = (error, Cell(char, fg, bg))
    assert best is not None
    return best[1]


def quadrant_cells(width: int, height: int, pixels: Sequence[RGB]) -> list[list[Cell]]:
    """Rows of cells for a ``width x height`` picture (both even), row-major pixels."""
    rows = []
    for top in range(0, height - 1, 2):
        row = []
        for left in range(0, width - 1, 2):
            upper, lower = top * width + left, (top + 1) * width + left
            quad = (pixels[upper], pixels[upper + 1], pixels[lower], pixels[lower + 1])
            row.append(best_cell(quad))
        rows.append(row)
    return rows
