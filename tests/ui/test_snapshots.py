"""How it looks: the main screen after a turn, the help screen, the export dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photogen.ui.app import PhotogenApp
from tests.ui.conftest import SIZE


async def _after_a_turn(pilot: Any) -> None:
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.press(*"a sneaker on white", "enter")
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.press(*"export", "enter")
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    app.screen.query_one("#prompt").blur()
    await pilot.pause()


def test_main_screen(snap_compare: Any, make_app: Callable[..., PhotogenApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_after_a_turn)


def test_help_screen(snap_compare: Any, make_app: Callable[..., PhotogenApp]) -> None:
    async def open_help(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_help)


def test_export_dialog(snap_compare: Any, make_app: Callable[..., PhotogenApp]) -> None:
    async def open_export(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+e")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=open_export)
