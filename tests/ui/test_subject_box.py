"""ctrl+t: mark the subject of the last cut-out with the keyboard, and send the box.

(Not ctrl+b: that is tmux's prefix, and the app is often run inside tmux.)
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PIL import Image

from photogen.core.subject import box_message
from photogen.ui.app import PhotogenApp
from photogen.ui.screens.subject_box import SubjectBoxScreen, draw, moved
from tests.ui.conftest import SIZE, settle
from tests.ui.fakes import FakeWorkspace

MakeApp = Callable[..., PhotogenApp]


def test_arrows_move_and_shift_arrows_resize_inside_the_photo() -> None:
    box = (0.1, 0.1, 0.5, 0.5)
    assert moved(box, "right") == pytest.approx((0.12, 0.1, 0.52, 0.5))
    assert moved(box, "shift+down") == pytest.approx((0.1, 0.1, 0.5, 0.52))
    assert moved((0.0, 0.0, 0.4, 0.4), "left") == (0.0, 0.0, 0.4, 0.4)  # stays in the frame
    assert moved((0.1, 0.1, 0.15, 0.5), "shift+left")[2] >= 0.1 + 0.06  # never vanishes


def test_the_box_is_drawn_over_a_dimmed_photo() -> None:
    text = draw(Image.new("RGB", (20, 20), (200, 200, 200)), (0.25, 0.25, 0.75, 0.75))
    assert text.plain.count("▀") == 200
    styles = {str(span.style) for span in text.spans}
    assert any("rgb(255,220,0)" in s for s in styles) and any("rgb(70,70,70)" in s for s in styles)


async def test_ctrl_t_sends_the_box_to_the_agent(make_app: MakeApp, fake: FakeWorkspace) -> None:
    fake.cutout_done = True
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert isinstance(app.screen, SubjectBoxScreen)
        await pilot.press("right", "right", "shift+up", "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, SubjectBoxScreen)
    assert fake.sent[-1] == box_message((0.19, 0.1, 0.89, 0.93))


async def test_ctrl_t_without_a_cut_out_says_so(make_app: MakeApp, fake: FakeWorkspace) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert not isinstance(app.screen, SubjectBoxScreen)
        assert "no cut-out to redo" in list(app._notifications)[-1].message
    assert fake.sent == []


async def test_the_box_screen_shows_the_photo(make_app: MakeApp, fake: FakeWorkspace) -> None:
    fake.cutout_done = True
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        photo = app.screen.query_one("#box-photo")
        assert photo.size.width >= 16 and photo.size.height >= 8
        assert "shift+arrows resize" in str(app.screen.query_one("#box-hint").render())
