"""Export jobs: MP4 through the render call, stills converted locally; stored and resumable.

MP4 (contract §3.5-3.6): state -> draft (must be exportable) -> render -> poll every
``render_poll_s`` (live progress; ``render_max_polls`` -> timeout; ``failed`` -> one
retry with a new id) -> download into the download folder, never overwriting.
Stills (§5b): download the generated image and convert it with Pillow.

Every job is saved in the :class:`~photogen.core.store.Store` as it moves, so a new
runner on the same data dir (after a restart) continues it with :meth:`ExportRunner.resume`.
How a job ended ("Saved <path>", "Export mp4 failed: …") is added once to its session's
chat history, so a reopened session shows it.

Each running job has exactly one :class:`JobRecord` and one asyncio task in the runner;
:meth:`ExportRunner.cancel` edits that record and cancels that task, so a cancelled job
never flips back to completed or failed. Closing an update stream early (the app quits)
stops the task but leaves the job stored as running, for :meth:`ExportRunner.resume`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import shutil
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from photogen.client.errors import NemoError, TransportError
from photogen.client.rendering import download_path
from photogen.core.errors import CoreError, ExportTimeout, NothingToExport, describe_error
from photogen.core.paths import reserve_path
from photogen.core.photos import PhotoCache
from photogen.core.protocols import ExportClient
from photogen.core.saved import SAVED
from photogen.core.settings import Settings
from photogen.core.store import ChatMessage, JobRecord, Store
from photogen.stills import convert_still
from photogen.wire import SessionState, TrackType, parse_draft
from photogen.wire.formats import EXPORT_FORMATS, export_format
from photogen.wire.safety import safe_filename

Sleep = Callable[[float], Awaitable[Any]]
T = TypeVar("T")
log = logging.getLogger(__name__)
_CHOOSE_FORMAT = f"Choose {', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]}."
PARTIAL_DIR = ".photogen-partial"
"""Folder (in the download folder) where a job's file is downloaded before it is named."""


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
#: A job's work: runs it to its end, telling each step with ``_emit``.
Work = Callable[[], Awaitable[None]]


class _ServerCancelled(Exception):
    """The server says the render was cancelled (not a failure)."""


@dataclass
class _Live:
    """A job running in this runner: its one record, its task, and its update queue."""

    job: JobRecord
    queue: asyncio.Queue[JobUpdate | BaseException | None] = field(default_factory=asyncio.Queue)
    task: asyncio.Task[None] | None = None


async def _in_thread(func: Callable[..., T], *args: Any) -> T:
    """``asyncio.to_thread``, but a cancelled caller still waits for the thread to end.

    A thread cannot be stopped, so without this a cancelled job could still write a file
    or a stale row after the cancellation was handled.
    """
    future = asyncio.ensure_future(asyncio.to_thread(func, *args))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        raise


