"""Messages that workers post to the main screen (past-tense facts).

Widgets' own messages live in the widgets (``PromptInput.Submitted``,
``JobRow.CancelRequested``, ``TimelineTree.SegmentSelected``).
"""

from __future__ import annotations

from typing import Any

from textual.message import Message


class WorkspaceOpened(Message):
    """The backend, token, session and credits are ready."""

    def __init__(self, workspace: Any) -> None:
        super().__init__()
        self.workspace = workspace


class ConnectionChanged(Message):
    """The connection state changed: ``starting``, ``ready``, ``offline`` or ``failed``."""

    def __init__(self, phase: str, detail: str = "") -> None:
        super().__init__()
        self.phase = phase
        self.detail = detail


class TurnProgressed(Message):
    """One update of a running chat turn (``photogen.core.updates``)."""

    def __init__(self, update: Any) -> None:
        super().__init__()
        self.update = update


class JobProgressed(Message):
    """An export job changed (a ``JobRecord``-like row)."""

    def __init__(self, job: Any) -> None:
        super().__init__()
        self.job = job


class UploadProgressed(Message):
    """Bytes of an upload went out; ``fraction`` is 0-1."""

    def __init__(self, label: str, fraction: float) -> None:
        super().__init__()
        self.label = label
        self.fraction = fraction


class UploadFinished(Message):
    """An upload ended (``outcome`` as returned by the workspace)."""

    def __init__(self, outcome: Any) -> None:
        super().__init__()
        self.outcome = outcome


class CreditsRefreshed(Message):
    """A fresh credit balance (available, frozen, total)."""

    def __init__(self, balance: Any, *, announce: bool = False) -> None:
        super().__init__()
        self.balance = balance
        self.announce = announce


class TimelineRefreshed(Message):
    """A fresh timeline view; ``announce`` also writes its summary in the chat."""

    def __init__(self, view: Any, *, announce: bool = False) -> None:
        super().__init__()
        self.view = view
        self.announce = announce


class SessionLoaded(Message):
    """Another session is current: its chat history and export jobs."""

    def __init__(self, history: list[Any], jobs: list[Any]) -> None:
        super().__init__()
        self.history = history
        self.jobs = jobs


class PhotoFetched(Message):
    """A photo was downloaded into the cache (``path`` None: it could not be)."""

    def __init__(self, url: str, path: str | None, caption: str) -> None:
        super().__init__()
        self.url = url
        self.path = path
        self.caption = caption
