"""The job-runner seam: the in-process runner, and the app on a queue-like runner.

:class:`~tests.server.fakes.QueueRunner` stands for a queue backend: jobs cross
as JSON to a worker thread with its own store connection and handlers. The
routes, the turns and the agent are the ones the app always uses.
"""

from __future__ import annotations

import threading

import pytest

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.renderwork import RenderWork
from photogen.server.runner import InProcessRunner, Job, JobContext
from photogen.server.store import Store

from .fakes import QueueRunner, fake_engines, fake_generate, fake_render
from .test_render import _poll_until_done, _ready, _submit


def test_a_job_is_json_and_back():
    job = Job("tool", "u1", "s1", "generate_image", {"prompt": "a mug", "count": 2})
    assert Job.from_json(job.to_json()) == job
    assert Job("render", "u", "s", "r1").id != Job("render", "u", "s", "r1").id


def test_in_process_results_and_progress_from_the_worker():
    seen: list[tuple[float, str, str]] = []

    def tool(job: Job, ctx: JobContext) -> dict:
        ctx.progress(0.5, "half")
        return {"made": job.args["n"] * 2, "thread": threading.current_thread().name}

    runner = InProcessRunner({"tool": tool})
    try:
        done = runner.submit(
            Job("tool", "u", "s", "t", {"n": 21}),
            lambda f, m: seen.append((f, m, threading.current_thread().name)),
        )
        result = done.result(timeout=10)
    finally:
        runner.shutdown()
    assert result["made"] == 42 and result["thread"].startswith("tool")
    assert seen == [(0.5, "half", result["thread"])]


def test_in_process_tools_run_side_by_side_and_renders_one_at_a_time():
    together = threading.Barrier(3, timeout=10)
    active, most = [0], [0]
    lock = threading.Lock()

    def tool(job: Job, ctx: JobContext) -> dict:
        return {"waited": together.wait()}  # breaks (raises) unless three run at once

    def render(job: Job, ctx: JobContext) -> dict:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        ctx.cancel.wait(0.05)
        with lock:
            active[0] -= 1
        return {}

    runner = InProcessRunner({"tool": tool, "render": render})
    try:
        tools = [runner.submit(Job("tool", "u", "s", f"t{i}")) for i in range(3)]
        renders = [runner.submit(Job("render", "u", "s", f"r{i}")) for i in range(3)]
        assert sorted(t.result(timeout=10)["waited"] for t in tools) == [0, 1, 2]
        for r in renders:
            r.result(timeout=10)
    finally:
        runner.shutdown()
    assert most[0] == 1


def test_in_process_cancel_and_shutdown_reach_the_handler():
    started, queued_ran = threading.Event(), threading.Event()
    seen: dict[str, tuple[bool, bool]] = {}

    def render(job: Job, ctx: JobContext) -> dict:
        if job.name == "queued":
            queued_ran.set()
        started.set()
        ctx.cancel.wait(10)
        seen[job.name] = (ctx.cancel.is_set(), ctx.stopping.is_set())
        return {}

    runner = InProcessRunner({"render": render})
    first = Job("render", "u", "s", "first")
    done = runner.submit(first)
    assert started.wait(10)
    runner.cancel(first.id)
    done.result(timeout=10)
    assert seen["first"] == (True, False)  # cancelled, the runner goes on

    started.clear()
    running = runner.submit(Job("render", "u", "s", "running"))
    assert started.wait(10)
    queued = runner.submit(Job("render", "u", "s", "queued"))
    runner.shutdown()
    running.result(timeout=10)
    assert seen["running"] == (True, True)  # interrupted because the runner stops
    assert queued.cancelled() and not queued_ran.is_set()


@pytest.fixture
def queue_server(server):
    """``queue_server(**config) -> (LiveServer, [QueueRunner])`` on the queue-like runner."""
    made: list[QueueRunner] = []

    def start(**overrides):
        def factory(env):
            runner = QueueRunner(env)
            made.append(runner)
            return runner

        return server(runner=factory, **overrides), made

    return start


def test_the_app_runs_turns_and_renders_through_another_runner(queue_server, api_for):
    srv, made = queue_server(engines=fake_engines(), render_shape="A")
    api = api_for(srv.url)
    state = _ready(api, "photo: a mug on a desk")
    (media,) = state["generated_media"]
    assert media["prompt"] == "a mug on a desk" and media["engine"] == "fake"
    assert api.credits() == {"available": 90, "frozen": 0, "total": 90}
    assert _submit(api, state["draft"], rid="via_queue").json()["status"] == "pending"
    assert _poll_until_done(api, "via_queue")[-1]["status"] == "completed"
    assert api.get("/api/render/proxy/via_queue/download").content.startswith(b"\x00\x00\x00\x18")
    (runner,) = made
    kinds = [(job.kind, job.name) for job in runner.seen]
    assert kinds == [("tool", "generate_image"), ("render", "via_queue")]
    assert runner.seen[0].user_id == runner.seen[1].user_id


def test_progress_and_cancel_cross_the_queue(queue_server, api_for):
    started = threading.Event()

    def slow_render(plan, out, progress, cancel):
        started.set()
        progress(30.0)
        if cancel.wait(30):
            raise RuntimeError("cancelled")
        return fake_render(plan, out, progress, cancel)

    def stepped(prompt, seed, aspect, progress=None, cancel=None):
        if progress is not None:
            progress(0.5)
        return fake_generate(prompt, seed, aspect)

    srv, _ = queue_server(
        engines=fake_engines(generate=stepped, render=slow_render), render_shape="A"
    )
    api = api_for(srv.url)
    frames = api.run("photos2: two mugs")
    percents = [
        part["functionResponse"]["response"]["progress"]
        for f in frames
        if isinstance(f, dict) and f.get("partial") and "content" in f
        for part in f["content"]["parts"]
        if "functionResponse" in part
    ]
    assert percents == [25, 50, 75]  # half of photo 1, photo 1 done, half of photo 2
    api.run("use 1")
    state = api.state()
    _submit(api, state["draft"], rid="slow")
    assert started.wait(10)
    assert api.get("/api/render/proxy/lambda/slow").json()["progress"] == 30
    assert api.post("/api/render/proxy/lambda/slow/cancel").json()["status"] == "cancelled"
    started.clear()
    _submit(api, state["draft"], rid="after")  # the one worker is free again only if it stopped
    assert started.wait(10)
    assert api.get("/api/render/proxy/lambda/slow").json()["status"] == "cancelled"


def test_a_render_cancelled_while_it_waits_to_start_stops_and_stays_cancelled(tmp_path):
    config = ServerConfig(data_dir=tmp_path, time_scale=1.0, render_latency_s=600)
    store = Store(config.db_path)
    try:
        store.create_render("u", "waiting", "s", "mp4", {"t": []}, 0.0)
        work = RenderWork(store, config, Engines(render=fake_render))
        ctx = JobContext()
        job = Job("render", "u", "s", "waiting")
        worker = threading.Thread(target=work, args=(job, ctx), daemon=True)
        worker.start()
        store.update_render("u", "waiting", status="cancelled")
        ctx.cancel.set()  # what RenderJobs.cancel does through the runner
        worker.join(timeout=10)
        assert not worker.is_alive(), "the queue wait did not end on cancel"
        assert store.get_render("u", "waiting")["status"] == "cancelled"
    finally:
        store.close()
