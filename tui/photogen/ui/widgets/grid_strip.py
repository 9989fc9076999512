"""A grid of candidates in the chat: numbered thumbnails side by side, one selected.

The thumbnails are decoded in a thread. With the focus, the grid's keys (the
registry's ``grid`` scope: digits, enter, v, V, r, c, arrows) run the screen's
grid actions; choosing a candidate (arrows, click) previews it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.worker import WorkType

from photogen.ui.bindings import bindings_for
from photogen.ui.images.halfblock import HalfBlock, PixelGrid, load_grid

THUMB = (18, 6)
"""Cells of one candidate's thumbnail (columns, rows)."""
PER_ROW = 4


@dataclass(frozen=True)
class Candidate:
    """What the strip shows of one candidate."""

    number: int
    seed: int | None
    path: str | None
    url: str

    @property
    def label(self) -> str:
        """``2 · seed 1234``."""
        return f"{self.number} · seed {self.seed}" if self.seed is not None else str(self.number)


class GridStrip(Widget, can_focus=True):
    """Numbered candidates; the selected one is marked."""

    DEFAULT_CSS = """
    GridStrip { height: auto; width: 1fr; padding: 0 1; margin: 1 0; border: round $panel; }
    GridStrip:focus { border: round $accent; }
    """
    BINDINGS = bindings_for("grid", "screen")

    selected: reactive[int] = reactive(0)
    """Index of the selected candidate."""
    thumbs: reactive[tuple[PixelGrid | None, ...]] = reactive((), layout=True)

    class Loaded(Message):
        """The thumbnails are decoded and drawn."""

        def __init__(self, strip: GridStrip) -> None:
            super().__init__()
            self.strip = strip

    class Selected(Message):
        """A candidate was selected (preview it)."""

        def __init__(self, strip: GridStrip, candidate: Candidate) -> None:
            super().__init__()
            self.strip = strip
            self.candidate = candidate

    def __init__(self, grid_id: str, prompt: str, candidates: list[Candidate]) -> None:
        super().__init__(classes="grid-strip")
        self.grid_id = grid_id
        self.prompt = prompt
        self.candidates = candidates
        self.compared: int | None = None
        """The candidate selected before the current one (what ``c`` compares with)."""

    def on_mount(self) -> None:
        """Decode the thumbnails in a thread."""
        load: WorkType[None] = self._load
        self.run_worker(load, group="grid-thumbnails", exit_on_error=False)

    async def _load(self) -> None:
        self.thumbs = tuple(await asyncio.to_thread(_decode_all, self.candidates))
        self.post_message(self.Loaded(self))

    @property
    def current(self) -> Candidate:
        """The selected candidate."""
        return self.candidates[self.selected]

    def move(self, step: int) -> None:
        """Select the next (1) or previous (-1) candidate."""
        self.select(max(0, min(len(self.candidates) - 1, self.selected + step)))

    def select(self, index: int) -> None:
        """Select candidate ``index`` (0-based) and say so."""
        if index != self.selected:
            self.compared = self.selected
        self.selected = index
        self.post_message(self.Selected(self, self.current))

    def number_index(self, number: int) -> int | None:
        """The index of candidate ``number``, if the grid has it."""
        for index, candidate in enumerate(self.candidates):
            if candidate.number == number:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        """A click selects the candidate under the pointer."""
        column = max(0, event.x - 1) // (THUMB[0] + 2)
        row = max(0, event.y - 1) // (THUMB[1] + 1)
        index = row * PER_ROW + column
        if 0 <= index < len(self.candidates):
            self.select(index)

    def render(self) -> RenderableType:
        """The candidates in rows of four, each above its number and seed."""
        title = Text(f"Candidates · {self.prompt}", style="bold", no_wrap=True, overflow="ellipsis")
        rows: list[RenderableType] = [title]
        for start in range(0, len(self.candidates), PER_ROW):
            table = Table.grid(padding=(0, 2))
            chunk = self.candidates[start : start + PER_ROW]
            cells = []
            for offset, candidate in enumerate(chunk):
                index = start + offset
                thumb = self.thumbs[index] if index < len(self.thumbs) else None
                style = "reverse bold" if index == self.selected else "dim"
                label = Text(candidate.label, style=style, no_wrap=True)
                cells.append(Group(HalfBlock(thumb), label) if thumb else label)
            table.add_row(*cells)
            rows.append(table)
        return Group(*rows)


def _decode_all(candidates: list[Candidate]) -> list[PixelGrid | None]:
    """Every thumbnail, side by side (Pillow decodes without the GIL); None where a file
    is missing or unreadable. Blocking."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, len(candidates))) as pool:
        return list(pool.map(_decode_one, candidates))


def _decode_one(candidate: Candidate) -> PixelGrid | None:
    try:
        return load_grid(candidate.path, *THUMB) if candidate.path else None
    except OSError:
        return None
