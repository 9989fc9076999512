"""The subject box: mark where the subject is on a photo with the keyboard.

The photo is drawn with half-block characters (two pixels a cell, any terminal with
colour), the area outside the box dimmed and the box's edge in yellow. Arrows move
the box, shift+arrows resize it (right and bottom edges), Enter returns it as
fractions of the photo (left, top, right, bottom), Escape returns None.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from photogen.core.subject import Box

STEP = 0.02
"""How far one key press moves or resizes the box, as a share of the photo."""
MIN_SIDE = 0.06
_EDGE = np.array([255, 220, 0], np.uint8)
_MOVES = {"up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0)}


def moved(box: Box, key: str) -> Box:
    """The box after one key: an arrow moves it, shift+arrow grows or shrinks it."""
    left, top, right, bottom = box
    resize = key.startswith("shift+")
    dx, dy = _MOVES.get(key.removeprefix("shift+"), (0, 0))
    if resize:
        right = min(1.0, max(left + MIN_SIDE, right + dx * STEP))
        bottom = min(1.0, max(top + MIN_SIDE, bottom + dy * STEP))
        return left, top, right, bottom
    shift_x = min(max(dx * STEP, -left), 1.0 - right)
    shift_y = min(max(dy * STEP, -top), 1.0 - bottom)
    return left + shift_x, top + shift_y, right + shift_x, bottom + shift_y


def draw(pixels: np.ndarray, box: Box) -> Text:
    """Half-block rows of ``pixels`` (H x W x 3, H even) with the box laid over."""
    shown = pixels.astype(np.float32)
    height, width = pixels.shape[:2]
    x0, x1 = round(box[0] * (width - 1)), round(box[2] * (width - 1))
    y0, y1 = round(box[1] * (height - 1)), round(box[3] * (height - 1))
    outside = np.ones((height, width), bool)
    outside[y0 : y1 + 1, x0 : x1 + 1] = False
    shown[outside] *= 0.35
    out = shown.astype(np.uint8)
    out[[y0, y1], x0 : x1 + 1] = _EDGE
    out[y0 : y1 + 1, [x0, x1]] = _EDGE
    text = Text(no_wrap=True)
    for row in range(0, height - 1, 2):
        if row:
            text.append("\n")
        for col in range(width):
            top, low = out[row, col], out[row + 1, col]
            text.append(
                "▀", style=f"rgb({top[0]},{top[1]},{top[2]}) on rgb({low[0]},{low[1]},{low[2]})"
            )
    return text


def load_pixels(path: str | Path, cols: int, rows: int) -> np.ndarray:
    """The photo scaled to fit ``cols`` x ``rows`` cells (two pixel rows a cell)."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        rgb.thumbnail((cols, rows * 2), Image.Resampling.LANCZOS)
        pixels = np.asarray(rgb)
    if pixels.shape[0] % 2:
        pixels = pixels[:-1]
    return pixels


class SubjectBoxScreen(ModalScreen[Box | None]):
    """Draw a box around the subject; Enter sends it, Escape cancels."""

    DEFAULT_CSS = """
    SubjectBoxScreen { align: center middle; }
    SubjectBoxScreen > Vertical { border: round $accent; padding: 0 1; background: $surface; }
    SubjectBoxScreen #box-hint { color: $text-muted; }
    """

    def __init__(self, path: str | Path, box: Box = (0.15, 0.1, 0.85, 0.95)) -> None:
        super().__init__()
        self.path = path
        self.box = box
        self.pixels: np.ndarray | None = None

    def compose(self) -> ComposeResult:
        """The photo with the box, and the keys."""
        with Vertical():
            yield Static("Mark the subject", id="box-title")
            yield Static(id="box-photo")
            yield Static(
                "arrows move · shift+arrows resize · Enter cut out again · Esc cancel",
                id="box-hint",
            )

    def on_mount(self) -> None:
        """Scale the photo to the terminal and draw it."""
        cols = max(16, min(96, self.app.size.width - 8))
        rows = max(8, min(36, self.app.size.height - 14))
        self.pixels = load_pixels(self.path, cols, rows)
        frame = self.query_one(Vertical)
        frame.styles.width = max(self.pixels.shape[1], 72) + 4
        frame.styles.height = self.pixels.shape[0] // 2 + 4
        self._redraw()

    def on_key(self, event: events.Key) -> None:
        """Move, resize, send or cancel."""
        if event.key == "enter":
            self.dismiss(self.box)
        elif event.key == "escape":
            self.dismiss(None)
        elif event.key.removeprefix("shift+") in _MOVES:
            self.box = moved(self.box, event.key)
            self._redraw()
        else:
            return
        event.stop()
        event.prevent_default()

    def _redraw(self) -> None:
        if self.pixels is not None:
            self.query_one("#box-photo", Static).update(draw(self.pixels, self.box))
