"""The iteration loop in the app, against the real workspace and a live server on loopback:
a grid in the chat and as a contact sheet, its keys, compare, history, cost, ledger, bell."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from photogen.core.settings import Settings
from photogen.ui.app import PhotogenApp
from photogen.ui.bindings import BY_ID
from photogen.ui.commands import palette_specs
from photogen.ui.images import widget as picture_widget
from photogen.ui.screens.ledger import LedgerScreen
from photogen.ui.widgets.chat import PhotoThumb
from photogen.ui.widgets.grid_strip import GridStrip
from photogen.ui.widgets.lineage import LineageTree
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree
from tests.server.fakes import fake_engines
from tests.ui.conftest import SIZE
from tests.ui.live import live_app, live_settings, say, server_starter, settle

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return live_settings(tmp_path)


@pytest.fixture
def server(live_server: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """``server(**config)``: a live server with instant engines; the app points at it."""
    return server_starter(live_server, monkeypatch, engines=fake_engines())


def _strips(app: PhotogenApp) -> list[GridStrip]:
    return list(app.screen.query(GridStrip))


async def test_a_grid_shows_numbered_thumbnails_a_contact_sheet_and_answers_its_keys(
    server: Callable[..., Any], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    server(candidates=4, anonymous_credits=1000)
    threads: list[bool] = []
    real_encode = picture_widget.encode_picture

    def encode(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(picture_widget, "encode_picture", encode)
    app = live_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        status = app.screen.query_one(StatusBar)
        await pilot.press(*"a red mug")
        assert status.cost == "4 photos · 40 credits"  # said before anything is sent
        await pilot.press("enter")
        await settle(app, pilot)
        (strip,) = _strips(app)
        assert not app.screen.query(PhotoThumb)  # the server's grid: no single thumbnails first
        assert [c.label for c in strip.candidates] == [f"{n} · seed {n - 1}" for n in range(1, 5)]
        assert all(t is not None for t in strip.thumbs)
        assert threads and not any(threads)  # every picture is encoded off the event loop
        preview = app.screen.query_one(PreviewPane)
        assert preview.caption.startswith("4 candidates") and Path(str(preview.path)).exists()
        assert app.focused is not strip  # typing goes on into the prompt
        strip.focus()  # as tab does
        assert not app.screen.query_one(TimelineTree).root.children  # none used yet

        await pilot.press("right", "c")
        await settle(app, pilot)
        assert preview.caption == "Comparing 1 · seed 0  |  2 · seed 1"

        await pilot.press("v")  # subtle variations of the selected candidate, 2
        await settle(app, pilot)
        assert len(_strips(app)) == 2
        await pilot.press("3")  # use candidate 3 of the new grid
        await settle(app, pilot)
        video = app.screen.query_one(TimelineTree).root.children[0]
        assert len(video.children) == 1

        await pilot.press("f2")
        await settle(app, pilot)
        history = app.screen.query_one(LineageTree)
        assert history.has_class("-shown") and history.count == 8
        second = history.root.children[1]
        assert [child.data.parent_kind for child in second.children] == ["variation"] * 4

        await pilot.press("f4")
        await settle(app, pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert [(e.photos, e.credits) for e in ledger.entries] == [(4, 40), (4, 40), (0, 0)]


async def test_the_bell_rings_when_a_grid_finishes_out_of_sight(
    server: Callable[..., Any], settings: Settings
) -> None:
    server(candidates=2)
    app = live_app(settings)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a red mug")
        app.app_focus = False  # the user looks at another window (a key press would undo it)
        app.screen.query_one(PromptInput).action_submit()
        await settle(app, pilot)
        assert len(_strips(app)) == 1 and rings
        settings.bell, rings[:] = False, []
        app.screen.action_grid_reroll()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert len(_strips(app)) == 2 and rings == []


async def test_a_grid_by_turns_shows_each_candidate_as_it_arrives_then_the_grid(
    server: Callable[..., Any], settings: Settings
) -> None:
    server()  # one photo per turn
    settings.grid_by_turns = True
    settings.candidates = 3
    app = live_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await say(app, pilot, "a red mug on a wooden table")
        (strip,) = _strips(app)
        assert [c.number for c in strip.candidates] == [1, 2, 3]
        assert not app.screen.query(".photo-thumb")  # the single thumbnails became the grid


async def test_a_reopened_session_has_its_grid_history_and_keys_back(
    server: Callable[..., Any], settings: Settings
) -> None:
    server(candidates=4)
    app = live_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await say(app, pilot, "a red mug")
        await say(app, pilot, "v2")
        app.exit()
    again = live_app(settings)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        (strip,) = _strips(again)  # the newest grid, in place of its single photos
        assert [c.number for c in strip.candidates] == [1, 2, 3, 4]
        urls = {c.url for c in strip.candidates}
        assert all(strip.thumbs)
        assert not [t for t in again.screen.query(PhotoThumb) if t.url in urls]
        assert again.screen.query_one(LineageTree).count == 8
        strip.focus()
        await pilot.press("1")
        await settle(again, pilot)
        assert len(again.screen.query_one(TimelineTree).root.children[0].children) == 1


def test_grid_keys_are_in_the_registry_footer_help_and_palette() -> None:
    ids = {"grid-use", "grid-vary", "grid-vary-strong", "grid-reroll", "grid-compare"}
    assert ids | {"show-history", "credits-ledger"} <= set(BY_ID)
    assert {BY_ID[i].scope for i in ids} == {"grid"} and all(BY_ID[i].show for i in ids)
    offered = {spec.id for spec in palette_specs()}
    assert ids | {"show-history", "credits-ledger"} <= offered
