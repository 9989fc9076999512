"""Upload: type paths (with completion) or URLs."""

from __future__ import annotations

import asyncio
import os
import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

MEDIA_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".mp4", ".mov", ".mp3", ".wav"}
)


def complete_path(value: str) -> str | None:
    """Complete the last path of ``value`` from the file system.

    Folders complete with a trailing ``/``; media files are preferred.
    """
    head, _, last = value.rpartition(" ")
    if not last or last.startswith(("http://", "https://")):
        return None
    expanded = os.path.expanduser(last)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    hits = [name for name in names if name.startswith(prefix) and not name.startswith(".")]
    hits.sort(
        key=lambda name: (
            Path(name).suffix.lower() not in MEDIA_SUFFIXES
            and not os.path.isdir(os.path.join(folder or ".", name))
        )
    )
    if not hits:
        return None
    name = hits[0]
    slash = "/" if os.path.isdir(os.path.join(folder or ".", name)) else ""
    completed = last + name[len(prefix) :] + slash
    return f"{head} {completed}" if head else completed


class PathSuggester(Suggester):
    """Suggests the completion of the path being typed."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The completed value, or None (the folder is read off the event loop)."""
        return await asyncio.to_thread(complete_path, value)


def split_paths(value: str) -> list[str]:
    """Paths or URLs separated by spaces (quotes keep spaces inside a name)."""
    try:
        return [part for part in shlex.split(value) if part]
    except ValueError:
        return [part for part in value.split() if part]


class UploadDialog(ModalScreen[list[str] | None]):
    """Returns the paths/URLs to upload, or None."""

    BINDINGS = [Binding("escape", "dismiss_dialog", "Cancel", id="dialog-cancel")]

    def compose(self) -> ComposeResult:
        """A path entry with completion (→ accepts the suggestion)."""
        with Vertical(classes="dialog", id="upload-dialog"):
            yield Label("Upload photos, video or music", classes="dialog-title")
            yield Input(
                placeholder="~/Pictures/shoe.jpg  https://…",
                suggester=PathSuggester(),
                id="upload-paths",
            )
            yield Label(
                "→ complete · Enter upload · Esc cancel · JPG PNG WEBP HEIC GIF MP4 MOV "
                "MP3 WAV, up to 200 MB",
                classes="dialog-hint",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Return the paths typed."""
        event.stop()
        paths = split_paths(event.value)
        if paths:
            self.dismiss(paths)

    def action_dismiss_dialog(self) -> None:
        """Close without uploading."""
        self.dismiss(None)
