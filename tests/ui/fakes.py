"""A deterministic stand-in for ``photogen.core.workspace.Workspace`` (widget/snapshot tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from photogen.core import updates as up
from photogen.core.gridintents import Estimate, estimate
from photogen.core.intents import Intent, route
from photogen.core.jobs import JobStream, JobUpdate
from photogen.core.lineage import Grid, PhotoNode, latest_grid
from photogen.core.protocols import Progress
from photogen.core.settings import Settings
from photogen.core.store import ChatMessage, JobRecord, LedgerEntry, SessionRecord
from photogen.core.timeline import SegmentView, TimelineView, TrackView
from photogen.core.updates import TurnStream
from photogen.core.workspace import UploadOutcome
from photogen.ui.app import WorkspaceFactory
from photogen.wire import CreditsBalance

T0 = 1_700_000_000.0
REPLY = "Here is your photo of a sneaker on a white background."


def make_photo(path: Path, colour: tuple[int, int, int] = (200, 120, 40)) -> Path:
    """A small gradient PNG."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), colour)
    for x in range(64):
        for y in range(24, 48):
            image.putpixel((x, y), (x * 4, 80, 255 - x * 4))
    image.save(path)
    return path


def timeline_view(photo_url: str | None = None) -> TimelineView:
    """One video segment, one music track, one title."""
    video = [SegmentView("Sneaker on white", 0, 5, "Video", 0, 0, url=photo_url)]
    return TimelineView(
        summary="Timeline (3 tracks): 1. Video: Sneaker on white (0-5s) 2. BGM: Lo-fi (0-5s, 35%) "
        '3. Title: "Spring drop" (0-3s)',
        tracks=[
            TrackView(0, "Video", video),
            TrackView(1, "BGM", [SegmentView("Lo-fi", 0, 5, "BGM", 1, 0, volume=0.35)]),
            TrackView(2, "Title", [SegmentView('"Spring drop"', 0, 3, "Title", 2, 0)]),
        ],
        draft={"t": []},
    )


@dataclass
class Backend:
    kind: str = "local"
    label: str = "local"


PHOTO_URL = "http://127.0.0.1:9/media/key/a-red-chair-0.png"
"""The URL a stored photo line holds."""
EARLIER_RUN_URL = "http://127.0.0.1:8/media/key/a-red-chair-0.png"
"""The same photo as an earlier run's server (another port) named it."""


@dataclass
class FakePhotoCache:
    """The thumbnail cache: the one known photo URL maps to the photo on disk."""

    photo: Path

    def path_for(self, url: str) -> Path:
        return self.photo if url == PHOTO_URL else Path("/nonexistent")

    async def fetch(self, url: str) -> Path | None:
        return self.photo if url == PHOTO_URL else None


