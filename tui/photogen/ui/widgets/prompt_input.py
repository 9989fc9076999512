"""The multi-line prompt: Enter sends, ctrl+j adds a line, up/down recall history."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import TextArea

from photogen.ui.bindings import bindings_for

HISTORY_LIMIT = 200


class PromptInput(TextArea):
    """A TextArea that sends on Enter and remembers what was sent."""

    BINDINGS = bindings_for("prompt")

    class Submitted(Message):
        """The user sent a prompt (already stripped, never empty)."""

        def __init__(self, prompt_input: PromptInput, text: str) -> None:
            super().__init__()
            self.prompt_input = prompt_input
            self.text = text

        @property
        def control(self) -> PromptInput:
            """The input that sent it."""
            return self.prompt_input

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(
            id=id,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Describe a photo, or type export / credits / status / upload",
        )
        self.sent_prompts: list[str] = []
        self._recall: int | None = None
        self._draft = ""

    def action_submit(self) -> None:
        """Send the text (Enter)."""
        text = self.text.strip()
        if not text:
            return
        self.remember(text)
        self.clear()
        self.post_message(self.Submitted(self, text))

    def action_newline(self) -> None:
        """Insert a line break (ctrl+j)."""
        self.insert("\n")

    def remember(self, text: str) -> None:
        """Add a prompt to the history (no consecutive duplicates)."""
        if not self.sent_prompts or self.sent_prompts[-1] != text:
            self.sent_prompts.append(text)
            del self.sent_prompts[:-HISTORY_LIMIT]
        self._recall = None

    def restore(self, text: str) -> None:
        """Put a prompt back (it failed) unless the user already typed something new."""
        if self.text.strip():
            return
        self.load_text(text)
        self.move_cursor(self.document.end)

    def action_history_previous(self) -> None:
        """Older prompt when on the first line, else move up."""
        if self.cursor_location[0] > 0 or not self.sent_prompts:
            self.action_cursor_up()
            return
        if self._recall is None:
            self._draft, self._recall = self.text, len(self.sent_prompts)
        self._recall = max(0, self._recall - 1)
        self._show(self.sent_prompts[self._recall])

    def action_history_next(self) -> None:
        """Newer prompt when on the last line, else move down."""
        if self.cursor_location[0] < self.document.line_count - 1 or self._recall is None:
            self.action_cursor_down()
            return
        self._recall += 1
        if self._recall >= len(self.sent_prompts):
            self._recall = None
            self._show(self._draft)
        else:
            self._show(self.sent_prompts[self._recall])

    def _show(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)
