"""The conversation: prompts, streamed replies, tool rows, notes and photo thumbnails.

Streaming is cheap: the worker hands over at most one provisional text per
frame (:class:`photogen.ui.streaming.Coalescer`, the one throttle), and a
streaming bubble draws only its last lines in a box that rarely changes height.
The log keeps at most :data:`MAX_ITEMS` entries, so memory stays bounded.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from photogen.ui.images.detect import Detection
from photogen.ui.images.links import file_link
from photogen.ui.images.widget import PictureView, ViewPhotoRequested

MAX_ITEMS = 240
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
THUMB_CELLS = (24, 8)
#: Thumbnails in low-bandwidth mode: text cells, which Textual sends once.
SMALL_THUMB_CELLS = (12, 4)
#: Where the app has no detection (widget tests): the text form.
TEXT_ONLY = Detection("halfblock", False, "no terminal")
#: Width of a tool row's progress bar, in cells.
BAR_CELLS = 16
#: While streaming, only the end of a very long reply is drawn (the final text is whole).
PROVISIONAL_TAIL = 1_200
LIVE_LINES = 12


class UserBubble(Static):
    """One prompt the user sent."""

    def __init__(self, text: str) -> None:
        super().__init__(Text(text), classes="bubble user")


class AssistantBubble(Static):
    """The assistant's reply; provisional text is replaced, never doubled."""

    provisional: reactive[bool] = reactive(True)
    """Still streaming."""

    def __init__(self) -> None:
        super().__init__("", classes="bubble assistant -provisional")
        self.buffer = ""
        self.frames = 0
        """How many times the bubble was drawn."""
        self._live_height = 0

    def set_text(self, text: str, *, provisional: bool) -> bool:
        """Replace the reply so far (the core sends the whole text each time) and draw it.

        While streaming only the last :data:`LIVE_LINES` wrapped lines are drawn in a
        box that stops growing, so most draws repaint one widget with no layout pass.

        Returns:
            True when the bubble's height changed.
        """
        self.buffer = text
        self.provisional = provisional
        self.frames += 1
        if not self.provisional:
            self.styles.height = "auto"
            self.update(Text(self.buffer))
            return True
        width = max(10, self.content_size.width or 80)
        lines = Text(self.buffer[-PROVISIONAL_TAIL:]).wrap(self.app.console, width)[-LIVE_LINES:]
        grew = len(lines) != self._live_height
        if grew:
            self._live_height = len(lines)
            self.styles.height = len(lines)
        self.update(Text("\n").join(lines), layout=grew)
        return grew

    def watch_provisional(self, provisional: bool) -> None:
        """Dim while streaming."""
        self.set_class(provisional, "-provisional")


class ToolRow(Static):
    """One tool call as a line with a spinner, then a tick (or a cross when stopped).

    While the server reports progress (a model's denoising steps) the line carries a
    bar, the share done and the time left: ``⠋ Generating photo ━━━━╸━━━ 40% · about 6 s left``.
    """

    running: reactive[bool] = reactive(True)
    """The tool still runs."""
    stopped: reactive[bool] = reactive(False)
    """The user stopped waiting for it (esc); the server may still finish it."""
    frame: reactive[int] = reactive(0)
    """Spinner frame."""
    progress: reactive[float | None] = reactive(None)
    """Share done (0-1) while the server reports it; None: a spinner only."""

    def __init__(self, call_id: str, label: str, *, animate_spinners: bool = True) -> None:
        super().__init__(classes="tool-row")
        self.call_id, self.label, self.animate_spinners = call_id, label, animate_spinners
        self.progress_text = ""
        """What the bar says beside it ("40% · about 6 s left")."""

    def on_mount(self) -> None:
        """Spin while running (tests and snapshots can turn it off)."""
        if self.animate_spinners:
            self._timer = self.set_interval(0.1, self._tick)

    def _tick(self) -> None:
        if self.running:
            self.frame = (self.frame + 1) % len(SPINNER)

    def render(self) -> Text:
        """``⠋ Generating photo…``, ``✓ Generating photo…`` or ``✗ … (stopped waiting)``."""
        if self.stopped:
            return Text.assemble(("✗ ", "bold"), self.label, (" (stopped waiting)", "dim"))
        mark = SPINNER[self.frame] if self.running else "✓"
        line = Text.assemble((f"{mark} ", "bold"), self.label)
        if self.running and self.progress is not None:
            filled = round(BAR_CELLS * self.progress)
            line.append(" " + "━" * filled, "green")
            line.append("━" * (BAR_CELLS - filled), "dim")
            line.append(f" {self.progress_text}", "dim")
        return line

    def watch_stopped(self, stopped: bool) -> None:
        """Stopped rows are drawn as warnings."""
        self.set_class(stopped, "-stopped")


class NoteRow(Static):
    """A notice, a "still working" line, an offer or an error."""

    def __init__(self, text: str, level: str = "info") -> None:
        super().__init__(Text(text), classes=f"note-row -{level}")


