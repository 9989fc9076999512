"""The Workspace facade: start-up (embedded server), sessions, history, upload, credits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from photogen.client.errors import UnsupportedFile
from photogen.core.errors import describe_error
from photogen.core.intents import Export
from photogen.core.workspace import Workspace

from .conftest import OpenWs, make_settings


async def test_local_backend_starts_and_stops_the_embedded_server(tmp_path: Path) -> None:
    seen: list[str] = []
    ws = await Workspace.open(make_settings(tmp_path), on_status=seen.append)
    try:
        assert ws.backend.kind == "local" and ws.backend.url
        assert ws.server is not None and ws.server.running
        assert (await ws.credits()).available == 100
        pid = ws.server.process.pid  # type: ignore[union-attr]
    finally:
        await ws.close()
    assert seen[0] == "Setting things up…" and seen[-1] == "Ready"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


async def test_sessions_history_timeline_and_upload(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    ws = await open_ws(live_server().url)
    first = ws.session
    assert ws.route("export it as png") == Export("png")
    async for _ in ws.send("generate a photo of a lighthouse at dusk"):
        pass
    view = await ws.timeline()
    assert view.exportable and view.media and view.media[0].type == "image"

    image = tmp_path / "mug.png"
    Image.new("RGB", (64, 48), (10, 120, 200)).save(image)
    outcome = await ws.upload([str(image)])
    assert outcome.message == "Uploaded 1 file: mug.png"

    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(UnsupportedFile) as info:
        await ws.upload([str(bad)])
    assert "Use one of" in describe_error(info.value).what_to_do

    second = await ws.new_session()
    assert second.id != first.id and ws.history() == []
    assert {s.id for s in ws.list_sessions()} == {first.id, second.id}
    reopened = await ws.open_session(first.id)
    assert reopened.id == first.id
    roles = [m.role for m in ws.history()]
    assert roles[0] == "user" and "assistant" in roles and roles[-1] == "system"
    assert (await ws.timeline()).summary == view.summary
