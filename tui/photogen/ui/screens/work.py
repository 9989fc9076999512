"""The main screen's workers: every call to the workspace runs here, never in a widget.

:class:`Workers` starts each job in a named :class:`Group` with ``exit_on_error=False``
(failures reach the screen's one error handler through ``Worker.StateChanged``);
each job posts what it learned to the screen as a message (:mod:`photogen.ui.messages`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.worker import WorkType

from photogen.core.updates import PhotoReady
from photogen.ui import messages as msg
from photogen.ui.streaming import Coalescer

if TYPE_CHECKING:
    from photogen.core.jobs import JobStream
    from photogen.core.protocols import WorkspaceLike
    from photogen.core.updates import TurnStream

#: ``open(on_status)``: start the backend and open the session (``PhotogenApp.open_workspace``).
Opener = Callable[[Callable[[str], None]], Awaitable["WorkspaceLike"]]


class Group(StrEnum):
    """Worker groups of the main screen (the error handler words a failure by its group)."""

    STARTUP = "startup"
    TURN = "turn"
    EXPORT = "export"
    UPLOAD = "upload"
    REFRESH = "refresh"
    SESSION = "session"
    PREVIEW_FETCH = "preview-fetch"
    BROWSER_LINK = "browser-link"
    SERVER_WATCH = "server-watch"


@dataclass(frozen=True)
class Failure:
    """What the screen does about a worker that failed."""

    title: str
    """The notification's title (what went wrong, for people)."""
    what_to_do: str
    """The notification's text."""
    phase: str | None
    """The status bar's new connection phase (``failed``, ``offline``), or None."""
    ends_turn: bool
    """The chat turn is over."""
    gives_prompt_back: bool
    """The text the action started from goes back into the prompt."""


def describe_failure(error: BaseException | None, group: str) -> Failure:
    """Word a worker's failure (``photogen.core.errors.describe_error``) and say what it ends."""
    from photogen.client.errors import StreamError, TransportError  # stdlib only, like these
    from photogen.core.errors import ServerStartError, describe_error

    error = error or RuntimeError("unknown error")
    human = describe_error(error)
    unreachable = isinstance(error, TransportError | StreamError | ServerStartError)
    phase = "failed" if group == Group.STARTUP else "offline" if unreachable else None
    return Failure(
        human.title,
        human.what_to_do,
        phase,
        ends_turn=group == Group.TURN,
        gives_prompt_back=group in (Group.TURN, Group.UPLOAD, Group.EXPORT),
    )


