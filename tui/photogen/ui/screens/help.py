"""F1: every key, from the binding registry (with the user's keymap applied)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from photogen.ui.bindings import REGISTRY, effective_keys


def keys_table(keymap: Mapping[str, str]) -> Table:
    """Key, command and binding id for every registry entry."""
    keys = effective_keys(keymap)
    table = Table(box=None, expand=True, show_header=True, header_style="bold")
    table.add_column("Key", style="bold cyan", no_wrap=True)
    table.add_column("What it does")
    table.add_column("Binding id (config keymap)", style="dim", no_wrap=True)
    for spec in REGISTRY:
        table.add_row(Text(keys[spec.id]), Text(spec.help), Text(spec.id))
    return table


class HelpScreen(ModalScreen[None]):
    """The keys, how to remap them, and how pictures are drawn."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help-close")]

    def __init__(self, keymap: Mapping[str, str], notes: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.keymap = dict(keymap)
        self.notes = notes

    def compose(self) -> ComposeResult:
        """Title, keys table, notes."""
        with Vertical(classes="dialog", id="help-dialog"):
            yield Label("photogen keys", classes="dialog-title")
            with VerticalScroll():
                yield Static(keys_table(self.keymap), id="help-keys")
                for note in self.notes:
                    yield Static(Text(note), classes="help-note")
            yield Label(
                'Remap in the config file: [keymap] export-draft = "ctrl+x" · Esc close',
                classes="dialog-hint",
                markup=False,
            )

    def action_close(self) -> None:
        """Back to the main screen."""
        self.dismiss(None)
