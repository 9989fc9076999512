"""Export jobs: cancel really stops a job, crashes never leave it running, a completed
render without a URL is polled until it has one, partial folders are removed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from photogen.client.errors import TransportError
from photogen.core import jobs as jobs_module
from photogen.core.jobs import PARTIAL_DIR, ExportRunner, JobUpdate
from photogen.core.store import JobRecord, Store
from photogen.wire.render import RenderStatus

from .conftest import make_settings
from .fakes import FakeClient, make_state

DRAFT = {"d": 1000, "m": {"title": "mug"}, "t": [{"tt": 0, "sg": [{"d": 1000, "m": {"url": "u"}}]}]}


class RenderClient(FakeClient):
    """A FakeClient with the render calls: ``polls`` are played back in order."""

    def __init__(self, polls: list[Any], tmp: Path) -> None:
        super().__init__(states=[make_state(DRAFT)])
        self.polls = list(polls)
        self.cancelled: list[str] = []
        self.polling = asyncio.Event()
        self.gate: asyncio.Event | None = None
        self.image = tmp / "src.png"
        Image.new("RGB", (8, 8), (200, 0, 0)).save(self.image)

    async def submit_render(self, session_id: str, draft: Any, fmt: str) -> RenderStatus:
        return RenderStatus(id="render_1", status="pending")

    async def poll_render(self, render_id: str) -> RenderStatus:
        self.polling.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.cancelled:
            return RenderStatus(id=render_id, status="cancelled")
        nxt = self.polls.pop(0) if self.polls else RenderStatus(id=render_id, status="processing")
        if isinstance(nxt, BaseException):
            raise nxt
        return nxt

    async def cancel_render(self, render_id: str) -> None:
        self.cancelled.append(render_id)

    async def download(self, url: str, dest_dir: Path, filename: str, progress: Any = None, *,
                       render_id: str | None = None) -> Path:  # fmt: skip
        self.downloads.append(url)
        dest_dir.mkdir(parents=True, exist_ok=True)
        path = dest_dir / filename
        path.write_bytes(self.image.read_bytes() if filename.endswith(".png") else b"\0\0\0\0ftyp")
        return path


async def _no_sleep(_: float) -> None:
    return None


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "data" / "db.sqlite")
    yield s
    s.close()


def runner(client: Any, store: Store, root: Path, **changes: Any) -> ExportRunner:
    settings = make_settings(root, render_max_polls=changes.pop("render_max_polls", 5), **changes)
    return ExportRunner(client, store, settings, "http://test", sleep=_no_sleep)


def notes(store: Store, session_id: str = "s1") -> list[str]:
    return [m.text for m in store.history(session_id)]


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


async def collect(stream: AsyncIterator[JobUpdate]) -> list[JobUpdate]:
    return [u async for u in stream]


# --- cancel ------------------------------------------------------------------------


async def test_cancelling_an_mp4_render_ends_cancelled_once(tmp_path, store):
    client = RenderClient([], tmp_path)
    client.gate = asyncio.Event()  # the worker is mid-poll when the user cancels
    r = runner(client, store, tmp_path)
    consumer = asyncio.create_task(collect(r.export("s1", "mp4")))
    await client.polling.wait()
    job = store.jobs("s1")[0]
    cancelled = await r.cancel(job)
    client.gate.set()  # without the fix the worker now sees "cancelled" and fails the job
    updates = await consumer
    assert cancelled.state == "cancelled"
    assert client.cancelled == ["render_1"]
    assert updates[-1].job.state == "cancelled" and updates[-1].done
    assert store.get_job(job.id).state == "cancelled"
    assert notes(store) == ["Export mp4 cancelled."]
    assert files(r.settings.download_dir) == []


async def test_server_side_cancelled_render_is_cancelled_not_failed(tmp_path, store):
    client = RenderClient([RenderStatus(id="render_1", status="cancelled")], tmp_path)
    r = runner(client, store, tmp_path)
    updates = await collect(r.export("s1", "mp4"))
    assert updates[-1].job.state == "cancelled" and updates[-1].job.error is None
    assert notes(store) == ["Export mp4 cancelled."]


async def test_cancelling_a_still_during_conversion_leaves_no_file(tmp_path, store, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = jobs_module.convert_still

    def slow_convert(*args: Any) -> Path:
        started.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(jobs_module, "convert_still", slow_convert)
    client = RenderClient([], tmp_path)
    r = runner(client, store, tmp_path)
    consumer = asyncio.create_task(collect(r.export("s1", "png", source_url="http://x/a.png")))
    assert await asyncio.to_thread(started.wait, 10)
    job = store.jobs("s1")[0]
    cancelling = asyncio.create_task(r.cancel(job))
    await asyncio.sleep(0)  # one turn of the loop: cancel() reaches the worker first
    release.set()
    cancelled = await cancelling
    updates = await consumer
    assert cancelled.state == "cancelled"
    assert updates[-1].job.state == "cancelled"
    assert store.get_job(job.id).state == "cancelled"
    assert notes(store) == ["Export png cancelled."]
    assert files(r.settings.download_dir) == []


async def test_cancelling_a_finished_job_changes_nothing(tmp_path, store):
    client = RenderClient([RenderStatus(id="render_1", status="completed", url="/f.mp4")], tmp_path)
    r = runner(client, store, tmp_path)
    done = (await collect(r.export("s1", "mp4")))[-1].job
    again = await r.cancel(done)
    assert again.state == "completed" and store.get_job(done.id).state == "completed"
    assert client.cancelled == []


# --- a crashing worker --------------------------------------------------------------


@pytest.mark.parametrize("value", [float("inf"), float("nan"), "50", 1e300])
async def test_odd_progress_values_never_crash_the_job(tmp_path, store, value):
    odd = RenderStatus.model_construct(id="render_1", status="processing", progress=value)
    done = RenderStatus(id="render_1", status="completed", url="/f.mp4")
    client = RenderClient([odd, done], tmp_path)
    updates = await collect(runner(client, store, tmp_path).export("s1", "mp4"))
    assert updates[-1].job.state == "completed", updates[-1].message
    assert all(isinstance(u.job.progress, int) and 0 <= u.job.progress <= 100 for u in updates)


async def test_any_exception_in_a_worker_fails_the_job(tmp_path, store):
    boom = OverflowError("cannot convert float infinity to integer")
    client = RenderClient([boom], tmp_path)
    r = runner(client, store, tmp_path)
    updates = await collect(r.export("s1", "mp4"))
    job = store.get_job(updates[-1].job.id)
    assert job.state == "failed" and not job.active
    assert "OverflowError" in (job.error or "")
    assert r.unfinished() == []  # never resumed (and crashed) again


async def test_a_job_that_crashes_on_resume_is_failed_not_left_active(tmp_path, store):
    client = RenderClient([RuntimeError("boom")], tmp_path)
    r = runner(client, store, tmp_path)
    stuck = JobRecord(id="job_x", session_id="s1", format="mp4", state="processing",
                      backend_url="http://test", render_id="render_1")  # fmt: skip
    store.save_job(stuck)
    updates = await collect(r.resume(r.unfinished()[0]))
    assert updates[-1].job.state == "failed"
    assert r.unfinished() == []


# --- completed without a URL --------------------------------------------------------


async def test_completed_without_url_keeps_polling_until_the_url_comes(tmp_path, store):
    polls = [
        RenderStatus(id="render_1", status="completed"),
        RenderStatus(id="render_1", status="completed", url="/media/k/clip.mp4"),
    ]
    client = RenderClient(polls, tmp_path)
    r = runner(client, store, tmp_path, render_max_polls=5)
    updates = await collect(r.export("s1", "mp4"))
    assert updates[-1].job.state == "completed", updates[-1].message
    assert client.downloads == ["/media/k/clip.mp4"]
    assert client.polls == []  # both polls were read


async def test_a_url_that_never_comes_falls_back_to_the_render_route(tmp_path, store):
    client = RenderClient([RenderStatus(id="render_1", status="completed")] * 3, tmp_path)
    r = runner(client, store, tmp_path, render_max_polls=3)
    updates = await collect(r.export("s1", "mp4"))
    assert updates[-1].job.state == "completed", updates[-1].message
    assert client.downloads == ["/api/render/proxy/render_1/download"]
    assert Path(updates[-1].job.path or "").exists()


# --- partial folders ----------------------------------------------------------------


async def test_failed_download_leaves_no_partial_folder(tmp_path, store):
    class Failing(RenderClient):
        async def download(self, url: str, dest_dir: Path, filename: str, progress: Any = None,
                           *, render_id: str | None = None) -> Path:  # fmt: skip
            dest_dir.mkdir(parents=True, exist_ok=True)
            (dest_dir / ".download-x.part").write_bytes(b"half")
            raise TransportError("Could not reach the server (/f.mp4): ReadError")

    client = Failing([RenderStatus(id="render_1", status="completed", url="/f.mp4")], tmp_path)
    r = runner(client, store, tmp_path)
    updates = await collect(r.export("s1", "mp4"))
    assert updates[-1].job.state == "failed"
    assert not (r.settings.download_dir / PARTIAL_DIR).exists()
    assert files(r.settings.download_dir) == []


# --- the export loop: one resubmit of a failed job, a bound on polls ---------------------


class CountingSubmits(RenderClient):
    """Each submission gets a new render id, as the contract asks for a retry."""

    def __init__(self, polls: list[Any], tmp: Path) -> None:
        super().__init__(polls, tmp)
        self.submitted: list[str] = []

    async def submit_render(self, session_id: str, draft: Any, fmt: str) -> RenderStatus:
        self.submitted.append(f"render_{len(self.submitted) + 1}")
        return RenderStatus(id=self.submitted[-1], status="pending")


async def test_a_failed_render_is_submitted_once_more_with_a_new_id(tmp_path, store):
    polls = [
        RenderStatus(id="render_1", status="processing", progress=50),
        RenderStatus(id="render_1", status="failed", error="encoder crashed"),
        RenderStatus(id="render_2", status="processing", progress=10),
        RenderStatus(id="render_2", status="completed", url="/media/k/clip.mp4"),
    ]
    client = CountingSubmits(polls, tmp_path)
    updates = await collect(runner(client, store, tmp_path).export("s1", "mp4"))
    assert updates[-1].job.state == "completed", updates[-1].message
    assert client.submitted == ["render_1", "render_2"]
    assert updates[-1].job.render_id == "render_2"


async def test_a_second_failure_ends_the_job_failed(tmp_path, store):
    polls = [RenderStatus(id="r", status="failed", error="boom")] * 2
    client = CountingSubmits(polls, tmp_path)
    updates = await collect(runner(client, store, tmp_path).export("s1", "mp4"))
    assert updates[-1].job.state == "failed" and "boom" in (updates[-1].job.error or "")
    assert len(client.submitted) == 2


async def test_polls_are_bounded_then_the_export_times_out(tmp_path, store):
    client = RenderClient([], tmp_path)  # always "processing"
    updates = await collect(runner(client, store, tmp_path, render_max_polls=3).export("s1", "mp4"))
    assert updates[-1].job.state == "failed"
    assert "longer than expected" in (updates[-1].job.error or "")
    assert client.downloads == []