class PhotoThumb(Vertical):
    """A generated photo, drawn with the preview's protocol, with its prompt under it.

    A click opens the full-screen viewer on it.
    """

    DEFAULT_CSS = f"""
    PhotoThumb {{ height: auto; width: 1fr; }}
    PhotoThumb > PictureView {{ width: {THUMB_CELLS[0]}; height: {THUMB_CELLS[1]}; }}
    PhotoThumb > PictureView.-small {{
        width: {SMALL_THUMB_CELLS[0]}; height: {SMALL_THUMB_CELLS[1]};
    }}
    PhotoThumb > .thumb-caption {{ height: 1; width: auto; color: $text-muted; }}
    """

    def __init__(self, path: str, caption: str, url: str | None = None) -> None:
        super().__init__(classes="photo-thumb")
        self.path, self.caption, self.url = path, caption, url

    def compose(self) -> ComposeResult:
        """The picture, then the caption (a link to the file)."""
        if getattr(self.app, "low_bandwidth", False):
            yield PictureView(TEXT_ONLY, classes="-small")
        else:
            yield PictureView(getattr(self.app, "detection", None) or TEXT_ONLY)
        yield Static(file_link(self.caption, self.path), classes="thumb-caption", markup=False)

    @property
    def picture(self) -> PictureView:
        """The widget drawing the photo."""
        return self.query_one(PictureView)

    def on_mount(self) -> None:
        """Draw the photo (encoded in a thread)."""
        self.query_one(PictureView).show(self.path)

    def on_picture_view_failed(self, event: PictureView.Failed) -> None:
        """Say the photo cannot be read instead of a blank box."""
        event.stop()
        self.caption = f"(photo not readable: {Path(self.path).name})"
        self.query_one(PictureView).display = False
        self.query_one(".thumb-caption", Static).update(Text(self.caption))

    def on_click(self) -> None:
        """Open the viewer on this photo."""
        self.post_message(ViewPhotoRequested(self.path))


class ChatLog(VerticalScroll):
    """The conversation, newest at the bottom, capped at :data:`MAX_ITEMS` entries."""

    def __init__(self, *, id: str | None = None, animate_spinners: bool = True) -> None:  # noqa: A002
        super().__init__(id=id)
        self.animate_spinners = animate_spinners
        self._replies: dict[int, AssistantBubble] = {}
        self._tools: dict[str, ToolRow] = {}
        self._photo_keys: set[str] = set()
        self._following = True
        """The newest line was in view at the last scroll."""

    def compose(self) -> ComposeResult:
        """Nothing until the first message."""
        return iter(())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Remember whether the newest line is in view (the user may have scrolled up)."""
        super().watch_scroll_y(old_value, new_value)
        self._following = new_value >= self.max_scroll_y

    def on_resize(self) -> None:
        """A resize rewraps every entry: keep the newest line in view if it was."""
        if self._following:
            self.scroll_end(animate=False)

    def _add(self, widget: Widget) -> None:
        self.mount(widget)
        excess = len(self.children) - MAX_ITEMS
        if excess > 0:
            self.remove_children(list(self.children[:excess]))
        self.scroll_end(animate=False)

    def add_user(self, text: str) -> None:
        """A prompt the user sent; a new reply starts after it."""
        self._replies = {}
        self._add(UserBubble(text))

    def show_reply(self, text: str, *, provisional: bool, bubble: int = 0) -> None:
        """Show a reply so far (provisional) or its final text; empty final text removes it.

        Args:
            text: The whole text of the bubble so far (not a delta).
            provisional: More text will replace it.
            bubble: Which reply of the turn this text belongs to.
        """
        reply = self._replies.get(bubble)
        if reply is None:
            if not text:
                return
            reply = self._replies[bubble] = AssistantBubble()
            self._add(reply)
        if not text and not provisional:
            reply.remove()
            del self._replies[bubble]
            return
        if reply.set_text(text, provisional=provisional):
            self.scroll_end(animate=False)

    def tool_status(
        self,
        call_id: str,
        label: str,
        *,
        running: bool,
        progress: float | None = None,
        progress_text: str = "",
    ) -> None:
        """Start, advance (``progress`` 0-1 with its text) or finish a tool row."""
        row = self._tools.get(call_id)
        if row is None:
            row = self._tools[call_id] = ToolRow(
                call_id, label, animate_spinners=self.animate_spinners
            )
            self._add(row)
        row.label, row.running, row.progress_text = label, running, progress_text
        row.progress = progress if running else None
        row.refresh()

    def add_note(self, text: str, level: str = "info") -> None:
        """A one-line note (notice, still working, offer, error)."""
        self._add(NoteRow(text, level))

    def add_photo(self, path: str, caption: str, *, url: str | None = None) -> bool:
        """A thumbnail of a generated photo, once per photo in this log.

        Args:
            path: The local file.
            caption: The line under the picture.
            url: Where the photo came from; a photo already shown under the same URL
                or path is not added again.

        Returns:
            True when the thumbnail was added, False for a photo already shown.
        """
        keys = {key for key in (path, url) if key}
        if keys & self._photo_keys:
            return False
        self._photo_keys |= keys
        self._add(PhotoThumb(path, caption, url))
        return True

    def add_grid(self, strip: Widget, urls: set[str]) -> None:
        """A grid of candidates in place of their single thumbnails (shown as they came)."""
        self._photo_keys |= urls
        for thumb in list(self.query(PhotoThumb)):
            if thumb.url in urls:
                thumb.remove()
        self._add(strip)

    def end_turn(self, *, stopped: bool = False) -> None:
        """Stop spinners; the next text starts a new reply.

        Args:
            stopped: The user cancelled: running tool rows are marked stopped, not done.
        """
        for row in self._tools.values():
            row.stopped = stopped and row.running
            row.running = False
        self._tools.clear()
        for reply in self._replies.values():
            reply.set_text(reply.buffer, provisional=False)
        self._replies = {}

    def clear_log(self) -> None:
        """Forget everything (another session)."""
        self.remove_children()
        self._replies, self._tools = {}, {}
        self._photo_keys.clear()
