"""The render (export) service: jobs stored in SQLite, carried out by the job runner.

:meth:`RenderJobs.submit` checks the draft, stores the job ``pending`` and hands
it to the runner (:mod:`photogen.server.runner`), whose default runs renders
one at a time on one worker thread; the work itself is
:class:`~photogen.server.renderwork.RenderWork`. Progress, status and the output
are written to the store, so a poll never touches the worker. When the server
stops, a running job is interrupted but left ``processing``; on the next start
every unfinished job is queued again from the beginning ("restarted"), so a
client that resumes polling after a restart still gets its file.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from photogen.server.config import ServerConfig
from photogen.server.errors import BadRequest, Conflict, NotFound
from photogen.server.media import media_key
from photogen.server.renderplan import PlanError, check_exportable
from photogen.server.runner import Job, JobRunner
from photogen.server.store import DuplicateError, Row, Store
from photogen.wire.render import RenderRequest


class RenderJobs:
    """The render jobs of one server."""

    def __init__(self, store: Store, config: ServerConfig, runner: JobRunner) -> None:
        self.store = store
        self.config = config
        self.runner = runner
        self._job_ids: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def submit(self, user_id: str, request: RenderRequest) -> None:
        """Store a new job ``pending`` and queue it.

        Raises:
            BadRequest: The draft cannot be exported in that format (nothing to export...).
            Conflict: The render id is already used.
        """
        fmt = request.output.format.lower()
        try:
            check_exportable(request.draft, fmt)
        except PlanError as exc:
            raise BadRequest(str(exc)) from exc
        try:
            self.store.create_render(
                user_id, request.id, request.session_id, fmt, request.draft, time.time()
            )
        except DuplicateError as exc:
            raise Conflict(f"Render id already used: {request.id}") from exc
        self._queue(user_id, request.id, request.session_id)

    def get(self, user_id: str, render_id: str) -> Row:
        """The job; :class:`NotFound` when this user has none with that id."""
        row = self.store.get_render(user_id, render_id)
        if row is None:
            raise NotFound(f"Render not found: {render_id}")
        return row

    def output_path(self, user_id: str, render_id: str) -> Path:
        """The finished file; :class:`Conflict` before completion, :class:`NotFound` if gone."""
        row = self.get(user_id, render_id)
        if row["status"] != "completed":
            raise Conflict(f"Render {render_id} is {row['status']}, not completed")
        key = media_key(row["output_key"] or "")
        media = self.store.get_media(key) if key else None
        path = self.config.media_dir / media["relpath"] if media else None
        if path is None or not path.is_file():
            raise NotFound("The rendered file is gone")
        return path

    def resume(self) -> int:
        """Queue again every job a previous run left unfinished; returns how many."""
        rows = self.store.unfinished_renders()
        for row in rows:
            self.store.update_render(row["user_id"], row["render_id"], status="pending", progress=0)
            self._queue(row["user_id"], row["render_id"], row["session_id"])
        return len(rows)

    def cancel(self, user_id: str, render_id: str) -> Row:
        """Stop a pending or running job (marked cancelled now, the worker stops it soon).

        A finished job is left as it is. Returns the job as it is afterwards.
        """
        if self.get(user_id, render_id)["status"] in ("pending", "processing"):
            self.store.update_render(user_id, render_id, status="cancelled", completed=time.time())
            with self._lock:
                job_id = self._job_ids.get((user_id, render_id))
            if job_id is not None:
                self.runner.cancel(job_id)
        return self.get(user_id, render_id)

    def _queue(self, user_id: str, render_id: str, session_id: str) -> None:
        job = Job("render", user_id, session_id, render_id)
        with self._lock:
            self._job_ids[(user_id, render_id)] = job.id
        done = self.runner.submit(job)
        done.add_done_callback(lambda _: self._forget(user_id, render_id, job.id))

    def _forget(self, user_id: str, render_id: str, job_id: str) -> None:
        with self._lock:
            if self._job_ids.get((user_id, render_id)) == job_id:
                del self._job_ids[(user_id, render_id)]
