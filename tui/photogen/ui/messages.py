"""Messages the main screen's workers post to it (past-tense facts), typed with core's types.

Widgets' own messages live in the widgets (``PromptInput.Submitted``,
``ChatPanel.PhotoShown``, ``SidePanel.PhotoRequested``, ``JobRow.CancelRequested``).
Core's types are named for type checkers only: importing them would load pydantic
before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from photogen.core.jobs import JobUpdate
    from photogen.core.protocols import WorkspaceLike
    from photogen.core.store import ChatMessage, JobRecord
    from photogen.core.timeline import TimelineView
    from photogen.core.updates import TurnUpdate
    from photogen.core.workspace import UploadOutcome
    from photogen.wire import CreditsBalance


class WorkspaceOpened(Message):
    """The backend, token, session and credits are ready."""

    def __init__(self, workspace: WorkspaceLike) -> None:
        super().__init__()
        self.workspace = workspace


class ConnectionChanged(Message):
    """The connection state changed: ``starting``, ``ready``, ``offline`` or ``failed``."""

    def __init__(self, phase: str, detail: str = "") -> None:
        super().__init__()
        self.phase = phase
        self.detail = detail


class TurnProgressed(Message):
    """One update of a running chat turn."""

    def __init__(self, update: TurnUpdate) -> None:
        super().__init__()
        self.update = update


class JobProgressed(Message):
    """An export job moved (its record and a human line)."""

    def __init__(self, update: JobUpdate) -> None:
        super().__init__()
        self.update = update


class JobCancelled(Message):
    """The server was asked to stop a job; ``job`` is its record now."""

    def __init__(self, job: JobRecord) -> None:
        super().__init__()
        self.job = job


class UploadProgressed(Message):
    """Bytes of an upload went out; ``fraction`` is 0-1."""

    def __init__(self, label: str, fraction: float) -> None:
        super().__init__()
        self.label = label
        self.fraction = fraction


class UploadFinished(Message):
    """An upload ended."""

    def __init__(self, outcome: UploadOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class CreditsRefreshed(Message):
    """A fresh credit balance; ``announce`` also says it in the chat."""

    def __init__(self, balance: CreditsBalance, *, announce: bool = False) -> None:
        super().__init__()
        self.balance = balance
        self.announce = announce


class TimelineRefreshed(Message):
    """A fresh timeline view; ``announce`` also writes its summary in the chat."""

    def __init__(self, view: TimelineView, *, announce: bool = False) -> None:
        super().__init__()
        self.view = view
        self.announce = announce


class SessionLoaded(Message):
    """Another session is current: its chat history and export jobs."""

    def __init__(self, history: list[ChatMessage], jobs: list[JobRecord]) -> None:
        super().__init__()
        self.history = history
        self.jobs = jobs


class BrowserLinkFetched(Message):
    """The session's browser link (``link`` None: the server offers none)."""

    def __init__(self, link: str | None) -> None:
        super().__init__()
        self.link = link


class CutoutPhotoFetched(Message):
    """The original photo of the last cut-out, to box its subject (None: no cut-out)."""

    def __init__(self, found: tuple[str, Path | None] | None) -> None:
        super().__init__()
        self.found = found


class PhotoFetched(Message):
    """A photo was downloaded into the cache (``path`` None: it could not be)."""

    def __init__(self, url: str, path: str | None, caption: str) -> None:
        super().__init__()
        self.url = url
        self.path = path
        self.caption = caption
