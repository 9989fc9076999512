"""The credits ledger: what each turn of the session cost, and what the next will."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from photogen.core.store import LedgerEntry


def ledger_table(entries: list[LedgerEntry]) -> Table:
    """One row per turn: time, message, photos, credits; a total row at the end."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("When", no_wrap=True)
    table.add_column("Message", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("Photos", justify="right")
    table.add_column("Credits", justify="right")
    for entry in entries:
        when = time.strftime("%H:%M:%S", time.localtime(entry.created))
        table.add_row(when, Text(entry.text), str(entry.photos), str(entry.credits))
    total = sum(e.credits for e in entries)
    table.add_row("", Text("Total", style="bold"), str(sum(e.photos for e in entries)), str(total))
    return table


class LedgerScreen(ModalScreen[None]):
    """The ledger of the current session; esc closes it."""

    BINDINGS = [Binding("escape", "dismiss_dialog", "Close", id="dialog-cancel")]

    def __init__(self, entries: list[LedgerEntry], price: int) -> None:
        super().__init__(classes="dialog-screen")
        self.entries = entries
        self.price = price

    def compose(self) -> ComposeResult:
        """The table and what a photo costs here."""
        with Vertical(classes="dialog", id="ledger-dialog"):
            yield Label("Credits ledger", classes="dialog-title")
            if self.entries:
                yield Static(ledger_table(self.entries), id="ledger-table")
            else:
                yield Label("No turns in this session yet.")
            cost = (
                "Photos are free here" if self.price == 0 else f"A photo costs {self.price} credits"
            )
            yield Label(f"{cost} · Esc close", classes="dialog-hint")

    def action_dismiss_dialog(self) -> None:
        """Close."""
        self.dismiss(None)
