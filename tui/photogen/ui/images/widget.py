"""A widget that draws one picture as part of Textual's own rendering.

The picture is encoded in a thread for the widget's size and the real cell
size. Sixel and iTerm2 pictures are carried by the widget's last visible line,
as a zero-width segment that moves the cursor to the picture's top-left cell:
every repaint of the widget (after a modal closes, a resize, a scroll) draws
them again, after the blank lines they sit on. Kitty pictures are uploaded once
and placed the same way (placements are deleted while the widget is hidden,
the upload when the picture is replaced). Where graphics cannot be drawn (a
modal dialog over the widget, the widget partly scrolled out of view) the
half-block form is drawn instead, so the dialog stays on top.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from rich.color import Color
from rich.segment import ControlType, Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import WorkType

from photogen.ui.images import kitty
from photogen.ui.images.detect import Detection
from photogen.ui.images.encode import Encoded, View, encode_picture
from photogen.ui.images.halfblock import grid_strips
from photogen.ui.images.quadrant import Cell

_GRAPHICS = frozenset({"sixel", "iterm", "kitty"})
#: How often a picture checks that it has not moved since it was placed (seconds).
MOVE_CHECK_S = 0.2


def quadrant_strips(rows: tuple[tuple[Cell, ...], ...]) -> list[Strip]:
    """One strip per row of quadrant cells."""
    return [
        Strip(
            [
                Segment(
                    cell.char,
                    Style(color=Color.from_rgb(*cell.fg), bgcolor=Color.from_rgb(*cell.bg)),
                )
                for cell in row
            ],
            len(row),
        )
        for row in rows
    ]


def placeholder_strips(encoded: Encoded) -> list[Strip]:
    """Kitty's placeholder cells as strips."""
    lines = kitty.placeholder_lines(encoded.kitty_id, *encoded.cells)
    return [
        Strip(
            [Segment(line.plain, line.style if isinstance(line.style, Style) else None)],
            encoded.cells[0],
        )
        for line in lines
    ]


