"""The preview pane: the selected photo with the best protocol the terminal speaks.

Decoding runs in a thread (Pillow is imported there). Half-block and kitty
placeholders are ordinary cells, so they survive scrolling, modals and tmux;
sixel is written straight to the terminal after each paint of the pane.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget
from textual.worker import WorkType

from photogen.ui.bindings import app_key
from photogen.ui.images import kitty
from photogen.ui.images.detect import Detection
from photogen.ui.images.halfblock import HalfBlock, PixelGrid, load_grid

_IDS = itertools.count(0x50_47_01)
EMPTY_CAPTION = "No photo yet: describe one below and press {send}."


@dataclass(frozen=True)
class Picture:
    """A decoded picture ready for one protocol."""

    grid: PixelGrid | None = None
    """Half-block pixels."""
    kitty_id: int = 0
    """Kitty image id (placeholders), 0 when not kitty."""
    cells: tuple[int, int] = (0, 0)
    """Columns and rows the picture covers."""
    sixel: str = ""
    """Ready sixel sequence."""


def _decode(path: str, cols: int, rows: int, detection: Detection) -> tuple[Picture, str]:
    """Decode in a thread; returns the picture and what to send the terminal first."""
    if detection.protocol == "kitty":
        import io

        from PIL import Image

        with Image.open(path) as image:
            rgb = image.convert("RGB")
        rgb.thumbnail((cols * 10, rows * 20))
        buffer = io.BytesIO()
        rgb.save(buffer, format="PNG")
        image_id = next(_IDS)
        cells = (min(cols, kitty.MAX_CELLS), min(rows, kitty.MAX_CELLS))
        escape = kitty.transmit(buffer.getvalue(), image_id, *cells, tmux=detection.tmux)
        return Picture(kitty_id=image_id, cells=cells), escape
    if detection.protocol == "sixel":
        from photogen.ui.images.sixel import encode_file

        return Picture(
            cells=(cols, rows), sixel=encode_file(path, cols, rows, tmux=detection.tmux)
        ), ""
    return Picture(grid=load_grid(path, cols, rows), cells=(cols, rows)), ""


class PreviewPane(Widget, can_focus=True):
    """Shows one photo and its caption."""

    path: reactive[str | None] = reactive(None)
    """Local file of the photo shown, or None."""
    caption: reactive[str] = reactive(EMPTY_CAPTION.format(send="Enter"))
    """One line under the picture (plain text)."""
    picture: reactive[Picture | None] = reactive(None, always_update=True)
    """The decoded picture, set by the decode worker."""

    def __init__(self, detection: Detection, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.detection = detection

    def on_mount(self) -> None:
        """Name the send key as the user's keymap has it."""
        self.clear()

    def show(self, path: str | Path | None, caption: str) -> None:
        """Preview a local file (None clears the picture)."""
        self.caption = caption
        self.path = str(path) if path else None

    def clear(self) -> None:
        """Back to the empty state (a new session has no photo yet)."""
        send = app_key(self, "send")
        self.show(None, EMPTY_CAPTION.format(send="Enter" if send == "enter" else send))

    def watch_path(self) -> None:
        """Decode the new file."""
        self._start_decode()

    def on_resize(self) -> None:
        """Decode again at the new size."""
        self._start_decode()

    def _start_decode(self) -> None:
        if not self.is_mounted:
            return
        if self.path is None:
            self.picture = None
            return
        cols, rows = self.content_size.width, max(1, self.content_size.height - 1)
        if cols < 2:
            return
        # Called when the worker starts: one replaced before it starts leaves no coroutine
        # that was never awaited.
        decode: WorkType[None] = functools.partial(self._decode, self.path, cols, rows)
        self.run_worker(
            decode,
            group="preview",
            exclusive=True,
            exit_on_error=False,
        )

    async def _decode(self, path: str, cols: int, rows: int) -> None:
        try:
            picture, escape = await asyncio.to_thread(_decode, path, cols, rows, self.detection)
        except OSError as exc:
            self.caption = f"Cannot show {Path(path).name}: {exc.strerror or exc}"
            self.picture = None
            return
        if escape:
            self._write(escape)
        self.picture = picture

    def _write(self, sequence: str) -> None:
        writer: Any = getattr(self.app, "write_terminal", None)
        if writer is not None:
            writer(sequence)

    def watch_picture(self) -> None:
        """Sixel is painted over the pane after Textual's own paint."""
        if self.picture is not None and self.picture.sixel:
            self.call_after_refresh(self._paint_sixel)

    def _paint_sixel(self) -> None:
        if self.picture is None or not self.picture.sixel:
            return
        region = self.content_region
        self._write(f"\x1b7\x1b[{region.y + 1};{region.x + 1}H{self.picture.sixel}\x1b8")

    def render(self) -> RenderableType:
        """Picture (or its placeholder cells) above the caption."""
        caption = Text(self.caption, style="dim", no_wrap=True, overflow="ellipsis")
        picture = self.picture
        if picture is None:
            return caption
        if picture.grid is not None:
            return Group(HalfBlock(picture.grid), caption)
        if picture.kitty_id:
            return Group(*kitty.placeholder_lines(picture.kitty_id, *picture.cells), caption)
        blank = Text("\n" * max(0, picture.cells[1] - 1))
        return Group(blank, caption)
