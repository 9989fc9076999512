"""Keystrokes are never swallowed: whatever pane has focus, typing reaches the prompt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from photogen.ui.app import PhotogenApp
from photogen.ui.widgets.chat import ChatLog
from photogen.ui.widgets.jobs import JobRow
from photogen.ui.widgets.prompt_input import PromptInput
from tests.ui.conftest import SIZE, settle

MakeApp = Callable[..., PhotogenApp]


async def _focus_away(app: PhotogenApp, pilot: Any, pane: str) -> None:
    """Tab until ``#pane`` has focus (as a user moves between panes)."""
    for _ in range(8):
        await pilot.press("tab")
        if app.focused is not None and app.focused.id == pane:
            return
    raise AssertionError(f"tab never reached #{pane}; focus is on {app.focused!r}")


@pytest.mark.parametrize("pane", ["chat", "preview", "timeline", "jobs"])
async def test_typing_in_another_pane_goes_into_the_prompt(make_app: MakeApp, pane: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        prompt = app.screen.query_one(PromptInput)
        await pilot.press(*"a red")
        await _focus_away(app, pilot, pane)
        await pilot.press(*" chair")
        await pilot.pause()
        assert app.focused is prompt
        assert prompt.text == "a red chair"


async def test_ctrl_n_gives_the_prompt_back_with_its_text(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        prompt = app.screen.query_one(PromptInput)
        await pilot.press(*"keep me")
        await _focus_away(app, pilot, "timeline")
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert app.focused is prompt
        assert prompt.text == "keep me"


@pytest.mark.parametrize("key", ["ctrl+e", "ctrl+u", "ctrl+o", "f1"])
async def test_closing_a_dialog_gives_the_prompt_back_with_its_text(
    make_app: MakeApp, key: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        main = app.screen
        prompt = main.query_one(PromptInput)
        await pilot.press(*"half typed")
        await _focus_away(app, pilot, "timeline")
        await pilot.press(key)
        await pilot.pause()
        assert app.screen is not main
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is main
        assert app.focused is prompt
        assert prompt.text == "half typed"
        await pilot.press(*" more")
        assert prompt.text == "half typed more"


async def test_a_panes_own_key_stays_with_the_pane(make_app: MakeApp) -> None:
    """x on a job row is the row's cancel key, not typing."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"export", "enter")
        await settle(app, pilot)
        row = app.screen.query_one(JobRow)
        row.focus()
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert app.focused is row
        assert app.screen.query_one(PromptInput).text == ""


@pytest.mark.parametrize("size", [(80, 30), (160, 50)])
async def test_after_a_resize_the_chat_still_shows_the_newest_line(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        chat = app.screen.query_one(ChatLog)
        for n in range(60):
            chat.add_note(f"note {n}: " + "a long line that wraps when the pane gets narrow " * 2)
        await pilot.pause()
        assert chat.max_scroll_y > 0 and chat.scroll_y == chat.max_scroll_y
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y
        last = chat.children[-1]
        assert last.region.bottom <= chat.content_region.bottom
        assert last.region.height > 0, "the newest line is scrolled out of view"


async def test_a_resize_leaves_a_chat_the_user_scrolled_up_where_it_was(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        chat = app.screen.query_one(ChatLog)
        for n in range(60):
            chat.add_note(f"note {n}: " + "a long line that wraps when the pane gets narrow " * 2)
        await pilot.pause()
        chat.scroll_home(animate=False)
        await pilot.pause()
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        await pilot.pause()
        assert chat.scroll_y == 0
