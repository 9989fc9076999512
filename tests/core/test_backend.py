"""The embedded server as a child process: start, health, stop, no orphan, clear errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import httpx
import pytest

from photogen.core.backend import EmbeddedServer
from photogen.core.errors import ServerStartError, describe_error


async def test_start_health_stop_leaves_no_process(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "srv", startup_timeout_s=60)
    url = await server.start()
    try:
        assert url.startswith("http://127.0.0.1:") and server.port
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{url}/health")).status_code == 200
        pid = server.process.pid  # type: ignore[union-attr]
        assert server.running
    finally:
        await server.stop()
    assert not server.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: no orphan, no zombie
    await server.stop()  # idempotent


async def test_a_dying_server_reports_its_last_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = EmbeddedServer(tmp_path / "srv", startup_timeout_s=20)
    script = "import sys; print('boom: no engine', file=sys.stderr); sys.exit(3)"
    monkeypatch.setattr(server, "command", lambda: [sys.executable, "-c", script])
    with pytest.raises(ServerStartError) as info:
        await server.start()
    human = describe_error(info.value)
    assert "exit 3" in human.title
    assert "boom: no engine" in human.what_to_do
    assert not server.running


async def test_a_silent_server_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = EmbeddedServer(tmp_path / "srv", startup_timeout_s=0.3)
    monkeypatch.setattr(
        server, "command", lambda: [sys.executable, "-c", "import time; time.sleep(30)"]
    )
    with pytest.raises(ServerStartError, match="did not answer"):
        await server.start()
    assert not server.running


async def test_the_last_port_is_reused_and_a_taken_one_is_skipped(tmp_path: Path) -> None:
    first = EmbeddedServer(tmp_path / "srv", startup_timeout_s=60)
    await first.start()
    port = first.port
    try:
        second = EmbeddedServer(tmp_path / "srv", startup_timeout_s=60)
        await second.start()  # the saved port is busy (first still runs): another one
        try:
            assert second.port != port
        finally:
            await second.stop()
    finally:
        await first.stop()
    (tmp_path / "srv" / "server.port").write_text(str(port), encoding="utf-8")
    third = EmbeddedServer(tmp_path / "srv", startup_timeout_s=60)
    await third.start()
    try:
        assert third.port == port
    finally:
        await third.stop()
