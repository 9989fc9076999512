"""Problems a usability review found in the real app, each pinned at the real layout.

The app runs at 140x45 (the reviewer's tmux window) on the fake workspace.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget

from photogen.core.settings import load_settings
from photogen.core.timeline import SegmentView, TrackView
from photogen.ui.app import PhotogenApp
from photogen.ui.images import encode
from photogen.ui.images import widget as picture_widget
from photogen.ui.widgets.chat import ChatLog, PhotoThumb, ToolRow
from photogen.ui.widgets.jobs import JobList, JobRow
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree
from photogen.wire import CreditsBalance, MediaInfo
from tests.ui.conftest import SIZE, settle
from tests.ui.fakes import FakeWorkspace, timeline_view

MakeApp = Callable[..., PhotogenApp]
REAL = (140, 45)


def _lines(widget: Widget) -> list[str]:
    """What the widget shows on screen, one string per row (a container: its children's)."""
    if widget.children:
        return [line for child in widget.children if child.display for line in _lines(child)]
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text.rstrip() for strip in strips]


class PromptHost(App[None]):
    """A prompt alone; records what it sent."""

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap_overrides = keymap or {}
        self.sent: list[str] = []

    def compose(self) -> ComposeResult:
        yield PromptInput()

    def on_mount(self) -> None:
        self.set_keymap(self.keymap_overrides)
        self.query_one(PromptInput).focus()

    def on_prompt_input_submitted(self, event: PromptInput.Submitted) -> None:
        self.sent.append(event.text)


# 1. Enter never overtakes the text typed with it ------------------------------------


async def test_text_and_enter_in_one_press_call_send_the_whole_text() -> None:
    app = PromptHost()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"credits", "enter")
        await pilot.pause()
        assert app.sent == ["credits"]
        assert app.query_one(PromptInput).text == ""


