"""The subject box: mark where the subject is on a photo with the keyboard.

The photo is drawn with half-block characters (two pixels a cell, any terminal with
colour), the area outside the box dimmed and the box's edge in yellow. Arrows move
the box, shift+arrows resize it (right and bottom edges), Enter returns it as
fractions of the photo (left, top, right, bottom), Escape returns None.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw
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
_EDGE = (255, 220, 0)
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


def draw(photo: Image.Image, box: Box) -> Text:
    """Half-block rows of ``photo`` (RGB, even height) with the box laid over."""
    width, height = photo.size
    x0, x1 = round(box[0] * (width - 1)), round(box[2] * (width - 1))
    y0, y1 = round(box[1] * (height - 1)), round(box[3] * (height - 1))
    shown = photo.point(lambda value: int(value * 0.35))
    shown.paste(photo.crop((x0, y0, x1 + 1, y1 + 1)), (x0, y0))
    ImageDraw.Draw(shown).rectangle((x0, y0, x1, y1), outline=_EDGE)
    raw = shown.tobytes()  # r, g, b bytes, row by row
    text = Text(no_wrap=True)
    for row in range(0, height - 1, 2):
        if row:
            text.append("\n")
        for col in range(width):
            top, low = 3 * (row * width + col), 3 * ((row + 1) * width + col)
            r, g, b = raw[top : top + 3]
            r2, g2, b2 = raw[low : low + 3]
            text.append("▀", style=f"rgb({r},{g},{b}) on rgb({r2},{g2},{b2})")
    return text


def load_photo(path: str | Path, cols: int, rows: int) -> Image.Image:
    """The photo scaled to fit ``cols`` x ``rows`` cells (two pixel rows a cell)."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
    rgb.thumbnail((cols, rows * 2), Image.Resampling.LANCZOS)
    if rgb.height % 2:
        rgb = rgb.crop((0, 0, rgb.width, rgb.height - 1))
    return rgb


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
        self.photo: Image.Image | None = None

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
        self.photo = load_photo(self.path, cols, rows)
        frame = self.query_one(Vertical)
        frame.styles.width = max(self.photo.width, 72) + 4
        frame.styles.height = self.photo.height // 2 + 4
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
        if self.photo is not None:
            self.query_one("#box-photo", Static).update(draw(self.photo, self.box))