@dataclass
class FakeWorkspace:
    """Scripted replies; records what it was asked."""

    photo: Path
    settings: Settings = field(default_factory=Settings)
    backend: Backend = field(default_factory=Backend)
    session: SessionRecord = field(
        default_factory=lambda: SessionRecord("s1", "t1", "local", "First", T0, T0)
    )
    balance: CreditsBalance = field(
        default_factory=lambda: CreditsBalance(available=100, total=100)
    )
    sent: list[str] = field(default_factory=list)
    selected: list[str | None] = field(default_factory=list)
    exports: list[str | None] = field(default_factory=list)
    export_sources: list[str | None] = field(default_factory=list)
    uploads: list[list[str]] = field(default_factory=list)
    fail_next: BaseException | None = None
    hold: asyncio.Event | None = None
    chunks: int = 3
    view: TimelineView = field(default_factory=lambda: TimelineView("Timeline is empty", [], {}))
    link: str | None = None
    """What :meth:`browser_link` answers."""
    link_requests: int = 0
    cutout_done: bool = False
    """Whether :meth:`cutout_photo` finds a cut-out to redo (on ``photo``)."""
    stored: list[ChatMessage] = field(default_factory=list)
    """History of the first session ``s1``."""
    quit_turn: str | None = None
    """A turn the app quit during: :meth:`resume_turn` says what it made."""
    server_dies: bool = False
    """:meth:`keep_server_alive` finds the server dead (else it returns, as on the cloud)."""
    server_back: asyncio.Event | None = None
    """Set to let the dead server's restart finish."""

    def route(self, text: str) -> Intent:
        return route(text)

    async def send(self, text: str, selected: str | None = None) -> TurnStream:
        self.sent.append(text)
        self.selected.append(selected)
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        yield up.ToolStatus("c1", "Generating photo…", running=True)
        if self.hold is not None:
            await self.hold.wait()
        words = REPLY.split(" ")
        for n in range(1, self.chunks + 1):
            yield up.AssistantText(
                " ".join(words[: n * len(words) // self.chunks]), provisional=True
            )
        yield up.ToolStatus("c1", "Generating photo…", running=False)
        yield up.PhotoReady(
            "http://x/photo.png",
            self.photo,
            prompt="sneaker on white",
            seed=7,
            engine="photogen-studio/1",
        )
        yield up.AssistantText(" ".join(words), provisional=False)
        self.view = timeline_view("http://x/photo.png")
        yield up.TimelineChanged(self.view)
        self.balance = CreditsBalance(available=97, frozen=0, total=100)
        yield up.CreditsChanged(self.balance)
        yield up.TurnFinished(ok=True)

    async def credits(self) -> CreditsBalance:
        return self.balance

    async def timeline(self) -> TimelineView:
        return self.view

    async def export(self, fmt: str | None = None, *, source_url: str | None = None) -> JobStream:
        fmt = fmt or self.settings.default_export
        self.exports.append(fmt)
        self.export_sources.append(source_url)
        job = JobRecord(f"render_{len(self.exports)}", "s1", fmt, "processing", 0, T0)
        for progress in (10, 60):
            yield JobUpdate(replace(job, progress=progress), f"Rendering {progress}%")
        done = replace(
            job,
            state="completed",
            progress=100,
            finished=T0 + 12,
            path=f"/tmp/photogen/sneaker.{fmt}",
        )
        yield JobUpdate(done, "Saved")

    async def resume_jobs(self) -> list[JobStream]:
        return []

    async def resume_turn(self) -> TurnStream | None:
        if self.quit_turn is None:
            return None
        text, self.quit_turn = self.quit_turn, None
        return self._resumed(text)

    async def _resumed(self, text: str) -> TurnStream:
        yield up.Notice(f'Checking what your last message made: "{text}"…')
        yield up.AssistantText("While photogen-tui was closed, your last message finished.", False)
        yield up.PhotoReady("http://x/photo.png", self.photo, prompt=text, seed=3)
        yield up.TurnFinished(ok=True)

    async def keep_server_alive(
        self, on_change: Callable[[str, str], None], every_s: float = 1.0
    ) -> None:
        if not self.server_dies:
            return
        on_change("offline", "The local server stopped; restarting it…")
        if self.server_back is not None:
            await self.server_back.wait()
        on_change("ready", "The local server was restarted; carrying on.")

    async def cancel_job(self, job_id: str) -> JobRecord | None:
        return JobRecord(job_id, "s1", "mp4", "cancelled", 10, T0, T0 + 1)

    async def upload(
        self, paths_or_urls: Sequence[str], progress: Progress | None = None
    ) -> UploadOutcome:
        paths = list(paths_or_urls)
        self.uploads.append(paths)
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        if progress:
            progress(50, 100)
        return UploadOutcome([], f"Uploaded {len(paths)} file(s).")

    async def new_session(self) -> SessionRecord:
        self.session = SessionRecord("s2", "t2", "local", "", T0, T0)
        return self.session

    async def photo_path(self, url: str) -> Path | None:
        """As the real one: an earlier run's loopback URL is fetched from this server."""
        return await self.photos.fetch(PHOTO_URL if url == EARLIER_RUN_URL else url)

    async def browser_link(self) -> str | None:
        self.link_requests += 1
        return self.link

    async def cutout_photo(self) -> tuple[str, Path | None] | None:
        return ("http://x/photo.png", self.photo) if self.cutout_done else None

    def list_sessions(self) -> list[SessionRecord]:
        return [self.session, SessionRecord("s0", "t0", "local", "Old shoot", T0 - 99, T0 - 99)]

    async def open_session(self, session_id: str) -> SessionRecord:
        self.session = SessionRecord(session_id, "t", "local", "Old shoot", T0, T0)
        return self.session

    @property
    def photos(self) -> FakePhotoCache:
        """The thumbnail cache."""
        return FakePhotoCache(self.photo)

    def history(self, session_id: str | None = None) -> list[ChatMessage]:
        if self.session.id == "s1":
            return list(self.stored)
        if self.session.id == "s0":
            return [
                ChatMessage("s0", "user", "a red chair", created=T0),
                ChatMessage("s0", "assistant", "Done: a red chair.", created=T0),
                # as core stores it: the photo's URL; the thumbnail cache has the file
                ChatMessage("s0", "assistant", PHOTO_URL, kind="photo", created=T0),
            ]
        return []

    def jobs(self, session_id: str | None = None) -> list[JobRecord]:
        return []

    async def close(self) -> None:
        return None

    price_per_photo: int = 0
    nodes: list[PhotoNode] = field(default_factory=list)
    costs: list[LedgerEntry] = field(default_factory=list)

    def estimate(self, text: str, grid: Grid | None = None) -> Estimate | None:
        size = len(grid.candidates) if grid else 0
        return estimate(text, size, self.settings.candidates, self.price_per_photo)

    def lineage(self, session_id: str | None = None) -> list[PhotoNode]:
        return list(self.nodes)

    def current_grid(self) -> Grid | None:
        return latest_grid(self.nodes)

    def ledger(self, session_id: str | None = None) -> list[LedgerEntry]:
        return list(self.costs)


def factory_for(workspace: FakeWorkspace) -> WorkspaceFactory:
    """A workspace_factory that returns ``workspace`` (mypy checks it is a ``WorkspaceLike``)."""

    async def open_workspace(settings: Settings, **_: Any) -> FakeWorkspace:
        return workspace

    return open_workspace
