"""The one-line status bar: backend, connection, credits, activity. Never a token."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

if TYPE_CHECKING:
    from photogen.wire import CreditsBalance

Credits = tuple[float, float, float]

_PHASE_STYLE = {
    "starting": ("◌", "yellow", "Setting things up…"),
    "ready": ("●", "green", "connected"),
    "offline": ("●", "red", "connection lost, retrying on the next action"),
    "failed": ("●", "red", "not connected"),
}


def _amount(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


class StatusBar(Static):
    """Backend label, connection state, credits and what is running."""

    DEFAULT_CSS = "StatusBar { height: 1; }"

    phase: reactive[str] = reactive("starting")
    """``starting`` until the workspace is open, then ``ready``, ``offline`` or ``failed``."""
    backend: reactive[str] = reactive("")
    """``local``, ``cloud`` or the server's host, as the core labels it."""
    credits: reactive[Credits | None] = reactive(None)
    """Available, frozen and total credits, when known."""
    activity: reactive[str] = reactive("")
    """What runs now ("Generating photo…"), or empty."""
    detail: reactive[str] = reactive("")
    """An extra word on the connection (the last error's title)."""
    cost: reactive[str] = reactive("")
    """What the message being typed will cost ("4 photos · 40 credits"), or empty."""

    def show_balance(self, balance: CreditsBalance) -> None:
        """Show a credit balance."""
        self.credits = (balance.available, balance.frozen, balance.total)

    def render(self) -> Text:
        """One line, built from plain text (network text never becomes markup)."""
        mark, colour, words = _PHASE_STYLE.get(self.phase, _PHASE_STYLE["failed"])
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f" {mark} ", style=colour)
        if self.backend:
            line.append(self.backend, style="bold")
            line.append(" · ")
        line.append(self.detail or words)
        if self.credits is not None:
            available, frozen, total = self.credits
            line.append(" · credits ")
            line.append(_amount(available), style="bold")
            line.append(f" available / {_amount(frozen)} frozen / {_amount(total)} total")
        if self.activity:
            line.append(" · ")
            line.append(self.activity, style="italic")
        if self.cost:
            line.append(" · next: ")
            line.append(self.cost, style="bold yellow")
        return line
