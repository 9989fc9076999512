"""A grid of candidates in the chat: numbered thumbnails side by side, one selected.

Each thumbnail is a :class:`~photogen.ui.images.widget.PictureView` (drawn with the
terminal's best protocol, encoded in a thread). With the focus, the grid's keys
(the registry's ``grid`` scope: digits, enter, v, V, r, c, arrows) run the screen's
grid actions; choosing a candidate (arrows, click) previews it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from photogen.ui.bindings import bindings_for
from photogen.ui.images.encode import Encoded
from photogen.ui.images.widget import PictureView
from photogen.ui.widgets.chat import TEXT_ONLY

THUMB = (16, 6)
"""Cells of one candidate's thumbnail (columns, rows)."""
CELL_WIDTH = 19
"""Columns of one candidate: its thumbnail, or its label ("9 · seed 2147483647")."""
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

    @property
    def short_label(self) -> str:
        """``2 · 1234`` (under its thumbnail; the grid's title says "number · seed")."""
        return f"{self.number} · {self.seed}" if self.seed is not None else str(self.number)


class GridCell(Vertical):
    """One candidate: its picture above its number and seed."""

    DEFAULT_CSS = f"""
    GridCell {{ width: {CELL_WIDTH}; height: auto; }}
    GridCell > PictureView {{ width: {THUMB[0]}; height: {THUMB[1]}; }}
    GridCell > .cell-label {{ height: 1; color: $text-muted; }}
    GridCell.-selected > .cell-label {{ text-style: reverse bold; color: $text; }}
    """

    class Clicked(Message):
        """The cell was clicked."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, index: int, candidate: Candidate) -> None:
        super().__init__(classes="grid-cell")
        self.index = index
        self.candidate = candidate

    def compose(self) -> ComposeResult:
        """The picture, then the label."""
        yield PictureView(getattr(self.app, "detection", None) or TEXT_ONLY)
        yield Static(Text(self.candidate.short_label, no_wrap=True), classes="cell-label")

    def on_mount(self) -> None:
        """Draw the photo (encoded in a thread)."""
        self.query_one(PictureView).show(self.candidate.path)

    def on_click(self, event: events.Click) -> None:
        """Select this candidate."""
        event.stop()
        self.post_message(self.Clicked(self.index))


class GridStrip(Vertical, can_focus=True):
    """Numbered candidates; the selected one is marked."""

    DEFAULT_CSS = """
    GridStrip { height: auto; width: 1fr; padding: 0 1; margin: 1 0; border: round $panel; }
    GridStrip:focus { border: round $accent; }
    GridStrip > .grid-title { height: 1; text-style: bold; }
    GridStrip > Horizontal { height: auto; }
    """
    BINDINGS = bindings_for("grid", "screen")

    selected: reactive[int] = reactive(0)
    """Index of the selected candidate."""

    class Loaded(Message):
        """Every thumbnail is drawn (or could not be)."""

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
        self._loaded = False

    def compose(self) -> ComposeResult:
        """The title, then the candidates in rows of four."""
        title = Text(
            f"Candidates (number · seed) · {self.prompt}", no_wrap=True, overflow="ellipsis"
        )
        yield Static(title, classes="grid-title")
        for start in range(0, len(self.candidates), PER_ROW):
            chunk = self.candidates[start : start + PER_ROW]
            with Horizontal():
                for offset, candidate in enumerate(chunk):
                    yield GridCell(start + offset, candidate)

    def on_mount(self) -> None:
        """Mark the selected cell; say when every picture is drawn."""
        self.watch_selected(self.selected)
        for view in self.query(PictureView):
            self.watch(view, "encoded", self._check_loaded, init=False)

    def on_picture_view_failed(self, event: PictureView.Failed) -> None:
        """A candidate that cannot be drawn counts as done (its label stays)."""
        event.stop()
        self._check_loaded()

    @property
    def thumbs(self) -> tuple[Encoded | None, ...]:
        """Each candidate's drawn picture (None until encoded, or when it cannot be)."""
        return tuple(view.encoded for view in self.query(PictureView))

    def _check_loaded(self, _value: object = None) -> None:
        views = list(self.query(PictureView))
        done = all(v.encoded is not None or v.error or v.path is None for v in views)
        if done and views and not self._loaded:
            self._loaded = True
            self.post_message(self.Loaded(self))

    def watch_selected(self, selected: int) -> None:
        """Only the selected cell is marked."""
        for cell in self.query(GridCell):
            cell.set_class(cell.index == selected, "-selected")

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

    def on_grid_cell_clicked(self, event: GridCell.Clicked) -> None:
        """A click selects the candidate (and gives the grid the keyboard)."""
        event.stop()
        self.focus()
        self.select(event.index)