class Workers:
    """Starts the screen's workers on the open workspace."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen

    def _run(self, job: WorkType[None], group: Group, *, exclusive: bool = False) -> None:
        # ``job`` is an async function, called when the worker starts: a worker cancelled
        # before it starts (the app quitting, a newer exclusive job) leaves no coroutine
        # behind that was never awaited.
        self._screen.run_worker(
            job, name=str(group), group=group, exclusive=exclusive, exit_on_error=False
        )

    def _post(self, message: msg.Message) -> None:
        self._screen.post_message(message)

    def running(self, group: Group) -> bool:
        """A worker of ``group`` runs now."""
        return any(w.group == group and w.is_running for w in self._screen.workers)

    def cancel(self, group: Group) -> None:
        """Cancel every worker of ``group``."""
        self._screen.workers.cancel_group(self._screen, group)

    # -- the jobs -------------------------------------------------------------------------

    def open_workspace(self, opener: Opener) -> None:
        """Open the workspace (server, token, session, credits) without blocking the paint."""

        async def job() -> None:
            def on_status(text: str) -> None:
                self._post(msg.ConnectionChanged("starting", text))

            self._post(msg.WorkspaceOpened(await opener(on_status)))

        self._run(job, Group.STARTUP, exclusive=True)

    def watch_server(self, workspace: WorkspaceLike) -> None:
        """Restart the embedded server when it dies; the status bar says what happens."""

        async def job() -> None:
            def on_change(phase: str, detail: str) -> None:
                self._post(msg.ConnectionChanged(phase, detail))

            await workspace.keep_server_alive(on_change)

        self._run(job, Group.SERVER_WATCH, exclusive=True)

    def turn(
        self,
        workspace: WorkspaceLike,
        text: str,
        selected: str | None = None,
        then_export: str | None = None,
    ) -> None:
        """Send one chat message (with the selected photo's URL); updates merged per frame.

        ``then_export`` (a still format, ``""`` for the configured one): once the turn is
        over, one export per photo it made ("put each on white and export them").
        """

        async def job() -> None:
            turn = workspace.send(text, selected) if selected else workspace.send(text)
            made = await self._relay(turn)
            if then_export is not None:
                default = workspace.settings.default_export
                fmt = then_export or (default if default != "mp4" else "png")
                for url in made:
                    self.follow_jobs(workspace.export(fmt, source_url=url))

        self._run(job, Group.TURN, exclusive=True)

    def resume_turn(self, workspace: WorkspaceLike) -> None:
        """Show what a turn the app quit during made (nothing when there was none)."""

        async def job() -> None:
            updates = await workspace.resume_turn()
            if updates is not None:
                await self._relay(updates)

        self._run(job, Group.TURN, exclusive=True)

    async def _relay(self, updates: TurnStream) -> list[str]:
        """Post the turn's updates (provisional text merged per frame); the photos it made."""
        coalescer = Coalescer(lambda update: self._post(msg.TurnProgressed(update)))
        made: list[str] = []
        try:
            async for update in updates:
                if isinstance(update, PhotoReady):
                    made.append(update.url)
                coalescer.push(update)
        finally:
            coalescer.flush()
        return made

    def follow_jobs(self, jobs: JobStream) -> None:
        """Post every update of one export job."""

        async def job() -> None:
            async for update in jobs:
                self._post(msg.JobProgressed(update))

        self._run(job, Group.EXPORT)

    def resume_jobs(self, workspace: WorkspaceLike) -> None:
        """Follow the jobs that were still running when the app last quit."""

        async def job() -> None:
            for jobs in await workspace.resume_jobs():
                self.follow_jobs(jobs)

        self._run(job, Group.EXPORT)

    def cancel_job(self, workspace: WorkspaceLike, job_id: str) -> None:
        """Ask the server to stop a job."""

        async def job() -> None:
            record = await workspace.cancel_job(job_id)
            if record is not None:
                self._post(msg.JobCancelled(record))

        self._run(job, Group.EXPORT)

    def fetch_photo(self, workspace: WorkspaceLike, url: str, caption: str) -> None:
        """Download a photo into the cache, then have it previewed."""

        async def job() -> None:
            path = await workspace.photo_path(url)
            self._post(msg.PhotoFetched(url, str(path) if path else None, caption))

        self._run(job, Group.PREVIEW_FETCH, exclusive=True)

    def cutout_photo(self, workspace: WorkspaceLike) -> None:
        """Fetch the original photo of the last cut-out, for the subject box."""

        async def job() -> None:
            self._post(msg.CutoutPhotoFetched(await workspace.cutout_photo()))

        self._run(job, Group.PREVIEW_FETCH, exclusive=True)

    def browser_link(self, workspace: WorkspaceLike) -> None:
        """Ask for the session's browser link."""

        async def job() -> None:
            self._post(msg.BrowserLinkFetched(await workspace.browser_link()))

        self._run(job, Group.BROWSER_LINK, exclusive=True)

    def upload(self, workspace: WorkspaceLike, paths: list[str]) -> None:
        """Check and upload files or URLs, with progress; then the timeline."""
        label = paths[0] if len(paths) == 1 else f"{len(paths)} files"

        def progress(sent: int, total: int) -> None:
            self._post(msg.UploadProgressed(label, sent / total if total else 1.0))

        async def job() -> None:
            self._post(msg.UploadFinished(await workspace.upload(paths, progress=progress)))
            self._post(msg.TimelineRefreshed(await workspace.timeline()))

        self._run(job, Group.UPLOAD, exclusive=True)

    def refresh(
        self, workspace: WorkspaceLike, *, announce_credits: bool, announce_timeline: bool
    ) -> None:
        """Fetch the credits and the timeline."""

        async def job() -> None:
            balance = await workspace.credits()
            self._post(msg.CreditsRefreshed(balance, announce=announce_credits))
            view = await workspace.timeline()
            self._post(msg.TimelineRefreshed(view, announce=announce_timeline))

        self._run(job, Group.REFRESH, exclusive=True)

    def switch_session(self, workspace: WorkspaceLike, session_id: str | None) -> None:
        """Open a past session (a new one when ``session_id`` is None); stops the turn."""
        self.cancel(Group.TURN)

        async def job() -> None:
            if session_id is None:
                await workspace.new_session()
            else:
                await workspace.open_session(session_id)
            self._post(msg.SessionLoaded(workspace.history(), workspace.jobs()))

        self._run(job, Group.SESSION, exclusive=True)
