"""The contract's browser link (§2.3): copied and shown where the backend has a web app."""

from __future__ import annotations

from collections.abc import Callable

from photogen.ui.app import PhotogenApp
from photogen.ui.commands import PhotogenCommands
from tests.ui.conftest import SIZE, settle
from tests.ui.fakes import Backend, FakeWorkspace

MakeApp = Callable[..., PhotogenApp]
LINK = "https://nemovideo.com/workspace/claim?ct=clm_4f2a"


async def _palette(app: PhotogenApp) -> list[str]:
    """The commands the palette lists before anything is typed."""
    return [str(hit.text) async for hit in PhotogenCommands(app.screen).discover()]


async def test_ctrl_g_copies_and_shows_the_browser_link(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.backend, fake.link = Backend("cloud", "cloud"), LINK
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "Open in browser" in await _palette(app)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert app.clipboard == LINK
        [note] = app._notifications
        assert note.message == LINK and note.severity == "information"


async def test_the_embedded_server_offers_no_browser_link(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.link = LINK  # even if it could make one, the local server has no web app
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "Open in browser" not in await _palette(app)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert fake.link_requests == 0 and not app._notifications


async def test_a_server_without_claim_tokens_is_said_once_quietly(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.backend = Backend("url", "127.0.0.1:9")  # answers 404: the workspace says None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        [note] = app._notifications
        assert note.severity == "information" and "no browser link" in note.message
        assert "Open in browser" not in await _palette(app)
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert fake.link_requests == 1 and app.clipboard == ""