class PictureView(Widget):
    """Draws the picture at ``path`` (None: nothing) with the detected protocol."""

    DEFAULT_CSS = "PictureView { width: 1fr; height: 1fr; padding: 0; border: none; }"

    path: reactive[str | None] = reactive(None)
    """Local file shown, or None."""
    view: reactive[View] = reactive(View())
    """Zoom and pan (the viewer changes them)."""
    encoded: reactive[Encoded | None] = reactive(None, always_update=True)
    """The picture as encoded for the current size, set by the encode worker."""

    def __init__(
        self,
        detection: Detection,
        *,
        id: str | None = None,
        classes: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.detection = detection
        self.error: str | None = None
        """Why the last picture could not be shown, or None."""
        self._uploaded = 0
        """Kitty image id currently uploaded (freed when replaced)."""
        self._drawn_at: Region | None = None
        """Where the graphics were last placed on the screen (None: not placed)."""

    # -- what to show -----------------------------------------------------------------------

    def show(self, path: str | None, view: View | None = None) -> None:
        """Draw ``path`` (None clears), optionally zoomed."""
        if view is not None:
            self.set_reactive(PictureView.view, view)
        self.path = path
        if path is not None and view is not None:
            self._start_encode()

    def on_mount(self) -> None:
        """Kitty placements go when another screen covers this one; moves are watched."""
        self.app.screen_change_signal.subscribe(self, self._on_screen_change)
        self.set_interval(MOVE_CHECK_S, self._check_moved)

    def _check_moved(self) -> None:
        """Draw again where the widget moved without its lines being drawn again.

        A log that scrolls moves its pictures; graphics are placed at screen positions,
        so one placed before the move would stay behind.
        """
        if self._drawn_at is not None and self._drawn_at != self.region:
            self._drawn_at = None
            self.refresh()

    def on_unmount(self) -> None:
        """Free the kitty upload."""
        self._free_upload()

    def watch_path(self) -> None:
        """Encode the new file."""
        self._start_encode()

    def watch_view(self) -> None:
        """Encode again with the new zoom or pan."""
        self._start_encode()

    def on_resize(self) -> None:
        """Encode again for the new size."""
        self._start_encode()

    def _start_encode(self) -> None:
        if not self.is_mounted:
            return
        if self.path is None:
            self.encoded = None
            return
        cols, rows = self.size
        if cols < 1 or rows < 1:
            return
        color = self.background_colors[1]
        background = (color.r, color.g, color.b)
        job: WorkType[None] = functools.partial(
            self._encode, self.path, cols, rows, self.view, background
        )
        self.run_worker(job, group=f"picture-{id(self)}", exclusive=True, exit_on_error=False)

    async def _encode(
        self, path: str, cols: int, rows: int, view: View, background: tuple[int, int, int]
    ) -> None:
        if self.detection.protocol not in ("halfblock",):
            self.detection = self.detection.with_current_cells()
        encode = functools.partial(
            encode_picture, dither=not getattr(self.app, "low_bandwidth", False)
        )
        try:
            encoded = await asyncio.to_thread(
                encode, path, cols, rows, self.detection, view, background
            )
        except (OSError, ValueError) as exc:
            self.error = str(getattr(exc, "strerror", None) or exc)
            self.encoded = None
            self.post_message(PictureView.Failed(self, self.error))
            return
        self.error = None
        if path != self.path:
            return
        self._free_upload()
        if encoded.upload:
            self._write(encoded.upload)
            self._uploaded = encoded.kitty_id
        self.encoded = encoded

    # -- terminal side effects --------------------------------------------------------------

    def _write(self, sequence: str) -> None:
        writer: Any = getattr(self.app, "write_terminal", None)
        if writer is not None:
            writer(sequence)

    def _free_upload(self) -> None:
        if self._uploaded:
            self._write(kitty.delete(self._uploaded, tmux=self.detection.tmux))
            self._uploaded = 0

    def _on_screen_change(self, screen: object) -> None:
        encoded = self.encoded
        if encoded is not None and encoded.protocol == "kitty" and screen is not self.screen:
            self._write(kitty.hide(encoded.kitty_id, tmux=self.detection.tmux))

    # -- drawing ----------------------------------------------------------------------------

    def _on_active_screen(self) -> bool:
        try:
            return self.screen.is_active
        except Exception:  # noqa: BLE001 - no screen while unmounting
            return False

    def _graphics_allowed(self, crop: Region) -> bool:
        """Graphics only on the active screen and with the whole picture in view."""
        encoded = self.encoded
        if encoded is None or encoded.protocol not in _GRAPHICS or not self._on_active_screen():
            return False
        picture = Region(*encoded.offset, *encoded.cells)
        visible = self.screen.find_widget(self).visible_region
        return crop.contains_region(picture) and visible.size == self.size

    def render_lines(self, crop: Region) -> list[Strip]:
        """Blank lines, the picture (graphics or text form), centred in the widget."""
        width, height = self.size
        style = self.rich_style
        blank = Strip.blank(width, Style(bgcolor=style.bgcolor))
        lines = [blank] * height
        encoded = self.encoded
        if encoded is None:
            return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]
        graphics = self._graphics_allowed(crop)
        if not graphics:
            # Placeholder cells are text, so they scroll and crop, but a dialog's tint
            # would change the colour that names the picture: the grid goes there instead.
            placeholders = encoded.protocol == "placeholders" and self._on_active_screen()
            if placeholders:
                text = placeholder_strips(encoded)
            elif encoded.quads:
                text = quadrant_strips(encoded.quads)
            else:
                text = grid_strips(encoded.grid)
            self._paste(lines, text, width, style)
            if encoded.protocol == "kitty":  # its placement would cover what is drawn here
                hide = Segment(kitty.hide(encoded.kitty_id, tmux=self.detection.tmux), None, _ZERO)
                lines[crop.y] = Strip([hide, *lines[crop.y]], width)
            return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]
        region = self._drawn_at = self.region
        x, y = region.x + encoded.offset[0], region.y + encoded.offset[1]
        last = crop.bottom - 1
        carry = [
            Segment(f"\x1b[{y + 1};{x + 1}H", None, _ZERO),
            Segment(encoded.payload, None, _ZERO),
            Segment(f"\x1b[{region.y + last + 1};{region.x + 1}H", None, _ZERO),
        ]
        # After the line's own blanks: blanks written after the picture would erase its
        # last row of pixels.
        lines[last] = Strip([*blank, *carry], width)
        return [line.crop(crop.x, crop.right) for line in lines[crop.y : crop.bottom]]

    @staticmethod
    def _paste(lines: list[Strip], text: list[Strip], width: int, style: Style) -> None:
        """Put the text-form rows into the blank lines, centred."""
        used_w = text[0].cell_length if text else 0
        left = max(0, (width - used_w) // 2)
        top = max(0, (len(lines) - len(text)) // 2)
        pad = Style(bgcolor=style.bgcolor)
        for index, row in enumerate(text):
            if top + index >= len(lines):
                break
            right = max(0, width - left - row.cell_length)
            parts = [Strip.blank(left, pad), row, Strip.blank(right, pad)]
            lines[top + index] = Strip.join(parts).crop(0, width)

    class Failed(Message):
        """The picture could not be read."""

        def __init__(self, view: PictureView, reason: str) -> None:
            super().__init__()
            self.view = view
            self.reason = reason


_ZERO = ((ControlType.CURSOR_FORWARD, 0),)


class ViewPhotoRequested(Message):
    """The user asked to see a photo full screen (a click, Enter or ``v`` on it)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
