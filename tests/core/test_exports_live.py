"""Exports against the real server: MP4 render and PNG/JPG stills, never overwriting,
and resume after a restart."""

from __future__ import annotations

from contextlib import aclosing
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from photogen.core.errors import NothingToExport, describe_error
from photogen.core.jobs import JobUpdate
from photogen.core.workspace import Workspace

from .conftest import OpenWs

PROMPT = "generate a realistic photo of a red mug on a white background"


async def run_export(ws: Workspace, fmt: str | None) -> list[JobUpdate]:
    return [u async for u in ws.export(fmt)]


async def ready(ws: Workspace) -> None:
    async for _ in ws.send(PROMPT):
        pass


async def test_nothing_to_export_is_a_clear_error(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url)
    for fmt in ("mp4", "png"):
        with pytest.raises(NothingToExport) as info:
            await run_export(ws, fmt)
        assert describe_error(info.value).title == "Nothing to export yet."


@pytest.mark.slow
async def test_mp4_export_lands_on_disk_and_never_overwrites(
    live_server: Any, open_ws: OpenWs
) -> None:
    ws = await open_ws(live_server().url)
    await ready(ws)
    first = await run_export(ws, None)  # the default format: mp4
    states = [u.job.state for u in first]
    assert states[-1] == "completed", first[-1].message
    assert "pending" in states or "processing" in states
    path = Path(first[-1].job.path or "")
    assert path.parent == ws.settings.download_dir and path.suffix == ".mp4"
    assert path.read_bytes()[4:8] == b"ftyp"
    second = await run_export(ws, "mp4")
    other = Path(second[-1].job.path or "")
    assert other != path and path.exists() and other.exists()
    assert [j.state for j in ws.jobs()] == ["completed", "completed"]
    assert not (ws.settings.download_dir / ".photogen-partial").exists()


async def test_still_exports_convert_locally(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url, jpg_quality=70)
    await ready(ws)
    paths = []
    for fmt in ("png", "png", "jpg", "webp"):
        updates = await run_export(ws, fmt)
        job = updates[-1].job
        assert job.state == "completed", updates[-1].message
        assert job.render_id is None  # never the server's render call
        paths.append(Path(job.path or ""))
    assert len(set(paths)) == 4
    with Image.open(paths[0]) as png:
        assert png.format == "PNG"
    with Image.open(paths[2]) as jpg:
        assert jpg.format == "JPEG" and jpg.size == (1080, 1080)
    with Image.open(paths[3]) as webp:
        assert webp.format == "WEBP"


@pytest.mark.slow
async def test_a_running_job_resumes_after_a_restart(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    server = live_server()
    ws = await open_ws(server.url, root=tmp_path, render_poll_s=5.0)
    await ready(ws)
    async with aclosing(ws.export("mp4")) as updates:
        async for update in updates:
            if update.job.render_id:
                job_id = update.job.id
                break  # the app quits while the render runs
    await ws.close()
    assert ws.store.path.exists()

    again = await open_ws(server.url, root=tmp_path)
    resumed = await again.resume_jobs()
    assert len(resumed) == 1
    last = [u async for u in resumed[0]][-1]
    assert last.job.id == job_id and last.job.state == "completed", last.message
    assert Path(last.job.path or "").read_bytes()[4:8] == b"ftyp"
    assert await again.resume_jobs() == []
    assert again.session.id == ws.session.id  # the restart reopened the session
    saved = [m.text for m in again.history() if m.text.startswith("Saved ")]
    assert saved == [f"Saved {last.job.path}"]


async def test_a_render_that_fails_once_is_retried_and_lands(
    live_server: Any, open_ws: OpenWs
) -> None:
    ws = await open_ws(live_server(fail_render_once=True).url)
    await ready(ws)
    updates = await run_export(ws, "mp4")
    assert updates[-1].job.state == "completed", updates[-1].message
    assert any("trying again with a new id" in u.message for u in updates)
    assert Path(updates[-1].job.path or "").read_bytes()[4:8] == b"ftyp"


async def test_a_saved_file_that_is_gone_is_shown_missing(
    live_server: Any, open_ws: OpenWs
) -> None:
    ws = await open_ws(live_server().url)
    await ready(ws)
    kept, gone = [Path((await run_export(ws, "png"))[-1].job.path or "") for _ in range(2)]
    gone.unlink()
    assert [job.state for job in ws.jobs()] == ["completed", "missing"]
    notes = [m.text for m in ws.history() if m.text.startswith("Saved ")]
    assert notes == [f"Saved {kept}", f"Saved {gone} — the file is no longer there"]
    assert ws.store.jobs()[-1].state == "completed"  # only what is shown changes
