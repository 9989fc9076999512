"""The preview pane: the selected photo, drawn with the best protocol the terminal speaks.

The drawing is :class:`~photogen.ui.images.widget.PictureView`'s (part of
Textual's rendering: it survives repaints, hides under modals, follows
resizes). The pane adds the caption line and a link to the file, and asks the
screen to open the full-screen viewer (Enter or ``v``).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Static

from photogen.ui.bindings import app_key, bindings_for
from photogen.ui.images.detect import Detection
from photogen.ui.images.links import file_link
from photogen.ui.images.widget import PictureView, ViewPhotoRequested

EMPTY_CAPTION = "No photo yet: describe one below and press {send}."


class PreviewPane(Vertical, can_focus=True):
    """Shows one photo and its caption."""

    BINDINGS = bindings_for("picture")
    DEFAULT_CSS = """
    PreviewPane > PictureView { height: 1fr; }
    PreviewPane > #preview-caption { height: 1; color: $text-muted; }
    """

    path: reactive[str | None] = reactive(None)
    """Local file of the photo shown, or None."""
    caption: reactive[str] = reactive(EMPTY_CAPTION.format(send="Enter"))
    """One line under the picture (plain text)."""

    def __init__(self, detection: Detection, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.detection = detection

    def compose(self) -> ComposeResult:
        """The picture above its caption."""
        yield PictureView(self.detection)
        yield Static("", id="preview-caption", markup=False)

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

    def watch_path(self, path: str | None) -> None:
        """Draw the new file."""
        self.query_one(PictureView).show(path)
        self._show_caption()

    def watch_caption(self) -> None:
        """The caption line, with the file as a link (OSC 8) when there is one."""
        self._show_caption()

    def _show_caption(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#preview-caption", Static).update(file_link(self.caption, self.path))

    def on_picture_view_failed(self, event: PictureView.Failed) -> None:
        """Say why the photo cannot be shown."""
        event.stop()
        name = Path(self.path).name if self.path else "the photo"
        self.caption = f"Cannot show {name}: {event.reason}"

    def on_click(self) -> None:
        """A click on the picture opens the viewer too."""
        self.action_view_photo()

    def action_view_photo(self) -> None:
        """Enter / v: the full-screen viewer."""
        if self.path is not None:
            self.post_message(ViewPhotoRequested(self.path))
