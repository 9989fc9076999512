"""The render (export) service: jobs stored in SQLite, one background worker, restart-safe.

:meth:`RenderJobs.submit` checks the draft and stores the job ``pending``; jobs
run one at a time on a single worker thread. Progress, status and the
output are written to the store, so a poll never touches the worker. When the
server stops, a running job is interrupted but left ``processing``; on the next
start every unfinished job is queued again from the beginning ("restarted"),
so a client that resumes polling after a restart still gets its file.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.errors import BadRequest, Conflict, NotFound
from photogen.server.media import media_key, new_slot
from photogen.server.renderplan import PlanError, build_plan, check_exportable
from photogen.server.store import DuplicateError, Row, Store
from photogen.wire.render import RenderRequest

log = logging.getLogger("photogen.server")


class RenderJobs:
    """The render queue of one server."""

    def __init__(self, store: Store, config: ServerConfig, engines: Engines) -> None:
        self.store = store
        self.config = config
        self.engines = engines
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="render")
        self._cancels: dict[tuple[str, str], threading.Event] = {}
        self._stopping = threading.Event()
        self._failed_once = False

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
        self._queue(user_id, request.id)

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

    def _queue(self, user_id: str, render_id: str) -> None:
        self._cancels[(user_id, render_id)] = threading.Event()
        self._pool.submit(self._run_logged, user_id, render_id)

    def resume(self) -> int:
        """Queue again every job a previous run left unfinished; returns how many."""
        rows = self.store.unfinished_renders()
        for row in rows:
            self.store.update_render(row["user_id"], row["render_id"], status="pending", progress=0)
            self._queue(row["user_id"], row["render_id"])
        return len(rows)

    def cancel(self, user_id: str, render_id: str) -> Row:
        """Stop a pending or running job (marked cancelled now, the worker stops it soon).

        A finished job is left as it is. Returns the job as it is afterwards.
        """
        if self.get(user_id, render_id)["status"] in ("pending", "processing"):
            self.store.update_render(user_id, render_id, status="cancelled", completed=time.time())
            event = self._cancels.get((user_id, render_id))
            if event is not None:
                event.set()
        return self.get(user_id, render_id)

    def shutdown(self) -> None:
        """Interrupt the running job (left ``processing`` for restart) and stop the worker."""
        self._stopping.set()
        for event in self._cancels.values():
            event.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run_logged(self, user_id: str, render_id: str) -> None:
        try:
            self._run(user_id, render_id)
        except Exception as exc:
            log.exception("render job crashed")
            self._finish_failed(user_id, render_id, f"Render failed ({type(exc).__name__})")
        finally:
            self._cancels.pop((user_id, render_id), None)

    def _run(self, user_id: str, render_id: str) -> None:
        row = self.store.get_render(user_id, render_id)
        if row is None or row["status"] != "pending" or self._stopping.is_set():
            return
        if self._stopping.wait(self.config.scaled(self.config.render_latency_s)):
            return  # shut down while queued: still pending, resumed on the next start
        self.store.update_render(user_id, render_id, status="processing", progress=0)
        if self.config.fail_render_once and not self._failed_once:
            self._failed_once = True
            time.sleep(self.config.scaled(1.0))
            self._finish_failed(user_id, render_id, "Render failed (injected fault); try again")
            return
        try:
            self._render(row)
        except PlanError as exc:
            self._finish_failed(user_id, render_id, str(exc))
        except Exception as exc:
            if self._stopping.is_set():
                return  # left "processing": restarted on the next start
            if self._cancels.get((user_id, render_id), threading.Event()).is_set():
                return  # already marked cancelled
            self._finish_failed(user_id, render_id, str(exc) or type(exc).__name__)

    def _render(self, row: Row) -> None:
        import json

        user_id, render_id, fmt = row["user_id"], row["render_id"], row["format"]
        plan = build_plan(self.store, self.config.media_dir, user_id, json.loads(row["draft"]))
        ext = "jpg" if fmt == "jpeg" else fmt
        slot = new_slot(self.config.media_dir, f"{render_id}.{ext}")
        cancel = self._cancels.setdefault((user_id, render_id), threading.Event())
        if ext == "mp4":
            outcome = self.engines.render(plan, slot.path, self._progress(row), cancel)
            duration, size = outcome.duration_s, outcome.size_bytes
        else:
            self._still(plan.stills[0][0], slot.path, ext)
            duration, size = 0.0, slot.path.stat().st_size
        if cancel.is_set():
            slot.path.unlink(missing_ok=True)
            return
        self.store.add_media(
            slot.key,
            user_id,
            row["session_id"],
            slot.relpath,
            slot.path.name,
            "video" if ext == "mp4" else "image",
        )
        self.store.update_render(
            user_id,
            render_id,
            status="completed",
            progress=100,
            output_key=slot.url,
            duration=duration,
            size=size,
            completed=time.time(),
        )

    def _still(self, source: str, out: Path, ext: str) -> None:
        with Image.open(source) as img:
            self.engines.save_still(img.convert("RGB"), out, ext, {"source": Path(source).name})

    def _progress(self, row: Row):  # noqa: ANN202 - a small closure
        user_id, render_id = row["user_id"], row["render_id"]
        last = [-1]

        def report(value: float) -> None:
            pct = max(0, min(99, int(value)))  # 100 only once the job is completed
            if pct > last[0]:
                last[0] = pct
                self.store.update_render(user_id, render_id, progress=pct)

        return report

    def _finish_failed(self, user_id: str, render_id: str, message: str) -> None:
        self.store.update_render(
            user_id, render_id, status="failed", error=message, completed=time.time()
        )