class ExportRunner:
    """Runs and resumes export jobs.

    Args:
        client: A ``NemoClient`` (or anything with its export calls).
        store: The job store.
        settings: Download folder, quality and intervals.
        backend_url: Saved with each job, so only the right server resumes it.
        photos: Cache used to fetch still sources.
        sleep: Awaitable sleep (injectable for tests).
    """

    def __init__(
        self,
        client: ExportClient,
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
        self._live: dict[str, _Live] = {}

    def export(self, session_id: str, fmt: str, *, source_url: str | None = None) -> JobStream:
        """Export the session's draft (mp4) or a photo (png/jpg/webp).

        Args:
            session_id: The session.
            fmt: mp4, png, jpg or webp.
            source_url: For stills: the photo to export (default: the latest one).

        Raises:
            CoreError: On the first iteration, before any job exists (nothing to export,
                unknown format).
        """
        return self._run(partial(self._new_job, session_id, fmt, source_url))

    def resume(self, job: JobRecord) -> JobStream:
        """Continue a job that was running when the app last stopped."""
        return self._run(partial(self._resumed, job))

    async def _new_job(
        self, session_id: str, fmt: str, source_url: str | None
    ) -> tuple[JobRecord, Work]:
        known = export_format(fmt)
        if known is None:
            raise CoreError(f"Can't export as {fmt.lower()}.", _CHOOSE_FORMAT)
        state: SessionState = await self.client.state(session_id)
        job = JobRecord(
            id=f"job_{uuid.uuid4().hex[:12]}",
            session_id=session_id,
            format=known,
            started=time.time(),
            backend_url=self.backend_url,
            title=_title(state),
        )
        if known == "mp4":
            if not state.state.parsed_draft().is_exportable:
                raise NothingToExport()
            return job, partial(self._render, job, dict(state.state.draft))
        job.source_url = source_url or latest_photo(state)
        if not job.source_url:
            raise NothingToExport()
        return job, partial(self._still, job)

    async def _resumed(self, job: JobRecord) -> tuple[JobRecord, Work] | None:
        if job.id in self._live:  # already running in this runner
            return None
        if job.render_id:
            return job, partial(self._poll_and_download, job, None)
        if job.source_url:
            return job, partial(self._still, job)
        return job, partial(self._fail, job, "The export was interrupted before it started.")

    def unfinished(self) -> list[JobRecord]:
        """Stored jobs of this backend that were still running."""
        return [j for j in self.store.jobs(active_only=True) if j.backend_url == self.backend_url]

    async def cancel(self, job: JobRecord) -> JobRecord:
        """Stop a job: its task here, its render on the server (best effort); mark it cancelled.

        The job ends ``cancelled`` once, with one "Export <fmt> cancelled." note, and no
        file of it is left. A job that already ended is returned unchanged.
        """
        live = self._live.get(job.id)
        if live is not None:
            job = live.job  # the record the worker uses, not a copy
        if not job.active:
            return replace(job)
        job.state, job.finished = "cancelled", time.time()
        if live is not None and live.task is not None and not live.task.done():
            live.task.cancel()
            await asyncio.wait([live.task])
        await self._cancelled(job)
        if live is not None:
            live.queue.put_nowait(None)
        return replace(job)

    async def _cancelled(self, job: JobRecord) -> None:
        """Mark ``job`` cancelled: server render cancelled, partial files gone, one note."""
        job.state, job.finished = "cancelled", job.finished or time.time()
        if job.render_id:
            with contextlib.suppress(NemoError):
                await self.client.cancel_render(job.render_id)
        self._remove_partial(job)
        text = f"Export {job.format} cancelled."
        await self._emit(job, text)
        await self._note(job, text)

    async def _run(
        self, start: Callable[[], Awaitable[tuple[JobRecord, Work] | None]]
    ) -> JobStream:
        """The one relay: start the job, run its work in its own task, yield its updates.

        Closing this stream early stops the task and leaves the job stored as running.
        """
        started = await start()
        if started is None:
            return
        job, work = started
        live = _Live(job)
        self._live[job.id] = live
        live.task = asyncio.create_task(self._drive(job, work, live.queue))
        try:
            while True:
                item = await live.queue.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            if self._live.get(job.id) is live:
                del self._live[job.id]
            if not live.task.done():
                live.task.cancel()
                await asyncio.wait([live.task])

    async def _drive(
        self, job: JobRecord, work: Work, queue: asyncio.Queue[JobUpdate | BaseException | None]
    ) -> None:
        """The job's task: its end goes to ``queue``; cancelled, it ends without a word."""
        try:
            await self._guarded(job, work)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - handed to the reader of the stream
            queue.put_nowait(exc)
            return
        queue.put_nowait(None)

    async def _guarded(self, job: JobRecord, work: Work) -> None:
        """Turn any error into a failed job (never left running); cancellation passes."""
        try:
            await work()
        except _ServerCancelled:
            if job.active:
                await self._cancelled(job)
        except Exception as exc:  # noqa: BLE001 - a job must never stay active after a crash
            if not isinstance(exc, NemoError | CoreError | OSError):
                log.exception("export job %s crashed", job.id)
            if job.active:  # cancelled meanwhile: that wins
                await self._fail(job, str(describe_error(exc)))

    async def _fail(self, job: JobRecord, error: str) -> None:
        job.state, job.error, job.finished = "failed", error, time.time()
        await self._emit(job, f"Export failed: {error}")
        await self._note(job, f"Export {job.format} failed: {error}")

    async def _emit(self, job: JobRecord, message: str) -> None:
        """Save the job and tell whoever follows it (when it runs in this runner)."""
        await self._save(job)
        live = self._live.get(job.id)
        if live is not None:
            live.queue.put_nowait(JobUpdate(replace(job), message))

    async def _save(self, job: JobRecord) -> None:
        await _in_thread(self.store.save_job, replace(job))

    async def _note(self, job: JobRecord, text: str) -> None:
        """The end of a job, in its session's chat history (once: it is no longer active)."""
        note = ChatMessage(job.session_id, "system", text, "notice")
        await _in_thread(self.store.add_message, note)

    async def _render(self, job: JobRecord, draft: dict[str, Any]) -> None:
        await self._emit(job, "Starting the export…")
        await self._submit(job, draft)
        await self._emit(job, "Rendering…")
        await self._poll_and_download(job, draft)

    async def _submit(self, job: JobRecord, draft: dict[str, Any]) -> None:
        status = await self.client.submit_render(job.session_id, draft, job.format)
        job.render_id = status.id
        job.state = status.status if status.status in ("pending", "processing") else "pending"
        job.progress = _progress(status.progress, 0)

    async def _poll_and_download(self, job: JobRecord, draft: dict[str, Any] | None) -> None:
        """Poll until completed; one resubmit on failure when the draft is at hand."""
        intervals, retried = self.settings.intervals, draft is None
        polls = max(1, intervals.render_max_polls)
        for poll in range(polls):
            await self.sleep(intervals.render_poll_s)
            try:
                status = await self.client.poll_render(job.render_id or "")
            except TransportError:
                await self._emit(job, "Can't reach the server; still waiting for the render…")
                continue
            job.progress = _progress(status.progress, job.progress)
            if status.status == "cancelled":
                raise _ServerCancelled()
            # "completed" without a URL is not finished yet: keep polling (contract §5c);
            # only the last poll falls back to the render's own download route (§3.7).
            if status.status == "completed" and (status.url or poll == polls - 1):
                url = status.url or download_path(job.render_id or "")
                await self._download(job, url)
                return
            if status.status == "failed":
                if retried:
                    raise CoreError(
                        f"The render {status.status}: {status.error or 'no reason given'}.",
                        "Try exporting again.",
                    )
                retried = True
                await self._submit(job, draft or {})
                await self._emit(job, "The render failed once; trying again with a new id…")
                continue
            job.state = "processing" if status.status == "processing" else "pending"
            await self._emit(job, f"Rendering {job.progress}%")
        raise ExportTimeout(
            "The render is taking longer than expected.",
            "It may still finish on the server; try exporting again in a few minutes.",
        )

    def _file_name(self, job: JobRecord) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(job.started))
        return safe_filename(f"{job.title or 'photogen'}-{stamp}.{job.format}", default="photogen")

    def _remove_partial(self, job: JobRecord) -> None:
        """Delete the job's partial-download folder (and the parent when empty)."""
        tmp_dir = self.settings.download_dir / PARTIAL_DIR / job.id
        shutil.rmtree(tmp_dir, ignore_errors=True)
        with contextlib.suppress(OSError):
            tmp_dir.parent.rmdir()

    async def _download(self, job: JobRecord, url: str) -> None:
        job.state, job.url = "downloading", url
        await self._emit(job, "Downloading…")
        tmp_dir = self.settings.download_dir / PARTIAL_DIR / job.id
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
            # The fallback route needs no second try when it is the URL already.
            fallback = None if url == download_path(job.render_id or "") else job.render_id
            got = Path(
                await self.client.download(url, tmp_dir, f"render.{job.format}", render_id=fallback)
            )
            final = reserve_path(self.settings.download_dir, self._file_name(job))
            try:
                os.replace(got, final)
            except BaseException:
                final.unlink(missing_ok=True)
                raise
        finally:
            self._remove_partial(job)
        await self._finish(job, final)

    async def _finish(self, job: JobRecord, path: Path) -> None:
        job.state, job.path, job.progress, job.finished = "completed", str(path), 100, time.time()
        await self._emit(job, f"{SAVED} {path}")
        await self._note(job, f"{SAVED} {path}")

    async def _still(self, job: JobRecord) -> None:
        job.state = "downloading"
        await self._emit(job, "Fetching the photo…")
        src = await self.photos.fetch(job.source_url or "")
        if src is None:
            raise CoreError("Couldn't download the photo to export.", "Try again in a moment.")
        job.url, job.progress = job.source_url, 50
        await self._emit(job, f"Converting to {job.format.upper()}…")
        final = reserve_path(self.settings.download_dir, self._file_name(job))
        try:
            # Waits for the thread even when cancelled, so the file is removed after it.
            await _in_thread(convert_still, src, final, job.format, self.settings.jpg_quality)
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        await self._finish(job, final)


def _progress(value: Any, current: int) -> int:
    """A poll's progress as 0-100, never below ``current``; junk (NaN, inf, text) is ignored."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return current
    return max(current, min(100, max(0, int(value))))


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
