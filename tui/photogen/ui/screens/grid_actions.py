"""The main screen's part of the iteration loop: grids, compare, history, cost, ledger, bell.

A grid's keys become the short forms the agent reads (``u2``, ``v2``, ``V2``, ``r``)
and go out as ordinary chat turns. Contact sheets and comparisons are composed in a
thread (:mod:`photogen.core.sheets`) and shown in the preview. The cost of what is
being typed is in the status bar before it is sent.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from textual.widgets import TextArea
from textual.worker import WorkType

from photogen.ui.bindings import app_key
from photogen.ui.screens.ledger import LedgerScreen
from photogen.ui.widgets.grid_strip import Candidate, GridStrip
from photogen.ui.widgets.lineage import LineageTree

if TYPE_CHECKING:
    from photogen.core.lineage import Grid, PhotoNode
    from photogen.core.updates import GridReady
    from photogen.ui.screens.main import MainScreen

SHEET_HINT = "{use} use · {vary}/{strong} vary · {reroll} reroll · {compare} compare"


class GridActions:
    """Mixed into :class:`~photogen.ui.screens.main.MainScreen`."""

    grid: Grid | None = None
    """The newest grid of the session."""
    branch: PhotoNode | None = None
    """The photo chosen in the history (the next variation starts there)."""
    _asked: dict[str, int] = {}
    """Per kind of background work, the number of the newest request (older answers,
    which may arrive later, are dropped; nothing is cancelled under a waiting caller)."""

    def _ask_number(self, kind: str) -> int:
        self._asked = {**self._asked, kind: self._asked.get(kind, 0) + 1}
        return self._asked[kind]

    def _newest(self, kind: str, number: int) -> bool:
        return self._asked.get(kind) == number

    @property
    def _screen(self) -> MainScreen:
        return self  # type: ignore[return-value]

    # -- a grid arrives ---------------------------------------------------------------

    def show_grid(self, update: GridReady) -> None:
        """Numbered thumbnails in the chat, the contact sheet in the preview, the bell."""
        screen = self._screen
        self.grid = update.grid
        screen.chat.show_grid(update)  # the prompt keeps the keyboard; tab reaches the grid
        self.ring()
        self.refresh_history()

    def on_grid_strip_loaded(self, event: GridStrip.Loaded) -> None:
        """Its thumbnails are on screen: now the contact sheet for the preview."""
        strip = event.strip
        labels = [c.label for c in strip.candidates]
        paths = [c.path for c in strip.candidates]
        caption = f"{len(paths)} candidates · " + self._hint()
        self._make_sheet("sheet", paths, labels, caption)

    def _hint(self) -> str:
        keys = {
            name: app_key(self, f"grid-{name}")
            for name in ("use", "vary", "vary-strong", "reroll", "compare")
        }
        return SHEET_HINT.format(
            use="1-9",
            vary=keys["vary"],
            strong=keys["vary-strong"].split(",")[0],
            reroll=keys["reroll"],
            compare=keys["compare"],
        )

    def _make_sheet(
        self, kind: str, paths: list[str | None], labels: list[str], caption: str
    ) -> None:
        """A contact sheet (or a comparison) made in a thread, then previewed."""
        screen = self._screen
        workspace = screen.workspace
        if workspace is None:
            return
        folder = workspace.settings.cache_dir / "sheets"

        number = self._ask_number("sheet")

        async def make() -> None:
            from photogen.core import sheets

            if kind == "compare":
                left, right = paths
                made = await asyncio.to_thread(
                    sheets.side_by_side, str(left), str(right), (labels[0], labels[1]), folder
                )
            else:
                made = await asyncio.to_thread(sheets.contact_sheet, paths, labels, folder)
            if self._newest("sheet", number):
                screen.side.preview(made, caption)

        work: WorkType[None] = make
        screen.run_worker(work, group="sheet", exit_on_error=False)

    def on_grid_strip_selected(self, event: GridStrip.Selected) -> None:
        """Preview the selected candidate."""
        candidate = event.candidate
        self._screen.side.preview(candidate.path, f"Candidate {candidate.label}")

    # -- the grid's keys ----------------------------------------------------------------

    def _strip(self) -> GridStrip | None:
        strips = list(self._screen.query(GridStrip))
        return strips[-1] if strips else None

    def _send(self, text: str) -> None:
        self._screen.route(text)

    def action_grid_use(self, number: int) -> None:
        """Put candidate ``number`` (0: the selected one) on the timeline."""
        strip = self._strip()
        if strip is None:
            return
        if number:
            index = strip.number_index(number)
            if index is None:
                self._screen.notify(f"This grid has no candidate {number}.", severity="warning")
                return
            strip.select(index)
        self._send(f"u{strip.current.number}")

    def action_grid_vary(self, strength: str) -> None:
        """Subtle or strong variations of the selected candidate."""
        if strip := self._strip():
            self._send(f"{'V' if strength == 'strong' else 'v'}{strip.current.number}")

    def action_grid_reroll(self) -> None:
        """The grid's prompt again, new seeds."""
        if self._strip() is not None:
            self._send("r")

    def action_grid_move(self, step: int) -> None:
        """Select the next or previous candidate."""
        if strip := self._strip():
            strip.move(step)

    def action_grid_compare(self) -> None:
        """The selected candidate next to the one selected before it, side by side."""
        strip = self._strip()
        if strip is None:
            return
        other = (
            strip.compared
            if strip.compared is not None
            else (strip.selected + 1) % len(strip.candidates)
        )
        pair: list[Candidate] = [strip.candidates[other], strip.current]
        if pair[0] is pair[1] or not all(c.path for c in pair):
            self._screen.notify("Select another candidate first.", severity="warning")
            return
        caption = f"Comparing {pair[0].label}  |  {pair[1].label}"
        self._make_sheet("compare", [c.path for c in pair], [c.label for c in pair], caption)

    # -- history --------------------------------------------------------------------------

    def refresh_history(self, *, restore: bool = False) -> None:
        """Rebuild the lineage tree from the store (read in a thread).

        ``restore``: a session was (re)opened: its newest grid goes back into the chat,
        so its keys work again.
        """
        screen = self._screen
        workspace = screen.workspace
        if workspace is None:
            return

        number = self._ask_number("history")

        async def load() -> None:
            from photogen.core.lineage import latest_grid, lineage_tree
            from photogen.core.updates import GridReady

            nodes = await asyncio.to_thread(workspace.lineage)
            if not self._newest("history", number):
                return
            self.grid = latest_grid(nodes)
            screen.query_one(LineageTree).show_nodes(lineage_tree(nodes))
            grid = self.grid
            if restore and grid is not None and len(grid.candidates) > 1:
                paths = [workspace.photos.path_for(n.url) for n in grid.candidates]
                shown = [p if p.exists() else None for p in paths]
                screen.chat.show_grid(GridReady(grid, tuple(shown)))

        work: WorkType[None] = load
        screen.run_worker(work, group="history", exit_on_error=False)

    def action_show_history(self) -> None:
        """Show (or hide) the history tree and give it the keyboard."""
        tree = self._screen.query_one(LineageTree)
        tree.toggle_class("-shown")
        if tree.has_class("-shown"):
            self.refresh_history()
            tree.focus()
        else:
            self._screen.chat.focus_prompt()

    def on_lineage_tree_chosen(self, event: LineageTree.Chosen) -> None:
        """Preview the photo and make it the branch point."""
        node = event.node
        self.branch = node
        screen = self._screen
        path = screen.side.media_paths.get(node.url)
        caption = f"{node.caption} · {node.how} — branch from here: v/V vary, u use"
        if path is None:
            if screen.workspace is not None:
                screen.work.fetch_photo(screen.workspace, node.url, caption)
            return
        screen.side.preview(path, caption)

    def action_history_vary(self, strength: str) -> None:
        """Variations of the photo chosen in the history."""
        if self.branch is not None:
            words = "strong variations of" if strength == "strong" else "variations of"
            self._send(f"{words} {_media_path(self.branch.url)}")

    def action_history_use(self) -> None:
        """Put the photo chosen in the history on the timeline."""
        if self.branch is not None:
            self._send(f"use {_media_path(self.branch.url)}")

    # -- cost, ledger, bell ---------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """The cost of what is being typed, before it is sent."""
        workspace = self._screen.workspace
        text = event.text_area.text
        found = workspace.estimate(text, self.grid) if workspace and text.strip() else None
        self._screen.status.cost = found.text if found is not None else ""

    def action_credits_ledger(self) -> None:
        """What each turn of this session cost."""
        screen = self._screen
        workspace = screen.workspace
        if workspace is None:
            return

        async def load() -> None:
            entries = await asyncio.to_thread(workspace.ledger, workspace.session.id)
            screen.app.push_screen(LedgerScreen(entries, workspace.price_per_photo))

        work: WorkType[None] = load
        screen.run_worker(work, group="ledger", exit_on_error=False)

    def ring(self) -> None:
        """The terminal bell, when the setting is on and the terminal is not in front."""
        screen = self._screen
        workspace = screen.workspace
        if workspace is None or not workspace.settings.bell:
            return
        app: Any = screen.app
        if not getattr(app, "app_focus", True):
            app.bell()


def _media_path(url: str) -> str:
    """``/media/…/x.png`` of a URL (what the agent reads as a photo of this session)."""
    from urllib.parse import urlsplit

    return urlsplit(url).path or url
