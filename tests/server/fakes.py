"""Stand-ins for the server tests: a keyword agent, light engines, a queue-like job runner.

mypy checks them (``[tool.mypy] files``): the agent against
:class:`photogen.server.agent.Agent`, the engines against the fields of
:class:`photogen.server.engines.Engines`, the runner against
:class:`photogen.server.runner.JobRunner`, with the real types.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PIL import Image

from photogen.server.agent import Action, Agent, AgentContext, Say, ToolStep
from photogen.server.engines import (
    Engines,
    GeneratedLike,
    ProgressFn,
    RenderOutcome,
    RenderPlan,
)
from photogen.server.runner import (
    Handler,
    Job,
    JobContext,
    JobRunner,
    Json,
    WorkEnv,
)
from photogen.server.runner import ProgressFn as JobProgressFn
from photogen.server.store import Store
from photogen.server.work import handlers

# --- a stand-in agent with the real plan types --------------------------------


class StandInAgent:
    """Plans from fixed keywords, so each test knows exactly which tools run.

    ``photo: P`` generates P; ``photos2: P`` a grid of two; ``use N`` puts candidate N
    on the timeline; ``edit`` edits the latest upload; ``music`` adds lo-fi;
    ``title: T``; ``ops: [json]`` raw timeline ops;
    ``bogus`` calls an unknown tool; ``crash`` raises in planning; else says hello.
    """

    def __init__(self) -> None:
        self.contexts: list[AgentContext] = []

    def plan_turn(self, text: str, ctx: AgentContext) -> list[Action]:
        self.contexts.append(ctx)
        if text.startswith("photo: "):
            args = {"prompt": text[7:], "aspect_ratio": "1:1", "seed": 7, "count": 1}
            return [Say("Making your photo."), ToolStep("generate_image", args, True)]
        if text.startswith("photos2: "):
            args = {"prompt": text[9:], "aspect_ratio": "9:16", "seed": 1, "count": 2}
            return [ToolStep("generate_image", args, True)]
        if text.startswith("use "):
            return [ToolStep("use_candidate", {"index": int(text[4:])})]
        if text == "edit":
            args = {"source_url": None, "background": "white", "aspect_ratio": "1:1"}
            return [ToolStep("edit_image", args, True)]
        if text == "music":
            ops = [{"op": "add_music", "source": "builtin:lofi", "name": "Lo-fi", "volume": 0.4}]
            return [ToolStep("edit_multitrack", {"operations": ops})]
        if text.startswith("ops: "):
            return [ToolStep("edit_multitrack", {"operations": json.loads(text[5:])})]
        if text.startswith("title: "):
            ops = [{"op": "add_title", "text": text[7:], "start_ms": 0, "duration_ms": 2000}]
            return [ToolStep("edit_multitrack", {"operations": ops})]
        if text == "bogus":
            return [ToolStep("no_such_tool", {}), Say("still here")]
        if text == "crash":
            raise RuntimeError("planner exploded")
        return [Say("Hello! Tell me what photo to make, in a few words.")]

    def describe_results(
        self, step: ToolStep, result: dict[str, Any], ctx: AgentContext
    ) -> str | None:
        if step.name in ("generate_image", "edit_image") and result.get("status") == "success":
            return f"Here is your photo ({result['width']}x{result['height']})."
        return None


# --- light engines: tiny images, a fake MP4 writer that reports progress ------


@dataclass(frozen=True)
class FakeGenerated:
    """A generated photo, as the engines return one."""

    image: Image.Image
    seed: int
    engine: str = "fake"
    notes: tuple[str, ...] = ("fake",)


def fake_generate(
    prompt: str,
    seed: int,
    aspect: str,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> GeneratedLike:
    width, height = (48, 64) if aspect == "9:16" else (64, 64)
    return FakeGenerated(Image.new("RGB", (width, height), (seed * 37 % 256, 120, 200)), seed)


def fake_edit(image: Image.Image, options: dict[str, Any]) -> Image.Image:
    return image.copy()


def fake_save(image: Image.Image, path: Path, fmt: str, meta: dict[str, Any]) -> None:
    image.save(path, format={"jpg": "JPEG", "jpeg": "JPEG"}.get(fmt, fmt.upper()))


def fake_render(
    plan: RenderPlan, out: Path, progress: Callable[[float], None], cancel: threading.Event
) -> RenderOutcome:
    for pct in range(0, 101, 10):
        if cancel.is_set():
            raise RuntimeError("cancelled")
        progress(float(pct))
        time.sleep(0.02)
    out.write_bytes(b"\x00\x00\x00\x18ftypisom" + json.dumps(plan.__dict__, default=str).encode())
    return RenderOutcome(duration_s=sum(s[1] for s in plan.stills), size_bytes=out.stat().st_size)


def fake_engines(**overrides: Any) -> Engines:
    """Engines that are instant; aspect uses the real size table."""
    engines = Engines(
        generate=fake_generate,
        edit=fake_edit,
        save_still=fake_save,
        render=fake_render,
    )
    return replace(engines, **overrides)


AS_AN_AGENT: Agent = StandInAgent()
"""mypy checks here that the stand-in has the shape of :class:`Agent`."""


# --- a job runner shaped like a queue backend ----------------------------------


class QueueRunner:
    """Jobs go as JSON through a queue to one worker thread with its own store connection.

    Like a Celery or arq worker on another machine: the worker builds its own
    handlers from the config (:func:`photogen.server.work.handlers`), sees only
    ``job.to_json()``, and its progress and results come back as JSON. ``seen``
    lists every job the server handed over, in order.
    """

    def __init__(self, env: WorkEnv) -> None:
        self._worker_store = Store(env.config.db_path)
        self._handlers: Mapping[str, Handler] = handlers(
            WorkEnv(env.config, self._worker_store, env.engines)
        )
        self._broker: queue.Queue[str | None] = queue.Queue()
        self._waiting: dict[str, tuple[Future[Json], JobProgressFn | None]] = {}
        self._revoked: dict[str, threading.Event] = {}
        self._stopping = threading.Event()
        self.seen: list[Job] = []
        self._worker = threading.Thread(target=self._work, name="queue-worker", daemon=True)
        self._worker.start()

    def submit(self, job: Job, on_progress: JobProgressFn | None = None) -> Future[Json]:
        done: Future[Json] = Future()
        self.seen.append(job)
        self._waiting[job.id] = (done, on_progress)
        self._revoked[job.id] = threading.Event()
        self._broker.put(job.to_json())
        return done

    def cancel(self, job_id: str) -> None:
        if job_id in self._revoked:
            self._revoked[job_id].set()

    def shutdown(self) -> None:
        self._stopping.set()
        for event in list(self._revoked.values()):
            event.set()
        self._broker.put(None)
        self._worker.join(timeout=30)
        for done, _ in self._waiting.values():
            done.cancel()
        self._worker_store.close()

    def _work(self) -> None:
        while (message := self._broker.get()) is not None:
            if self._stopping.is_set():
                continue  # queued when the server stopped: dropped, as a broker purge would
            job = Job.from_json(message)
            ctx = JobContext(self._progress_of(job.id), self._revoked[job.id], self._stopping)
            try:
                result = self._handlers[job.kind](job, ctx)
            except Exception as exc:  # the broker would carry the failure back
                self._finish(job.id, exc=exc)
            else:
                self._finish(job.id, result=json.loads(json.dumps(result)))

    def _progress_of(self, job_id: str) -> JobProgressFn:
        """The worker side of progress: a JSON message back to the server."""

        def report(fraction: float, note: str) -> None:
            self._reply(job_id, json.dumps({"progress": [fraction, note]}))

        return report

    def _reply(self, job_id: str, message: str) -> None:
        on_progress = self._waiting[job_id][1]
        if on_progress is not None:
            fraction, note = json.loads(message)["progress"]
            on_progress(fraction, note)

    def _finish(
        self, job_id: str, result: Json | None = None, exc: Exception | None = None
    ) -> None:
        done, _ = self._waiting.pop(job_id)
        self._revoked.pop(job_id, None)
        if exc is not None:
            done.set_exception(exc)
        else:
            done.set_result(result or {})


def queue_runner(env: WorkEnv) -> JobRunner:
    """A :class:`QueueRunner` as a runner factory (mypy checks it is a ``JobRunner``)."""
    return QueueRunner(env)
