"""How the main screen applies a chat turn's updates to its widgets."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from textual.screen import Screen

from photogen.ui.bindings import app_key
from photogen.ui.widgets.chat import ChatLog
from photogen.ui.widgets.jobs import JobList
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree


def credits_tuple(balance: Any) -> tuple[float, float, float]:
    """``(available, frozen, total)`` of a ``CreditsBalance``."""
    return (balance.available, balance.frozen, balance.total)


class UpdatesMixin(Screen[None]):
    """Turns ``photogen.core.updates`` objects into widget calls."""

    last_output: str | None = None
    last_photo: str | None = None
    media_paths: dict[str, str]
    workspace: Any = None

    def restore_prompt(self, text: str | None) -> None:
        """Put a failed prompt back into the input."""
        raise NotImplementedError

    def offer_label(self, action: str, label: str) -> str:
        """The offer's words with the key that does it."""
        raise NotImplementedError

    def apply_update(self, update: Any) -> None:
        """Dispatch on the update's type name (the core's dataclasses)."""
        handler = getattr(self, f"_on_{type(update).__name__}", None)
        if handler is not None:
            handler(update)

    def show_timeline(self, view: Any) -> None:
        """Refresh the tree: tracks, and the uploaded media when the view has them."""
        media = getattr(view, "media_files", None) or []
        self.query_one(TimelineTree).show_view(view.summary, view.tracks, media)

    def show_session(self, history: list[Any], jobs: list[Any]) -> None:
        """Replay a session's chat and job rows; preview its latest photo (or nothing)."""
        chat = self.query_one(ChatLog)
        chat.clear_log()
        latest: str | None = None
        for line in history:
            if line.role == "user":
                chat.add_user(line.text)
            elif line.kind == "photo":
                local = self._local_photo(line.text)
                if local is None:
                    chat.add_note(f"Photo: {PurePosixPath(urlsplit(line.text).path).name}")
                else:
                    chat.add_photo(local, "Photo")
                    latest = local
            elif line.role == "assistant" and line.kind == "text":
                chat.show_reply(line.text, provisional=False)
            else:
                chat.add_note(line.text, "error" if line.kind == "error" else "info")
        self._preview_latest(latest)
        job_list = self.query_one(JobList)
        job_list.clear_jobs()
        for job in jobs:
            job_list.show_job(job)

    def _local_photo(self, text: str) -> str | None:
        """A history photo line (a path, or the URL of a photo in the thumbnail cache)."""
        if not text.startswith(("http://", "https://")):
            return text
        photos = getattr(self.workspace, "photos", None)
        cached = photos.path_for(text) if photos is not None else None
        return str(cached) if cached is not None and cached.exists() else None

    def _preview_latest(self, path: str | None) -> None:
        """Preview a session's latest photo, or the empty state when it has none."""
        self.last_photo = self.last_output = path
        preview = self.query_one(PreviewPane)
        if path is None:
            preview.clear()
        else:
            preview.show(path, "Latest photo of this session")

    def _on_AssistantText(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).show_reply(
            update.text, provisional=update.provisional, bubble=update.bubble
        )

    def _on_ToolStatus(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).tool_status(update.call_id, update.label, running=update.running)
        self.query_one(StatusBar).activity = update.label if update.running else ""

    def _on_StillWorking(self, update: Any) -> None:  # noqa: N802
        minutes = max(1, round(update.elapsed_s / 60))
        cancel = app_key(self, "cancel-turn")
        self.query_one(ChatLog).add_note(f"Still working… ({minutes} min so far; {cancel} cancels)")

    def _on_PhotoReady(self, update: Any) -> None:  # noqa: N802
        caption = update.prompt or "Photo"
        if update.seed is not None:
            caption += f" · seed {update.seed}"
        self.last_output = str(update.local_path or update.url)
        if update.local_path is None:
            self.query_one(ChatLog).add_note(f"Photo ready: {update.url}")
            return
        path = str(update.local_path)
        self.media_paths[update.url] = path
        if self.query_one(ChatLog).add_photo(path, caption, url=update.url):
            self.last_photo = path
            self.query_one(PreviewPane).show(path, caption)

    def _on_TimelineChanged(self, update: Any) -> None:  # noqa: N802
        self.show_timeline(update.view)

    def _on_CreditsChanged(self, update: Any) -> None:  # noqa: N802
        self.query_one(StatusBar).credits = credits_tuple(update.balance)

    def _on_Offer(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).add_note(self.offer_label(update.action, update.label), "offer")

    def _on_Notice(self, update: Any) -> None:  # noqa: N802
        text = f"{update.text} {getattr(update, 'what_to_do', '')}".strip()
        self.query_one(ChatLog).add_note(text, update.level)

    def _on_Question(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).add_note(f"{update.text} (type your answer below)", "question")

    def _on_SessionReplaced(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).add_note(
            "The server lost this session; continuing in a new one.", "warning"
        )

    def _on_TurnFinished(self, update: Any) -> None:  # noqa: N802
        self.query_one(ChatLog).end_turn()
        self.query_one(StatusBar).activity = ""
        if not update.ok:
            self.restore_prompt(update.retry_text)
