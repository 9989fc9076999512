"""Widgets alone, in a tiny host app: state and posted messages."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.message import Message

from photogen.ui.app import PhotogenApp
from photogen.ui.screens.main import MainScreen
from photogen.ui.widgets.chat import MAX_ITEMS, AssistantBubble, ChatLog
from photogen.ui.widgets.jobs import JobList, JobRow
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree
from tests.ui.conftest import HALFBLOCK, SIZE
from tests.ui.fakes import make_photo, timeline_view


class Host(App[None]):
    """Mounts one widget and records the messages it posts."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.widget = widget
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_prompt_input_submitted(self, event: PromptInput.Submitted) -> None:
        self.posted.append(event)

    def on_timeline_tree_segment_selected(self, event: TimelineTree.SegmentSelected) -> None:
        self.posted.append(event)

    def on_job_row_cancel_requested(self, event: JobRow.CancelRequested) -> None:
        self.posted.append(event)


async def test_prompt_enter_sends_and_ctrl_j_adds_a_line() -> None:
    prompt = PromptInput()
    app = Host(prompt)
    async with app.run_test(size=SIZE) as pilot:
        prompt.focus()
        await pilot.press(*"two", "ctrl+j", *"lines", "enter")
        await pilot.pause()
    assert [m.text for m in app.posted] == ["two\nlines"]
    assert prompt.text == ""


async def test_prompt_ignores_blank_and_recalls_history() -> None:
    prompt = PromptInput()
    app = Host(prompt)
    async with app.run_test(size=SIZE) as pilot:
        prompt.focus()
        await pilot.press("enter", *"first", "enter", *"second", "enter", *"draft")
        await pilot.press("up")
        assert prompt.text == "second"
        await pilot.press("up", "up")
        assert prompt.text == "first"
        await pilot.press("down", "down")
        assert prompt.text == "draft"
    assert [m.text for m in app.posted] == ["first", "second"]


async def test_prompt_restore_keeps_what_the_user_typed_since() -> None:
    prompt = PromptInput()
    async with Host(prompt).run_test(size=SIZE) as pilot:
        prompt.restore("lost prompt")
        assert prompt.text == "lost prompt"
        prompt.load_text("newer")
        prompt.restore("lost prompt")
        await pilot.pause()
        assert prompt.text == "newer"


async def test_provisional_text_is_replaced_not_doubled() -> None:
    chat = ChatLog(animate_spinners=False)
    async with Host(chat).run_test(size=SIZE) as pilot:
        chat.add_user("hi")
        for text in ("Hel", "Hello", "Hello wor"):
            chat.show_reply(text, provisional=True)
        chat.show_reply("Hello world", provisional=False)
        await pilot.pause()
        bubbles = list(chat.query(AssistantBubble))
        assert len(bubbles) == 1
        assert str(bubbles[0].content) == "Hello world"
        assert not bubbles[0].has_class("-provisional")


async def test_empty_final_text_removes_the_bubble_and_tools_stop() -> None:
    chat = ChatLog(animate_spinners=False)
    async with Host(chat).run_test(size=SIZE) as pilot:
        chat.tool_status("c1", "Generating photo…", running=True)
        chat.show_reply("I encountered", provisional=True)
        chat.show_reply("", provisional=False)
        chat.end_turn()
        await pilot.pause()
        assert not chat.query(AssistantBubble)
        assert "✓ Generating photo…" in str(chat.query_one(".tool-row").render())


async def test_a_tool_row_shows_the_servers_progress_as_a_bar_with_the_time_left() -> None:
    chat = ChatLog(animate_spinners=False)
    async with Host(chat).run_test(size=SIZE) as pilot:
        chat.tool_status("c1", "Generating photo…", running=True)
        chat.tool_status(
            "c1",
            "Generating photo…",
            running=True,
            progress=0.5,
            progress_text="50% · about 6 s left",
        )
        await pilot.pause()
        line = chat.query_one(".tool-row").render()
        assert str(line) == "⠋ Generating photo… ━━━━━━━━━━━━━━━━ 50% · about 6 s left"
        done = next(span for span in line.spans if span.style == "green")
        assert line.plain[done.start : done.end] == " " + "━" * 8  # half the bar
        chat.tool_status("c1", "Generating photo…", running=False)
        await pilot.pause()
        assert str(chat.query_one(".tool-row").render()) == "✓ Generating photo…"


