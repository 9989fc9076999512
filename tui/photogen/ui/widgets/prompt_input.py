"""The multi-line prompt: Enter sends, ctrl+j adds a line, up/down recall history."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from photogen.ui.bindings import BY_ID, bindings_for, effective_keys

HISTORY_LIMIT = 200
#: Registry ids this widget runs from its own key handler, in order with typed text.
IN_ORDER_IDS = ("send", "newline", "history-previous", "history-next")


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

    def _in_order_actions(self) -> dict[str, str]:
        """Key -> action of :data:`IN_ORDER_IDS`, after the user's keymap."""
        keys = effective_keys(getattr(self.app, "keymap_overrides", {}))
        return {
            key.strip(): BY_ID[binding_id].action
            for binding_id in IN_ORDER_IDS
            for key in keys[binding_id].split(",")
        }

    async def _on_key(self, event: events.Key) -> None:
        """Enter, ctrl+j and up/down run here, after the keys typed before them.

        An app-level (priority) binding would run as soon as the key arrives, ahead of
        the characters still queued for this widget ("credits" + Enter sent "c").
        The bindings stay registered, so the footer, help and keymap still show them.
        """
        actions = self._in_order_actions()
        action = next((actions[k] for k in (event.key, *event.aliases) if k in actions), None)
        if action is None or self.read_only:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

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
