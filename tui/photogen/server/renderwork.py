"""The render handler: one export job carried out, its progress and result in the store.

It runs on a job-runner worker (:mod:`photogen.server.runner`), given only the
job's user and render id: everything else is read from the store, so a worker
on another machine can run it as well. A job interrupted because the runner is
stopping is left ``processing`` (restarted on the next start); a cancelled one
stops and keeps its ``cancelled`` status.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.media import new_slot
from photogen.server.renderplan import PlanError, build_plan
from photogen.server.runner import Job, JobContext, Json
from photogen.server.store import Row, Store
from photogen.wire.formats import BY_EXT, EXPORT_NAMES

log = logging.getLogger("photogen.server")


class RenderWork:
    """Carries out ``"render"`` jobs for one store."""

    def __init__(self, store: Store, config: ServerConfig, engines: Engines) -> None:
        self.store = store
        self.config = config
        self.engines = engines
        self._failed_once = False

    def __call__(self, job: Job, ctx: JobContext) -> Json:
        """Run the render ``job.name`` of ``job.user_id``; returns ``{"status": ...}``."""
        try:
            self._run(job.user_id, job.name, ctx)
        except Exception as exc:
            log.exception("render job crashed")
            self._finish_failed(job.user_id, job.name, f"Render failed ({type(exc).__name__})")
        row = self.store.get_render(job.user_id, job.name)
        return {"status": row["status"] if row else "gone"}

    def _run(self, user_id: str, render_id: str, ctx: JobContext) -> None:
        row = self.store.get_render(user_id, render_id)
        if row is None or row["status"] != "pending" or ctx.cancel.is_set():
            return
        if ctx.cancel.wait(self.config.scaled(self.config.render_latency_s)):
            return  # cancelled while queued, or shut down: still pending, resumed next start
        self.store.update_render(user_id, render_id, status="processing", progress=0)
        if self.config.fail_render_once and not self._failed_once:
            self._failed_once = True
            time.sleep(self.config.scaled(1.0))
            self._finish_failed(user_id, render_id, "Render failed (injected fault); try again")
            return
        try:
            self._render(row, ctx)
        except PlanError as exc:
            self._finish_failed(user_id, render_id, str(exc))
        except Exception as exc:
            if ctx.cancel.is_set():
                return  # shut down: left "processing" for a restart; or already cancelled
            self._finish_failed(user_id, render_id, str(exc) or type(exc).__name__)

    def _render(self, row: Row, ctx: JobContext) -> None:
        user_id, render_id, fmt = row["user_id"], row["render_id"], row["format"]
        plan = build_plan(self.store, self.config.media_dir, user_id, json.loads(row["draft"]))
        ext = EXPORT_NAMES[fmt]
        slot = new_slot(self.config.media_dir, f"{render_id}.{ext}")
        if ext == "mp4":
            outcome = self.engines.render(plan, slot.path, self._progress(row), ctx.cancel)
            duration, size = outcome.duration_s, outcome.size_bytes
        else:
            self._still(plan.stills[0][0], slot.path, ext)
            duration, size = 0.0, slot.path.stat().st_size
        if ctx.cancel.is_set():
            slot.path.unlink(missing_ok=True)
            return
        kind = BY_EXT[ext].kind
        self.store.add_media(
            slot.key, user_id, row["session_id"], slot.relpath, slot.path.name, kind
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

    def _progress(self, row: Row) -> Callable[[float], None]:
        """The renderer's progress (0-100) into the store, 99 at most, only when it grows."""
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