async def test_chat_log_is_bounded() -> None:
    chat = ChatLog(animate_spinners=False)
    async with Host(chat).run_test(size=SIZE) as pilot:
        for n in range(MAX_ITEMS + 30):
            chat.add_note(f"note {n}")
        await pilot.pause()
        assert len(chat.children) == MAX_ITEMS


async def test_status_bar_says_setting_up_then_credits() -> None:
    bar = StatusBar()
    async with Host(bar).run_test(size=SIZE) as pilot:
        assert "Setting things up…" in bar.render().plain
        bar.phase, bar.backend, bar.credits = "ready", "local", (97, 3, 100)
        await pilot.pause()
        line = bar.render().plain
        assert "local" in line and "97 available / 3 frozen / 100 total" in line
        bar.phase = "offline"
        assert "connection lost" in bar.render().plain


async def test_job_rows_update_in_place_and_cancel() -> None:
    jobs = JobList()
    app = Host(jobs)
    async with app.run_test(size=SIZE) as pilot:
        jobs.upsert("render_1", "mp4", state="processing", progress=40, elapsed=5)
        jobs.upsert("render_1", "mp4", state="processing", progress=70, elapsed=9)
        await pilot.pause()
        row = jobs.query_one(JobRow)
        assert "70%" in _plain(row) and "0:09" in _plain(row)
        row.focus()
        await pilot.press("x")
        jobs.upsert(
            "render_1", "mp4", state="completed", progress=100, elapsed=12, path="/tmp/a.mp4"
        )
        await pilot.pause()
        assert len(jobs.query(JobRow)) == 1
        assert "completed" in _plain(row) and "↳ a.mp4" in _plain(row)
        assert str(row.tooltip) == "/tmp/a.mp4"
    assert [m.job_id for m in app.posted] == ["render_1"]


async def test_timeline_tree_shows_tracks_and_selecting_posts() -> None:
    tree = TimelineTree()
    app = Host(tree)
    async with app.run_test(size=SIZE) as pilot:
        view = timeline_view("http://x/p.png")
        tree.show_view(view.summary, view.tracks)
        await pilot.pause()
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["▶ Video (1)", "♪ BGM (1)", "T Title (1)"]
        tree.focus()
        tree.move_cursor(tree.root.children[0].children[0])
        await pilot.press("enter")
        await pilot.pause()
    assert [m.segment.name for m in app.posted] == ["Sneaker on white"]


async def test_a_job_whose_file_is_gone_says_missing_and_cannot_be_cancelled() -> None:
    jobs = JobList()
    app = Host(jobs)
    async with app.run_test(size=SIZE) as pilot:
        jobs.upsert("job_1", "png", state="missing", progress=100, elapsed=3, path="/tmp/a.png")
        await pilot.pause()
        row = jobs.query_one(JobRow)
        assert "missing" in _plain(row) and "↳ a.png (file missing)" in _plain(row)
        row.focus()
        await pilot.press("x")
    assert app.posted == []


def _plain(widget: JobRow) -> str:
    from rich.console import Console

    console = Console(width=120, record=True, file=io.StringIO())
    console.print(widget.render())
    return console.export_text()


async def test_a_decode_replaced_before_it_starts_leaves_no_coroutine_behind(
    tmp_path: Path,
) -> None:
    """An exclusive worker cancelled before it ran must not leave an un-awaited coroutine."""
    photo = make_photo(tmp_path / "a.png")
    preview = PreviewPane(HALFBLOCK)
    async with Host(preview).run_test(size=SIZE) as pilot:
        await pilot.pause()
        preview.show(photo, "first")
        preview.show(tmp_path / "missing.png", "second")  # replaces the first decode at once
        await _all_workers_done(pilot)
    gc.collect()  # an un-awaited coroutine warns here, and warnings are errors


async def test_a_worker_replaced_before_it_starts_leaves_no_coroutine_behind(
    make_app: Callable[..., PhotogenApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.workspace is not None
        for _ in range(3):  # exclusive: each replaces the one before it
            screen.work.refresh(screen.workspace, announce_credits=False, announce_timeline=False)
        await _all_workers_done(pilot)
    gc.collect()


async def _all_workers_done(pilot: Any) -> None:
    """Wait until every worker finished (cancelled ones too; ``wait_for_complete`` raises)."""
    for _ in range(500):
        if all(worker.is_finished for worker in pilot.app.workers):
            return
        await pilot.pause(0.01)
    raise AssertionError("workers still running")
