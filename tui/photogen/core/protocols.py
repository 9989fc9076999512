"""What the UI needs of the workspace, and what core needs of the client, as Protocols.

The UI depends on :class:`WorkspaceLike` (``photogen.core.workspace.Workspace`` is
one; so is the UI tests' fake), and core's turn and photo code on
:class:`TurnClient`, :class:`DownloadClient` and :class:`ExportClient` (``NemoClient``
is all three; so are the core tests' fakes). mypy checks every implementation against them.

Standard-library typing only: the app imports this before its first paint, so every
type named here is imported for type checkers only.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from photogen.client.stream import StreamItem
    from photogen.core.gridintents import Estimate
    from photogen.core.intents import Intent
    from photogen.core.jobs import JobStream
    from photogen.core.lineage import Grid, PhotoNode
    from photogen.core.settings import Settings
    from photogen.core.store import ChatMessage, JobRecord, LedgerEntry, SessionRecord
    from photogen.core.timeline import TimelineView
    from photogen.core.updates import TurnStream
    from photogen.core.workspace import UploadOutcome
    from photogen.wire import CreditsBalance, RenderStatus, SessionState

#: ``progress(sent_bytes, total_bytes)`` of an upload or a download.
Progress = Callable[[int, int], None]


class BackendLike(Protocol):
    """Where the API is (``photogen.core.backend.BackendChoice``)."""

    @property
    def kind(self) -> str:
        """``local`` (the embedded server), ``cloud`` or ``url``."""
        ...

    @property
    def label(self) -> str:
        """For the status bar: ``local``, ``cloud`` or the host."""
        ...


class PhotoCacheLike(Protocol):
    """The thumbnail cache (``photogen.core.photos.PhotoCache``)."""

    def path_for(self, url: str) -> Path:
        """The cache file of a URL (it may not exist yet)."""
        ...

    async def fetch(self, url: str) -> Path | None:
        """A local copy of ``url``, downloaded on first use; None when it can't be had."""
        ...


class WorkspaceLike(Protocol):
    """Everything the UI asks of core: one open backend, client, store and session."""

    @property
    def settings(self) -> Settings:
        """The user's settings."""
        ...

    @property
    def backend(self) -> BackendLike:
        """The backend in use."""
        ...

    @property
    def session(self) -> SessionRecord:
        """The current session."""
        ...

    @property
    def photos(self) -> PhotoCacheLike:
        """The thumbnail cache."""
        ...

    def route(self, text: str) -> Intent:
        """What a typed line means (export / credits / status / upload / chat)."""
        ...

    def send(self, text: str, selected: str | None = None) -> TurnStream:
        """Run one chat turn; ``selected`` is the URL of the photo selected in the app."""
        ...

    async def credits(self) -> CreditsBalance:
        """The credit balance."""
        ...

    async def timeline(self) -> TimelineView:
        """The current session's timeline."""
        ...

    def export(self, fmt: str | None = None, *, source_url: str | None = None) -> JobStream:
        """Export the draft or a photo (``source_url``, else the latest; ``fmt`` None: default)."""
        ...

    async def resume_jobs(self) -> list[JobStream]:
        """One update stream per export left running by an earlier run."""
        ...

    async def cancel_job(self, job_id: str) -> JobRecord | None:
        """Cancel a running export (best effort on the server)."""
        ...

    async def upload(
        self, paths_or_urls: Sequence[str], progress: Progress | None = None
    ) -> UploadOutcome:
        """Upload local files and/or remote URLs."""
        ...

    async def new_session(self) -> SessionRecord:
        """Create a session; it becomes current."""
        ...

    async def open_session(self, session_id: str) -> SessionRecord:
        """Make a stored session current."""
        ...

    async def photo_path(self, url: str) -> Path | None:
        """A local copy of a photo (cached, else downloaded; an old run's loopback URL is
        fetched from the current server), or None when it can't be had."""
        ...

    async def browser_link(self) -> str | None:
        """The current session's browser link (contract §2.3), or None when there is none."""
        ...

    async def cutout_photo(self) -> tuple[str, Path | None] | None:
        """The original photo of the newest cut-out (URL, cached file); None without one."""
        ...

    def list_sessions(self) -> list[SessionRecord]:
        """Sessions on this backend, most recent first."""
        ...

    def history(self, session_id: str | None = None) -> list[ChatMessage]:
        """Chat lines of a session (default: the current one), oldest first."""
        ...

    def jobs(self, session_id: str | None = None) -> list[JobRecord]:
        """Export jobs of a session (default: the current one), oldest first."""
        ...

    async def resume_turn(self) -> TurnStream | None:
        """What a turn the app quit during made, said as a turn; None when there was none."""
        ...

    async def keep_server_alive(
        self, on_change: Callable[[str, str], None], every_s: float = ...
    ) -> None:
        """Restart the embedded server whenever it dies; ``on_change(phase, detail)``."""
        ...

    async def close(self) -> None:
        """Let go of the client, the store and the embedded server."""
        ...

    @property
    def price_per_photo(self) -> int:
        """Credits one photo costs (0 on the local backend)."""
        ...

    def estimate(self, text: str, grid: Grid | None = None) -> Estimate | None:
        """What ``text`` will cost before it is sent."""
        ...

    def lineage(self, session_id: str | None = None) -> list[PhotoNode]:
        """The session's photos with their parents (blocking: SQLite)."""
        ...

    def current_grid(self) -> Grid | None:
        """The current session's newest grid (blocking: SQLite)."""
        ...

    def ledger(self, session_id: str | None = None) -> list[LedgerEntry]:
        """What each turn cost (blocking: SQLite)."""
        ...


class TurnClient(Protocol):
    """What a chat turn calls (``photogen.core.turns.TurnController``)."""

    def run_sse(
        self, session_id: str, text: str, selected: str | None = None
    ) -> AsyncGenerator[StreamItem, None]:
        """Send one message (with the selected photo's URL); the items until the turn ends."""
        ...

    async def state(self, session_id: str) -> SessionState:
        """The session's state (draft, media)."""
        ...

    async def credits(self) -> CreditsBalance:
        """The credit balance."""
        ...

    async def stop_turn(self, session_id: str) -> int:
        """Ask this project's server to stop the session's running turn (not the cloud)."""
        ...


class DownloadClient(Protocol):
    """What the thumbnail cache calls (``photogen.core.photos.PhotoCache``)."""

    async def download(
        self,
        url: str,
        dest_dir: Path,
        filename: str,
        progress: Progress | None = None,
        *,
        render_id: str | None = None,
    ) -> Path:
        """Download ``url`` to ``dest_dir/filename``; returns the saved path."""
        ...


class ExportClient(DownloadClient, Protocol):
    """What an export job calls (``photogen.core.jobs.ExportRunner``)."""

    async def state(self, session_id: str) -> SessionState:
        """The session's state (its draft and photos)."""
        ...

    async def submit_render(
        self, session_id: str, draft: dict[str, Any], fmt: str = "mp4"
    ) -> RenderStatus:
        """Start a render of ``draft`` as ``fmt``."""
        ...

    async def poll_render(self, render_id: str) -> RenderStatus:
        """One poll of a render."""
        ...

    async def cancel_render(self, render_id: str) -> None:
        """Cancel a render."""
        ...
