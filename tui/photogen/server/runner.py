"""The job-runner seam: every piece of heavy work the server does goes through one runner.

Two kinds of work exist: ``"tool"`` (an agent tool call inside a chat turn) and
``"render"`` (an export). Each is described by a :class:`Job`, a small
JSON-serialisable record, and carried out by a handler
(``(job, JobContext) -> dict``, see :mod:`photogen.server.work`) that needs only
a :class:`WorkEnv`: the server's config, store and engines. The runner decides
*where* a handler runs:

- :class:`InProcessRunner` (the default): thread pools in this process, one per
  kind: tool calls side by side, renders one at a time.
- A queue backend (Celery, Dramatiq or arq with Redis; Ray Serve) implements the
  same :class:`JobRunner` protocol: ``submit`` sends ``job.to_json()`` to a queue,
  a worker on a GPU box rebuilds the handlers with
  :func:`photogen.server.work.handlers` and runs the job, progress comes back on
  the backend's channel, and the result completes the returned future. Routes,
  turns and the agent do not change (README, "Scaling out").

Render handlers write their progress and result to the store (polls read it
there); tool handlers return the function response, and their progress goes to
the ``on_progress`` callback given to :meth:`JobRunner.submit`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.store import Store

log = logging.getLogger("photogen.server")

Json = dict[str, Any]
ProgressFn = Callable[[float, str], None]
"""``(fraction done 0-1, message)``; may be called from any thread."""


@dataclass(frozen=True)
class Job:
    """One unit of work, small enough to go through a queue as JSON.

    Attributes:
        kind: ``"tool"`` or ``"render"``: which handler runs it.
        user_id: Who it acts for.
        session_id: The session it belongs to.
        name: The tool's name, or the render id.
        args: The tool's arguments (``{}`` for a render: the job is in the store).
        id: Unique id of this job (cancel by it).
    """

    kind: str
    user_id: str
    session_id: str
    name: str
    args: Json = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> str:
        """The job as a JSON string (what a queue carries)."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Job:
        """The job back from :meth:`to_json`."""
        return cls(**json.loads(text))


def _no_progress(fraction: float, message: str) -> None:
    """The progress sink of a job nobody watches."""


@dataclass
class JobContext:
    """What a handler gets besides its job.

    Attributes:
        progress: Report how far the job is (0-1) and a short note.
        cancel: Set when the job should stop: cancelled, or the runner is stopping.
        stopping: Set only when the runner is stopping (the job may be restarted later).
    """

    progress: ProgressFn = _no_progress
    cancel: threading.Event = field(default_factory=threading.Event)
    stopping: threading.Event = field(default_factory=threading.Event)


Handler = Callable[[Job, JobContext], Json]
"""Carries out one job; blocking."""


class JobRunner(Protocol):
    """Where jobs run. Methods are called from the event loop and must not block."""

    def submit(self, job: Job, on_progress: ProgressFn | None = None) -> Future[Json]:
        """Start ``job``; the future gets the handler's result (or its exception)."""
        ...

    def cancel(self, job_id: str) -> None:
        """Ask a queued or running job to stop (its handler decides what that leaves)."""
        ...

    def shutdown(self) -> None:
        """Stop taking jobs, interrupt the running ones, wait for them (blocking)."""
        ...


@dataclass(frozen=True)
class WorkEnv:
    """What handlers act on: the settings, the store and the engines."""

    config: ServerConfig
    store: Store
    engines: Engines


RunnerFactory = Callable[[WorkEnv], JobRunner]
"""``env -> runner``; :func:`photogen.server.work.in_process` is the default one."""

DEFAULT_WORKERS: Mapping[str, int] = {"tool": min(32, (os.cpu_count() or 1) + 4), "render": 1}
"""Threads per kind: tools as wide as asyncio's default executor, renders one at a time."""


class InProcessRunner:
    """Runs each kind's handler on its own thread pool in this process.

    Args:
        handlers: The handler of each job kind.
        workers: Threads per kind (:data:`DEFAULT_WORKERS` when None).
    """

    def __init__(
        self, handlers: Mapping[str, Handler], workers: Mapping[str, int] | None = None
    ) -> None:
        self._handlers = dict(handlers)
        sizes = {**DEFAULT_WORKERS, **(workers or {})}
        self._pools = {
            kind: ThreadPoolExecutor(max_workers=sizes.get(kind, 1), thread_name_prefix=kind)
            for kind in self._handlers
        }
        self._running: dict[str, JobContext] = {}
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def submit(self, job: Job, on_progress: ProgressFn | None = None) -> Future[Json]:
        """Queue ``job`` on its kind's pool."""
        ctx = JobContext(on_progress or _no_progress, stopping=self._stopping)
        if self._stopping.is_set():
            ctx.cancel.set()
        with self._lock:
            self._running[job.id] = ctx
        return self._pools[job.kind].submit(self._run, job, ctx)

    def cancel(self, job_id: str) -> None:
        """Set the job's cancel event (a queued job still starts, sees it and stops)."""
        with self._lock:
            ctx = self._running.get(job_id)
        if ctx is not None:
            ctx.cancel.set()

    def shutdown(self) -> None:
        """Interrupt every job, drop the queued ones, wait for the running ones."""
        self._stopping.set()
        with self._lock:
            contexts = list(self._running.values())
        for ctx in contexts:
            ctx.cancel.set()
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, job: Job, ctx: JobContext) -> Json:
        try:
            return self._handlers[job.kind](job, ctx)
        finally:
            with self._lock:
                self._running.pop(job.id, None)
