"""Open a past session from a list."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from photogen.core.store import SessionRecord


def session_label(record: SessionRecord) -> str:
    """``2025-01-31 14:02  A shoe on white`` for one session record."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.updated or record.created))
    return f"{when}  {record.title or '(untitled)'}"


class SessionsScreen(ModalScreen[str | None]):
    """Returns the chosen session id, or None."""

    BINDINGS = [Binding("escape", "dismiss_dialog", "Cancel", id="dialog-cancel")]

    def __init__(self, sessions: list[SessionRecord], current: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.sessions = sessions
        self.current = current

    def compose(self) -> ComposeResult:
        """The sessions, newest first."""
        with Vertical(classes="dialog", id="sessions-dialog"):
            yield Label("Open a past session", classes="dialog-title")
            if self.sessions:
                yield OptionList(
                    *(Option(Text(session_label(s)), id=s.id) for s in self.sessions),
                    id="session-list",
                )
            else:
                yield Label("No sessions yet.")
            yield Label("Enter open · Esc cancel", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen session."""
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_dialog(self) -> None:
        """Close without switching."""
        self.dismiss(None)
