"""The main screen's workers: every network call runs here, never in a widget.

Each worker is in a named group, ``exit_on_error=False``; failures reach the
screen's one error handler through ``Worker.StateChanged``.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from photogen.ui import messages as msg
from photogen.ui.streaming import Coalescer


class TasksMixin(Screen[None]):
    """Starts workers and posts what they learn as messages."""

    workspace: Any = None

    def start_workspace(self) -> None:
        """Open the workspace (server, token, session, credits) without blocking the paint."""
        self.run_worker(
            self._open_workspace(),
            group="startup",
            exclusive=True,
            exit_on_error=False,
            name="open workspace",
        )

    async def _open_workspace(self) -> None:
        def on_status(text: str) -> None:
            self.post_message(msg.ConnectionChanged("starting", text))

        workspace = await self.app.open_workspace(on_status=on_status)  # type: ignore[attr-defined]
        self.post_message(msg.WorkspaceOpened(workspace))

    def start_turn(self, text: str) -> None:
        """Send one chat message and stream its updates."""
        self.run_worker(
            self._turn(text), group="turn", exclusive=True, exit_on_error=False, name="chat turn"
        )

    async def _turn(self, text: str) -> None:
        coalescer = Coalescer(lambda update: self.post_message(msg.TurnProgressed(update)))
        try:
            async for update in self.workspace.send(text):
                coalescer.push(update)
        finally:
            coalescer.flush()

    def start_export(self, fmt: str | None) -> None:
        """Render the timeline in ``fmt`` (None: the configured default)."""
        self.run_worker(self._export(fmt), group="export", exit_on_error=False, name="export")

    async def _export(self, fmt: str | None) -> None:
        async for job in self.workspace.export(fmt):
            self.post_message(msg.JobProgressed(job))

    def start_resume_jobs(self) -> None:
        """Follow the jobs that were still running when the app last quit."""
        self.run_worker(self._resume(), group="export", exit_on_error=False, name="resume jobs")

    async def _resume(self) -> None:
        for stream in await self.workspace.resume_jobs():
            self.run_worker(
                self._follow(stream), group="export", exit_on_error=False, name="resumed export"
            )

    async def _follow(self, stream: Any) -> None:
        async for job in stream:
            self.post_message(msg.JobProgressed(job))

    def start_cancel_job(self, job_id: str) -> None:
        """Cancel one export job (best effort on the server)."""
        self.run_worker(
            self._cancel_job(job_id), group="export", exit_on_error=False, name="cancel export"
        )

    async def _cancel_job(self, job_id: str) -> None:
        job = await self.workspace.cancel_job(job_id)
        if job is not None:
            self.post_message(msg.JobProgressed(job))

    def start_preview_fetch(self, url: str, caption: str) -> None:
        """Download a photo into the cache, then preview it."""
        self.run_worker(
            self._fetch(url, caption),
            group="preview-fetch",
            exclusive=True,
            exit_on_error=False,
            name="fetch photo",
        )

    async def _fetch(self, url: str, caption: str) -> None:
        path = await self.workspace.photos.fetch(url)
        self.post_message(msg.PhotoFetched(url, str(path) if path else None, caption))

    def start_upload(self, paths: list[str]) -> None:
        """Check and upload files or URLs, with progress."""
        self.run_worker(
            self._upload(paths), group="upload", exclusive=True, exit_on_error=False, name="upload"
        )

    async def _upload(self, paths: list[str]) -> None:
        label = paths[0] if len(paths) == 1 else f"{len(paths)} files"

        def progress(sent: int, total: int) -> None:
            self.post_message(msg.UploadProgressed(label, sent / total if total else 1.0))

        outcome = await self.workspace.upload(paths, progress=progress)
        self.post_message(msg.UploadFinished(outcome))
        self.post_message(msg.TimelineRefreshed(await self.workspace.timeline()))

    def start_refresh(
        self, *, announce_credits: bool = False, announce_timeline: bool = False
    ) -> None:
        """Fetch credits and the timeline."""
        self.run_worker(
            self._refresh(announce_credits, announce_timeline),
            group="refresh",
            exclusive=True,
            exit_on_error=False,
            name="refresh",
        )

    async def _refresh(self, announce_credits: bool, announce_timeline: bool) -> None:
        balance = await self.workspace.credits()
        self.post_message(msg.CreditsRefreshed(balance, announce=announce_credits))
        view = await self.workspace.timeline()
        self.post_message(msg.TimelineRefreshed(view, announce=announce_timeline))

    def start_switch_session(self, session_id: str | None) -> None:
        """Open a past session (or a new one when ``session_id`` is None)."""
        self.workers.cancel_group(self, "turn")
        self.run_worker(
            self._switch(session_id),
            group="session",
            exclusive=True,
            exit_on_error=False,
            name="switch session",
        )

    async def _switch(self, session_id: str | None) -> None:
        if session_id is None:
            await self.workspace.new_session()
        else:
            await self.workspace.open_session(session_id)
        self.post_message(msg.SessionLoaded(self.workspace.history(), self.workspace.jobs()))
        self.start_refresh()
