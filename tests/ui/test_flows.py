"""The app against the real Workspace and the real server on loopback (no fakes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from photogen.core.settings import Settings
from photogen.ui.app import PhotogenApp
from photogen.ui.widgets.chat import AssistantBubble, NoteRow, PhotoThumb
from photogen.ui.widgets.jobs import JobRow
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree
from tests.ui.conftest import SIZE
from tests.ui.fakes import make_photo
from tests.ui.live import live_app, live_settings, say, server_starter, settle

pytestmark = pytest.mark.slow


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    return live_settings(tmp_path)


@pytest.fixture
def server(live_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """``server(**faults)`` starts a live server and points the app at it."""
    return server_starter(live_server, monkeypatch)


def _notes(app: PhotogenApp) -> list[str]:
    return [str(n.content) for n in app.screen.query(NoteRow)]


async def test_prompt_streams_reply_thumbnail_timeline_and_credits(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server()
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusBar)
        assert status.phase == "ready" and status.credits is not None
        before = status.credits[0]
        await say(app, pilot, "generate a realistic photo of a sneaker on a white background")
        replies = [str(b.content) for b in app.screen.query(AssistantBubble)]
        assert replies and all(replies)
        thumb = app.screen.query_one(PhotoThumb)
        assert Path(thumb.path).exists() and thumb.picture.encoded is not None
        assert app.screen.query_one(TimelineTree).root.children
        assert status.credits[0] < before


async def test_export_reaches_done_with_a_file(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server(time_scale=0.01)
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await say(app, pilot, "generate a photo of a red mug on a wooden table")
        await say(app, pilot, "export png")
        row = app.screen.query_one(JobRow)
        assert row.state == "completed", _notes(app)
        assert Path(row.path).is_file() and Path(row.path).parent == real_settings.download_dir


async def test_upload_a_file(
    server: Callable[..., Any], real_settings: Settings, tmp_path: Path
) -> None:
    server()
    photo = make_photo(tmp_path / "mug.png")
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        app.screen.query_one(Input).value = str(photo)
        await pilot.press("enter")
        await settle(app, pilot)
        assert any("mug.png" in note for note in _notes(app)), _notes(app)


async def test_expired_token_1001_is_survived(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server(expire_tokens_after=3)
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await say(app, pilot, "generate a photo of a lamp")
        await say(app, pilot, "credits")
        assert app.screen.query_one(StatusBar).phase == "ready"
        assert any(note.startswith("Credits:") for note in _notes(app)), _notes(app)
        assert not app._notifications


async def test_dropped_stream_mid_turn_says_so_and_keeps_working(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server(drop_stream_after=2)
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await say(app, pilot, "generate a photo of a bicycle by the sea")
        said = _notes(app) + [n.title or "" for n in app._notifications]
        assert any("dropped" in line for line in said), said
        prompt = app.screen.query_one(PromptInput)
        assert prompt.text in ("", "generate a photo of a bicycle by the sea")
        prompt.clear()
        await say(app, pilot, "credits")
        assert any("Credits:" in note for note in _notes(app))


async def test_restart_resumes_a_running_export(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    # The render stays queued while the first app runs; the restarted server renders at once.
    live = server(time_scale=1.0, render_latency_s=600.0)
    first = live_app(real_settings)
    async with first.run_test(size=SIZE) as pilot:
        await settle(first, pilot)
        await say(first, pilot, "generate a photo of a teapot")
        await pilot.press(*"export", "enter")
        await pilot.pause()
        for _ in range(200):
            if first.screen.query(JobRow):
                break
            await pilot.pause(0.01)
        session_id = first.workspace.session.id
        assert first.screen.query_one(JobRow).state != "completed"
    live.stop()
    server(data_dir=live.data_dir, port=live.port)
    second = live_app(real_settings, session_id=session_id)
    async with second.run_test(size=SIZE) as pilot:
        await settle(second, pilot)
        row = second.screen.query_one(JobRow)
        assert row.state == "completed", _notes(second)
        assert Path(row.path).is_file()


async def test_ctrl_g_copies_the_servers_browser_link(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server()  # a server at NEMO_API_URL: claim tokens over real loopback HTTP
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        link = app.clipboard
        assert link.startswith("https://nemovideo.com/workspace/claim?ct="), link
        assert len(link.split("ct=", 1)[1]) > 8
        assert "nmv_usr_" not in link and "token=" not in link


async def test_this_one_edits_the_photo_chosen_in_the_timeline(
    server: Callable[..., Any], real_settings: Settings
) -> None:
    server()
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # two turns, one photo each: a grid's candidates reach the timeline only when used
        await say(app, pilot, "generate a photo of a mug")
        await say(app, pilot, "generate a photo of a teapot")
        tree = app.screen.query_one(TimelineTree)
        leaves = [leaf for track in tree.root.children for leaf in track.children if leaf.data]
        first = leaves[0].data.url
        tree.select_node(leaves[0])
        await settle(app, pilot)
        await say(app, pilot, "make this one black and white")
        workspace = app.screen.workspace
        state = await workspace.client.state(workspace.session.id)
        extras = [m.model_extra or {} for m in state.state.generated_media]
        sources = [str(extra["source"]) for extra in extras if extra.get("source")]
        tail = first.split("/media/", 1)[1]
        assert [s.split("/media/", 1)[1] for s in sources] == [tail]  # the first, not the latest


async def test_the_seed_batch_edits_and_exports_each_upload(
    server: Callable[..., Any], real_settings: Settings, tmp_path: Path
) -> None:
    server()
    photos = [str(make_photo(tmp_path / name)) for name in ("box.png", "can.png", "ball.png")]
    app = live_app(real_settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+u")
        app.screen.query_one(Input).value = " ".join(photos)
        await pilot.press("enter")
        await settle(app, pilot)
        await say(app, pilot, "put each on a white background and export them")
        replies = " ".join(str(b.content) for b in app.screen.query(AssistantBubble))
        assert all(name in replies for name in ("box.png", "can.png", "ball.png")), replies
        assert len(app.screen.query(JobRow)) == 3
    saved = sorted(real_settings.download_dir.glob("*.png"))
    assert len(saved) == 3, saved  # one export per upload
