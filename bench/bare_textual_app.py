"""The baseline of bench_tui.py: a bare Textual app (Header, Input, RichLog, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, RichLog


class BareApp(App[None]):
    """Header, Input, RichLog and Footer; nothing else."""

    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield RichLog()
        yield Input(placeholder="Type here")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
