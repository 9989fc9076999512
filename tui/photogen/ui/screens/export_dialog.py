"""Choose the export format: MP4 video or a PNG / JPG / WEBP still."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from photogen.wire.formats import TABLE

FORMATS: tuple[tuple[str, str], ...] = tuple((f.ext, f.export) for f in TABLE if f.export)
"""Export formats and how the menu describes them."""


class ExportDialog(ModalScreen[str | None]):
    """Returns the chosen format, or None when dismissed."""

    BINDINGS = [Binding("escape", "dismiss_dialog", "Cancel", id="dialog-cancel")]

    def __init__(self, default: str = "mp4") -> None:
        super().__init__(classes="dialog-screen")
        self.default = default

    def compose(self) -> ComposeResult:
        """Title, the four formats and a hint."""
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("Export the timeline", classes="dialog-title")
            yield OptionList(
                *(Option(f"{fmt.upper():<5} {text}", id=fmt) for fmt, text in FORMATS),
                id="export-formats",
            )
            yield Label("Enter export · Esc cancel · files never overwrite", classes="dialog-hint")

    def on_mount(self) -> None:
        """Highlight the configured default."""
        options = self.query_one(OptionList)
        ids = [fmt for fmt, _ in FORMATS]
        options.highlighted = ids.index(self.default) if self.default in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Return the chosen format."""
        event.stop()
        self.dismiss(event.option.id)

    def action_dismiss_dialog(self) -> None:
        """Close without exporting."""
        self.dismiss(None)
