"""The embedded server dies mid-export: the app notices, restarts it on the same data, and
the export lands."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from contextlib import aclosing
from pathlib import Path

import pytest

from photogen.core.workspace import Workspace

from .conftest import make_settings


@pytest.mark.slow
async def test_a_killed_server_is_restarted_and_the_export_lands(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, candidates=1)  # one photo, on the timeline to export
    ws = await Workspace.open(settings, server_args=["--render-latency-s", "1.5"])
    heard: list[tuple[float, str, str]] = []
    watcher = asyncio.create_task(
        ws.keep_server_alive(lambda phase, text: heard.append((time.monotonic(), phase, text)), 0.2)
    )
    try:
        async for _ in ws.send("a lighthouse at dusk"):
            pass
        messages: list[str] = []
        async with aclosing(ws.export("mp4")) as updates:
            async for update in updates:
                messages.append(update.message)
                if update.job.render_id and ws.server and ws.server.process and not heard:
                    killed_at = time.monotonic()
                    os.kill(ws.server.process.pid, signal.SIGKILL)
                last = update
        assert last.job.state == "completed", messages
        assert Path(last.job.path or "").read_bytes()[4:8] == b"ftyp"
        assert any("Can't reach the server" in m for m in messages)  # it spanned the death
        phases = [phase for _, phase, _ in heard]
        assert phases[:2] == ["offline", "ready"], heard
        assert heard[0][0] - killed_at < 3.0  # noticed within a few seconds
        assert ws.server is not None and ws.server.running
        assert (await ws.credits()).available == 100  # the same data: the same account
        assert [m.text for m in ws.history()][0] == "a lighthouse at dusk"
    finally:
        watcher.cancel()
        await ws.close()
