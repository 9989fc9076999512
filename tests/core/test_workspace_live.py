"""The Workspace facade: start-up (embedded server), sessions, history, upload, credits."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from photogen.client.errors import UnsupportedFile
from photogen.core.errors import describe_error
from photogen.core.intents import Export
from photogen.core.store import SessionRecord, Store
from photogen.core.updates import PhotoReady
from photogen.core.workspace import LOST_SESSION_NOTICE, Workspace

from .conftest import OpenWs, make_settings


def assert_private(root: Path) -> None:
    """Everything under ``root`` is the user's alone: folders 0700, files 0600."""
    seen = 0
    for path in [root, *root.rglob("*")]:
        want = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == want, path
        seen += 1
    assert seen > 4  # the store, the server's folder, its store and log at least


async def test_local_backend_starts_and_stops_the_embedded_server(tmp_path: Path) -> None:
    seen: list[str] = []
    settings = make_settings(tmp_path, render_max_polls=7)
    settings.intervals_set = frozenset({"render_max_polls"})  # as if the config file set it
    settings.model_dir = tmp_path / "models" / "sd15"
    # local=True: the user chose the embedded server after the cloud was out of reach
    ws = await Workspace.open(settings, cloud=True, local=True, on_status=seen.append)
    try:
        assert ws.backend.kind == "local" and ws.backend.url
        assert ws.server is not None and ws.server.running
        command = ws.server.command()
        assert command[command.index("--model-dir") + 1] == str(settings.model_dir)
        assert (await ws.credits()).available == 100
        # the embedded server's fast waits reach the export runner and the turn controller
        for intervals in (ws.exports.settings.intervals, ws.turns.intervals):
            assert intervals.render_poll_s == 0.5 and intervals.recovery_first_wait_s == 2.0
            assert intervals.render_max_polls == 7  # what the user set stays
        pid = ws.server.process.pid  # type: ignore[union-attr]
        assert_private(settings.data_dir)
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
    uploaded = await ws.timeline()
    assert [f.filename for f in uploaded.media_files] == ["mug.png"]
    assert len(uploaded.media) == 1  # the generated photo is not one of the user's files

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


PROMPT = "generate a realistic photo of a red mug on a white background"


async def test_restart_reopens_the_last_session_unless_new(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    url = live_server().url
    ws = await open_ws(url, root=tmp_path)
    async for _ in ws.send(PROMPT):
        pass
    history, view = ws.history(), await ws.timeline()
    await ws.close()

    again = await open_ws(url, root=tmp_path)
    assert again.session.id == ws.session.id and again.startup_notices == []
    assert again.history() == history
    assert (await again.timeline()).summary == view.summary

    fresh = await open_ws(url, root=tmp_path, new=True)
    assert fresh.session.id != ws.session.id and fresh.history() == []


async def test_a_reopened_session_the_server_lost_is_replaced_once(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    url = live_server().url
    store = Store(make_settings(tmp_path, url).db_path)
    store.save_session(SessionRecord("gone-123", None, url, "old", 1.0, time.time()))
    store.close()

    ws = await open_ws(url, root=tmp_path)
    assert ws.session.id != "gone-123"
    assert ws.startup_notices == [LOST_SESSION_NOTICE]
    notes = [m for m in ws.history() if m.kind == "notice"]
    assert [m.text for m in notes] == [
        f"{LOST_SESSION_NOTICE.text} {LOST_SESSION_NOTICE.what_to_do}"
    ]
    async for update in ws.send(PROMPT):  # the new session works at once
        last = update
    assert last.ok  # type: ignore[union-attr]

    again = await open_ws(url, root=tmp_path)  # the replacement is the one reopened now
    assert again.session.id == ws.session.id and again.startup_notices == []


async def test_a_reopened_session_reads_like_the_original(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    url = live_server().url
    ws = await open_ws(url, root=tmp_path)
    photo = ""
    async for update in ws.send(PROMPT):
        if isinstance(update, PhotoReady):
            photo = update.url
    await ws.remember("user", "credits")
    await ws.remember("system", "Credits: 90 available, 0 frozen, 90 total.", "notice")
    with pytest.raises(ValueError):
        await ws.remember("system", "x", "banner")
    with pytest.raises(ValueError):
        await ws.remember("robot", "x")
    updates = [u async for u in ws.export("png")]
    saved = updates[-1].job.path
    assert saved and [u.job.state for u in updates].count("completed") == 1
    await ws.close()

    again = await open_ws(url, root=tmp_path)
    lines = [(m.role, m.kind, m.text) for m in again.history()]
    assert lines[0] == ("user", "text", PROMPT)
    assert ("assistant", "tool", "Generating photo…") in lines
    assert ("assistant", "photo", photo) in lines
    assert [k for _, k, t in lines if t == photo] == ["photo"]  # the URL is never plain text
    assert lines[-3:] == [
        ("user", "text", "credits"),
        ("system", "notice", "Credits: 90 available, 0 frozen, 90 total."),
        ("system", "notice", f"Saved {saved}"),
    ]
    assert [j.path for j in again.jobs()] == [saved]

    # a thumbnail comes back from the cache, or from the current server after a restart
    cached = await again.photo_path(photo)
    assert cached is not None and cached.read_bytes()[:4] == b"\x89PNG"
    cached.unlink()
    old_port = photo.replace(f":{live_server_port(url)}/", ":9/")
    fetched = await again.photo_path(old_port)
    assert fetched is not None and fetched.read_bytes()[:4] == b"\x89PNG"


def live_server_port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])
