"""The chat panel: the conversation above the prompt; it applies a turn's updates.

The screen hands it every turn update that belongs in the chat (text, tool rows,
photos, notes, the end of the turn) and asks it to echo, note and restore prompts.
It tells the screen what the rest of the screen needs to know with messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from photogen.core.updates import (
    AssistantText,
    GridReady,
    Notice,
    Offer,
    PhotoReady,
    Question,
    SessionReplaced,
    StillWorking,
    ToolStatus,
    TurnFinished,
)
from photogen.ui.bindings import app_key, effective_keys
from photogen.ui.widgets.chat import ChatLog
from photogen.ui.widgets.grid_strip import Candidate, GridStrip
from photogen.ui.widgets.prompt_input import PromptInput

if TYPE_CHECKING:
    from photogen.core.store import ChatMessage, JobRecord
    from photogen.core.updates import TurnUpdate
    from photogen.wire import CreditsBalance

#: An offer's action -> the binding that does it.
_OFFER_KEYS = {"export": "export-draft", "upload": "upload-files"}


class ChatPanel(Vertical):
    """The chat log and the prompt input."""

    class PhotoShown(Message):
        """A new photo's thumbnail was added to the chat."""

        def __init__(self, path: str, caption: str) -> None:
            super().__init__()
            self.path = path
            self.caption = caption

    def __init__(self, *, id: str | None = None, animate_spinners: bool = True) -> None:  # noqa: A002
        super().__init__(id=id)
        self.animate_spinners = animate_spinners
        self.held: str | None = None
        """The text the running action started from; it goes back if the action fails."""

    def compose(self) -> ComposeResult:
        """The log above the prompt."""
        yield ChatLog(id="chat", animate_spinners=self.animate_spinners)
        yield PromptInput(id="prompt")

    @property
    def chat_log(self) -> ChatLog:
        """The conversation."""
        return self.query_one(ChatLog)

    @property
    def prompt(self) -> PromptInput:
        """The input."""
        return self.query_one(PromptInput)

    # -- the prompt -----------------------------------------------------------------------

    def focus_prompt(self) -> None:
        """Give the keyboard back to the prompt."""
        self.prompt.focus()

    def type_into_prompt(self, text: str) -> None:
        """Focus the prompt and insert ``text`` at its cursor (a key typed in another pane)."""
        self.prompt.insert(text)
        self.prompt.focus()

    def hold(self, text: str | None) -> None:
        """Remember the text an action started from (None: nothing typed to give back)."""
        self.held = text

    def restore_prompt(self, text: str | None = None) -> None:
        """Put a failed prompt (``text``, else the held one) back into the input."""
        text = text or self.held
        if text:
            self.prompt.restore(text)

    # -- the log --------------------------------------------------------------------------

    def echo(self, text: str) -> None:
        """A prompt the user sent."""
        self.chat_log.add_user(text)

    def note(self, text: str, level: str = "info") -> None:
        """A one-line note (``info``, ``ok``, ``warning``, ``error``, ``offer``, ``question``)."""
        self.chat_log.add_note(text, level)

    def end_turn(self, *, stopped: bool = False) -> None:
        """Stop the spinners; ``stopped``: the user stopped waiting (esc)."""
        self.chat_log.end_turn(stopped=stopped)

    def turn_stopped(self, *, server_stops: bool = False) -> None:
        """The user stopped waiting (esc): say so and give the prompt back.

        Args:
            server_stops: This project's server was asked to stop the work too (the cloud
                cannot be, and may still finish it).
        """
        self.end_turn(stopped=True)
        if server_stops:
            text = "Stopped — the server stops the work and charges nothing unfinished."
        else:
            text = "Stopped waiting — the server may still finish it; I'll refresh the timeline."
        self.note(text, "warning")
        self.restore_prompt()

    def say_credits(self, balance: CreditsBalance) -> None:
        """The balance, as a note (the user typed ``credits``)."""
        self.note(
            f"Credits: {balance.available:g} available, {balance.frozen:g} frozen, "
            f"{balance.total:g} total."
        )

    def job_changed(self, job: JobRecord) -> None:
        """Say once that an export failed, or where it was saved."""
        if job.state == "failed":
            self.note(f"Export {job.format} failed: {job.error or 'unknown error'}", "error")
        elif job.state == "completed" and job.path:
            copy = app_key(self, "copy-output")
            self.note(f"Saved {job.path} ({copy} copies the path)", "ok")

    def show_history(
        self, history: list[ChatMessage], cached_photo: Callable[[str], Path] | None
    ) -> str | None:
        """Replay a session's chat.

        Args:
            history: The session's lines, oldest first.
            cached_photo: The thumbnail cache's file for a photo URL (it may not exist);
                None before the workspace is open.

        Returns:
            The latest photo shown, if any.
        """
        chat = self.chat_log
        chat.clear_log()
        latest: str | None = None
        for line in history:
            if line.role == "user":
                chat.add_user(line.text)
            elif line.kind == "photo":
                local = _local_photo(line.text, cached_photo)
                if local is None:
                    chat.add_note(f"Photo: {PurePosixPath(urlsplit(line.text).path).name}")
                else:
                    chat.add_photo(local, "Photo", url=line.text)
                    latest = local
            elif line.role == "assistant" and line.kind == "text":
                chat.show_reply(line.text, provisional=False)
                chat.end_turn()  # each stored reply is a bubble of its own, never replaced
            else:
                chat.add_note(line.text, "error" if line.kind == "error" else "info")
        return latest

    # -- a turn's updates -----------------------------------------------------------------

    def apply(self, update: TurnUpdate) -> None:
        """Show one update of the running turn (the chat's part of it)."""
        chat = self.chat_log
        match update:
            case AssistantText(text=text, provisional=provisional, bubble=bubble):
                chat.show_reply(text, provisional=provisional, bubble=bubble)
            case ToolStatus(call_id=call_id, label=label, running=running, progress=progress):
                chat.tool_status(
                    call_id,
                    label,
                    running=running,
                    progress=progress,
                    progress_text=update.progress_text,
                )
            case StillWorking(elapsed_s=elapsed_s):
                minutes = max(1, round(elapsed_s / 60))
                cancel = app_key(self, "cancel-turn")
                chat.add_note(f"Still working… ({minutes} min so far; {cancel} cancels)")
            case PhotoReady():
                self._show_photo(update)
            case Offer(action=action, label=label):
                chat.add_note(self.offer_label(action, label), "offer")
            case Notice(text=text, level=level, what_to_do=what_to_do):
                chat.add_note(f"{text} {what_to_do}".strip(), level)
            case Question(text=text):
                chat.add_note(f"{text} (type your answer below)", "question")
            case SessionReplaced():
                chat.add_note("The server lost this session; continuing in a new one.", "warning")
            case TurnFinished(ok=ok, retry_text=retry_text):
                chat.end_turn()
                if not ok:
                    self.restore_prompt(retry_text)

    def _show_photo(self, update: PhotoReady) -> None:
        if update.in_grid:  # its grid follows in this turn and shows it
            return
        if update.local_path is None:
            self.chat_log.add_note(f"Photo ready: {update.url}")
            return
        caption = update.prompt or "Photo"
        if update.seed is not None:
            caption += f" · seed {update.seed}"
        if update.engine:
            caption += f" · {update.engine}"
        path = str(update.local_path)
        if self.chat_log.add_photo(path, caption, url=update.url):
            self.post_message(self.PhotoShown(path, caption))

    def show_grid(self, update: GridReady) -> GridStrip:
        """The grid as numbered thumbnails (replacing its single ones); returns the strip."""
        grid = update.grid
        paths = list(update.paths) + [None] * (len(grid.candidates) - len(update.paths))
        candidates = [
            Candidate(node.candidate or i, node.seed, str(path) if path else None, node.url)
            for i, (node, path) in enumerate(zip(grid.candidates, paths, strict=True), start=1)
        ]
        strip = GridStrip(grid.id, grid.prompt, candidates)
        self.chat_log.add_grid(strip, {c.url for c in candidates})
        return strip

    def offer_label(self, action: str, label: str) -> str:
        """``→ Export (press ctrl+e)``: an offer's words with the key that does it."""
        keys = effective_keys(getattr(self.app, "keymap_overrides", {}))
        key = _OFFER_KEYS.get(action)
        return f"→ {label}" + (f" (press {keys[key]})" if key and keys[key] not in label else "")


def _local_photo(text: str, cached_photo: Callable[[str], Path] | None) -> str | None:
    """A history photo line's file: the path it holds, or its URL's copy in the cache."""
    if not text.startswith(("http://", "https://")):
        return text
    cached = cached_photo(text) if cached_photo is not None else None
    return str(cached) if cached is not None and cached.exists() else None