async def test_a_burst_of_keys_from_the_terminal_keeps_its_order() -> None:
    """What ``tmux send-keys 'credits' Enter`` delivers: every key queued at once."""
    app = PromptHost()
    async with app.run_test(size=SIZE) as pilot:
        burst = [*((c, c) for c in "two"), ("ctrl+j", None), *((c, c) for c in "lines")]
        for key, char in [*burst, ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause()
        assert app.sent == ["two\nlines"]
        assert app.query_one(PromptInput).text == ""


async def test_the_send_key_can_be_remapped_by_id() -> None:
    app = PromptHost({"send": "ctrl+s"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"a", "enter", *"b", "ctrl+s")
        await pilot.pause()
        assert app.sent == ["a\nb"]


# 2, 10. Chat thumbnails: a real picture with its caption, once per photo --------------


async def test_a_chat_thumbnail_is_taller_than_its_caption(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a sneaker on white", "enter")
        await settle(app, pilot)
        thumb = app.screen.query_one(PhotoThumb)
        assert thumb.picture.encoded is not None
        assert thumb.size.height > 1
        assert "sneaker on white" in _lines(thumb)[-1]


async def test_a_photo_already_shown_is_not_added_again(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a sneaker", "enter")
        await settle(app, pilot)
        await pilot.press(*"make it brighter", "enter")
        await settle(app, pilot)
        assert len(app.screen.query(PhotoThumb)) == 1


async def test_a_thumbnail_draws_its_picture_once_it_is_decoded(
    fake: FakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picture decodes in a thread after the first layout; the caption shows at once."""
    decoded = threading.Event()

    def slow_encode(*args: Any, **kwargs: Any) -> Any:
        decoded.wait(timeout=10)
        return encode.encode_picture(*args, **kwargs)

    monkeypatch.setattr(picture_widget, "encode_picture", slow_encode)

    class ChatHost(App[None]):
        def compose(self) -> ComposeResult:
            yield ChatLog(animate_spinners=False)

    app = ChatHost()
    async with app.run_test(size=REAL) as pilot:
        app.query_one(ChatLog).add_photo(str(fake.photo), "a sneaker on white")
        await pilot.pause()
        thumb = app.query_one(PhotoThumb)
        assert thumb.picture.encoded is None
        assert "▀" not in "".join(_lines(thumb))
        assert "a sneaker on white" in _lines(thumb)[-1]
        decoded.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert thumb.picture.encoded is not None
        assert "▀" in "".join(_lines(thumb)[:-1])
        assert "a sneaker on white" in _lines(thumb)[-1]


# 3. A finished job row fits the jobs pane --------------------------------------------


async def test_a_finished_job_row_fits_the_jobs_pane(make_app: MakeApp) -> None:
    path = "/tmp/some/deep/folder/photogen/photogen-20250127-140233-sneaker-on-white.mp4"
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        jobs = app.screen.query_one(JobList)
        jobs.upsert("r1", "mp4", state="completed", progress=100, elapsed=72, path=path)
        await pilot.pause()
        row = app.screen.query_one(JobRow)
        assert 45 <= row.size.width <= 56
        status, name = _lines(row)
        for part in ("MP4", "100%", "completed", "1:12"):
            assert part in status
        assert name.strip().startswith("↳ photogen-20250127")
        assert "/tmp/some" not in name
        assert str(row.tooltip) == path


# 4. New and reopened sessions show their own photo (or none) -------------------------


async def test_new_session_clears_the_preview_and_open_shows_that_sessions_photo(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a sneaker", "enter")
        await settle(app, pilot)
        preview = app.screen.query_one(PreviewPane)
        assert preview.path is not None
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert preview.path is None and preview.caption.startswith("No photo yet")
        assert not app.screen.query(PhotoThumb)
        await pilot.press("ctrl+o", "down", "enter")
        await settle(app, pilot)
        assert fake.session.id == "s0"
        assert preview.path == str(fake.photo)
        assert len(app.screen.query(PhotoThumb)) == 1
        notes = [str(n.content) for n in app.screen.query(".note-row")]
        assert not any("http" in note for note in notes), notes


# 5. Esc: stopped waiting, not done ---------------------------------------------------


async def test_escape_marks_the_tool_stopped_refreshes_and_gives_the_prompt_back(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.hold = asyncio.Event()
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        await pilot.press(*"slow one", "enter")
        await pilot.pause()
        assert app.screen.query_one(PromptInput).text == ""
        # The server finishes the work on its own: credits drop, the timeline grows.
        fake.balance = CreditsBalance(available=97, frozen=0, total=100)
        fake.view = timeline_view("http://x/photo.png")
        await pilot.press("escape")
        await settle(app, pilot)
        row = app.screen.query_one(ToolRow)
        assert row.stopped and not row.running
        assert "✓" not in row.render().plain and "✗" in row.render().plain
        notes = [str(n.content) for n in app.screen.query(".note-row")]
        assert notes[-1] == (
            "Stopped — the server stops the work and charges nothing unfinished."
        ), "the embedded server is asked to stop"
        assert app.screen.query_one(StatusBar).credits == (97, 0, 100)
        assert len(app.screen.query_one(TimelineTree).root.children) == 3
        assert app.screen.query_one(PromptInput).text == "slow one"


# 6. Key hints follow the keymap ------------------------------------------------------


async def test_the_empty_jobs_hint_names_the_remapped_export_key(
    make_app: MakeApp, settings: Any
) -> None:
    settings.keymap = {"export-draft": "ctrl+x"}
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        hint = app.screen.query_one(".jobs-empty")
        assert "ctrl+x to export" in str(hint.content)
        assert "ctrl+e" not in str(hint.content)


# 7. Config problems: one notification, the path once, suggestions --------------------


async def test_config_problems_make_one_notification(make_app: MakeApp, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'backnd = "local"\ntheme = "no-such-theme"\njpg_quality = 500\n'
        f'download_dir = "{tmp_path / "out"}"\n'
        '[keymap]\nexprot-draft = "ctrl+x"\n',
        encoding="utf-8",
    )
    settings, warnings = load_settings(config)
    app = make_app(settings=settings, warnings=warnings)
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        notes = list(app._notifications)
        assert len(notes) == 1
        message = notes[0].message
        assert message.count(str(config)) == 1
        assert "did you mean export-draft?" in message
        assert 'did you mean "backend"?' in message
        assert "theme" in message and "jpg_quality" in message


# 8, 9. The timeline: times always visible, uploaded media listed ---------------------


async def test_long_segment_names_keep_their_times_visible(make_app: MakeApp) -> None:
    long_name = "a perfume bottle on marble, soft morning light, with gentle shadows"
    video = [
        SegmentView("Sneaker on white", 0, 6, "Video", 0, 0),
        SegmentView(long_name, 6, 9, "Video", 0, 1),
    ]
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        tree = app.screen.query_one(TimelineTree)
        tree.show_view("summary", [TrackView(0, "Video", video)])
        await pilot.pause()
        lines = _lines(tree)
        row = next(line for line in lines if "a perfume bottle" in line)
        assert "6-9s" in row and "…" in row
        assert not tree.show_horizontal_scrollbar
        assert tree.virtual_size.width <= tree.scrollable_content_region.width


async def test_uploaded_files_show_under_media_in_the_timeline(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    app = make_app()
    async with app.run_test(size=REAL) as pilot:
        await settle(app, pilot)
        fake.view = SimpleNamespace(  # type: ignore[assignment]
            summary="Timeline is empty.",
            tracks=[],
            media_files=[
                MediaInfo(filename="beach.mp4", file_type="video", duration=12.5),
                MediaInfo(filename="logo.png", file_type="image", width=800, height=600),
            ],
        )
        await fake_upload(app, pilot, str(fake.photo))
        lines = "\n".join(_lines(app.screen.query_one(TimelineTree)))
        assert "Media (2)" in lines
        assert "beach.mp4  video · 12.5s" in lines
        assert "logo.png  image · 800×600" in lines


async def fake_upload(app: PhotogenApp, pilot: Any, path: str) -> None:
    """ctrl+u, type a path, Enter."""
    from textual.widgets import Input

    await pilot.press("ctrl+u")
    app.screen.query_one(Input).value = path
    await pilot.press("enter")
    await settle(app, pilot)
