"""Export jobs: MP4 through the render call, stills converted locally; stored and resumable.

MP4 (contract §3.5-3.6): state -> draft (must be exportable) -> render -> poll every
``render_poll_s`` (live progress; ``render_max_polls`` -> timeout; ``failed`` -> one
retry with a new id) -> download into the download folder, never overwriting.
Stills (§5b): download the generated image and convert it with Pillow.

Every job is saved in the :class:`~photogen.core.store.Store` as it moves, so a new
runner on the same data dir (after a restart) continues it with :meth:`ExportRunner.resume`.
How a job ended ("Saved <path>", "Export mp4 failed: …") is added once to its session's
chat history, so a reopened session shows it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from photogen.client.errors import NemoError, TransportError
from photogen.core.errors import CoreError, ExportTimeout, NothingToExport, describe_error
from photogen.core.photos import PhotoCache
from photogen.core.settings import Settings
from photogen.core.stills import PIL_FORMATS, convert_still, reserve_path
from photogen.core.store import ChatMessage, JobRecord, Store
from photogen.wire import SessionState, TrackType, parse_draft
from photogen.wire.safety import safe_filename

Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True)
class JobUpdate:
    """A job moved: a snapshot of its record and a human line ("Rendering 40%")."""

    job: JobRecord
    message: str

    @property
    def done(self) -> bool:
        """Completed, failed or cancelled."""
        return not self.job.active


#: What an export yields; an async generator, so callers can ``aclose()`` it early.
JobStream = AsyncGenerator[JobUpdate, None]


class ExportRunner:
    """Runs and resumes export jobs.

    Args:
        client: A ``NemoClient``.
        store: The job store.
        settings: Download folder, quality and intervals.
        backend_url: Saved with each job, so only the right server resumes it.
        photos: Cache used to fetch still sources.
        sleep: Awaitable sleep (injectable for tests).
    """

    def __init__(
        self,
        client: Any,
        store: Store,
        settings: Settings,
        backend_url: str,
        *,
        photos: PhotoCache | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.backend_url = backend_url
        self.photos = photos or PhotoCache(client, settings.cache_dir / "stills")
        self.sleep = sleep

    async def export(
        self, session_id: str, fmt: str, *, source_url: str | None = None
    ) -> JobStream:
        """Export the session's draft (mp4) or a photo (png/jpg/webp).

        Args:
            session_id: The session.
            fmt: mp4, png, jpg or webp.
            source_url: For stills: the photo to export (default: the latest one).

        Raises:
            CoreError: Before any job exists (nothing to export, unknown format).
        """
        fmt = {"jpeg": "jpg"}.get(fmt.lower(), fmt.lower())
        if fmt != "mp4" and fmt not in PIL_FORMATS:
            raise CoreError(f"Can't export as {fmt}.", "Choose mp4, png, jpg or webp.")
        state: SessionState = await self.client.state(session_id)
        job = JobRecord(
            id=f"job_{uuid.uuid4().hex[:12]}",
            session_id=session_id,
            format=fmt,
            started=time.time(),
            backend_url=self.backend_url,
            title=_title(state),
        )
        if fmt == "mp4":
            if not state.state.parsed_draft().is_exportable:
                raise NothingToExport()
            steps = self._render(job, dict(state.state.draft))
        else:
            job.source_url = source_url or latest_photo(state)
            if not job.source_url:
                raise NothingToExport()
            steps = self._still(job)
        async with aclosing(self._guarded(job, steps)) as updates:
            async for update in updates:
                yield update

    async def resume(self, job: JobRecord) -> JobStream:
        """Continue a job that was running when the app last stopped."""
        if job.render_id:
            steps = self._poll_and_download(job, draft=None)
        elif job.source_url:
            steps = self._still(job)
        else:
            steps = self._fail(job, "The export was interrupted before it started.")
        async with aclosing(self._guarded(job, steps)) as updates:
            async for update in updates:
                yield update

    def unfinished(self) -> list[JobRecord]:
        """Stored jobs of this backend that were still running."""
        return [j for j in self.store.jobs(active_only=True) if j.backend_url == self.backend_url]

    async def cancel(self, job: JobRecord) -> JobRecord:
        """Cancel a render on the server (best effort) and mark the job cancelled."""
        if job.render_id:
            with contextlib.suppress(NemoError):
                await self.client.cancel_render(job.render_id)
        was_active = job.active
        job.state, job.finished = "cancelled", time.time()
        await self._save(job)
        if was_active:
            await self._note(job, f"Export {job.format} cancelled.")
        return replace(job)

    async def _guarded(self, job: JobRecord, steps: JobStream) -> JobStream:
        """Turn errors into a failed job; a cancelled task leaves it stored as running."""
        try:
            async with aclosing(steps) as updates:
                async for update in updates:
                    yield update
        except (NemoError, CoreError, OSError) as exc:
            human = describe_error(exc)
            async with aclosing(self._fail(job, str(human))) as updates:
                async for update in updates:
                    yield update

    async def _fail(self, job: JobRecord, error: str) -> JobStream:
        job.state, job.error, job.finished = "failed", error, time.time()
        update = await self._emit(job, f"Export failed: {error}")
        await self._note(job, f"Export {job.format} failed: {error}")
        yield update

    async def _emit(self, job: JobRecord, message: str) -> JobUpdate:
        await self._save(job)
        return JobUpdate(replace(job), message)

    async def _save(self, job: JobRecord) -> None:
        await asyncio.to_thread(self.store.save_job, job)

    async def _note(self, job: JobRecord, text: str) -> None:
        """The end of a job, in its session's chat history (once: it is no longer active)."""
        note = ChatMessage(job.session_id, "system", text, "notice")
        await asyncio.to_thread(self.store.add_message, note)

    async def _render(self, job: JobRecord, draft: dict[str, Any]) -> JobStream:
        yield await self._emit(job, "Starting the export…")
        await self._submit(job, draft)
        yield await self._emit(job, "Rendering…")
        async with aclosing(self._poll_and_download(job, draft)) as updates:
            async for update in updates:
                yield update

    async def _submit(self, job: JobRecord, draft: dict[str, Any]) -> None:
        status = await self.client.submit_render(job.session_id, draft, job.format)
        job.render_id = status.id
        job.state = status.status if status.status in ("pending", "processing") else "pending"
        job.progress = status.progress or 0

    async def _poll_and_download(self, job: JobRecord, draft: dict[str, Any] | None) -> JobStream:
        """Poll until completed; one resubmit on failure when the draft is at hand."""
        intervals, retried = self.settings.intervals, draft is None
        for _ in range(max(1, intervals.render_max_polls)):
            await self.sleep(intervals.render_poll_s)
            try:
                status = await self.client.poll_render(job.render_id)
            except TransportError:
                yield await self._emit(job, "Can't reach the server; still waiting for the render…")
                continue
            job.progress = max(job.progress, status.progress or 0)
            if status.status == "completed" and status.url:
                async with aclosing(self._download(job, status.url)) as updates:
                    async for update in updates:
                        yield update
                return
            if status.status in ("failed", "cancelled"):
                if retried or status.status == "cancelled":
                    raise CoreError(
                        f"The render {status.status}: {status.error or 'no reason given'}.",
                        "Try exporting again.",
                    )
                retried = True
                await self._submit(job, draft or {})
                yield await self._emit(job, "The render failed once; trying again with a new id…")
                continue
            job.state = "processing" if status.status == "processing" else "pending"
            yield await self._emit(job, f"Rendering {job.progress}%")
        raise ExportTimeout(
            "The render is taking longer than expected.",
            "It may still finish on the server; try exporting again in a few minutes.",
        )

    def _file_name(self, job: JobRecord) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(job.started))
        return safe_filename(f"{job.title or 'photogen'}-{stamp}.{job.format}", default="photogen")

    async def _download(self, job: JobRecord, url: str) -> JobStream:
        job.state, job.url = "downloading", url
        yield await self._emit(job, "Downloading…")
        tmp_dir = self.settings.download_dir / ".photogen-partial" / job.id
        tmp_dir.mkdir(parents=True, exist_ok=True)
        got = Path(
            await self.client.download(
                url, tmp_dir, f"render.{job.format}", render_id=job.render_id
            )
        )
        final = reserve_path(self.settings.download_dir, self._file_name(job))
        os.replace(got, final)
        _remove_empty(tmp_dir)
        yield await self._finish(job, final)

    async def _finish(self, job: JobRecord, path: Path) -> JobUpdate:
        job.state, job.path, job.progress, job.finished = "completed", str(path), 100, time.time()
        update = await self._emit(job, f"Saved {path}")
        await self._note(job, f"Saved {path}")
        return update

    async def _still(self, job: JobRecord) -> JobStream:
        job.state = "downloading"
        yield await self._emit(job, "Fetching the photo…")
        src = await self.photos.fetch(job.source_url or "")
        if src is None:
            raise CoreError("Couldn't download the photo to export.", "Try again in a moment.")
        job.url, job.progress = job.source_url, 50
        yield await self._emit(job, f"Converting to {job.format.upper()}…")
        final = reserve_path(self.settings.download_dir, self._file_name(job))
        try:
            await asyncio.to_thread(
                convert_still, src, final, job.format, self.settings.jpg_quality
            )
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        yield await self._finish(job, final)


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
        folder.parent.rmdir()


def _title(state: SessionState) -> str:
    title = parse_draft(state.state.draft).m.get("title")
    return safe_filename(str(title), default="photogen") if title else "photogen"


def latest_photo(state: SessionState) -> str | None:
    """The newest generated image, else the last photo on the video track."""
    for media in reversed(state.state.generated_media):
        if media.url and media.type == "image":
            return media.url
    for track in reversed(state.state.parsed_draft().tracks_of(TrackType.VIDEO)):
        for seg in reversed(track.sg):
            url = seg.m.get("url")
            if isinstance(url, str) and url:
                return url
    return None
