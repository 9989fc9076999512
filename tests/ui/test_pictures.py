"""Pictures inside Textual's rendering: encoding for a box of cells, the widget's lines,
modals, kitty placements, links, and the full-screen viewer."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Static

from photogen.core.settings import Settings
from photogen.ui.app import PhotogenApp
from photogen.ui.images import encode as encode_module
from photogen.ui.images import kitty, probe
from photogen.ui.images import widget as picture_widget
from photogen.ui.images.detect import Detection, detect_protocol
from photogen.ui.images.encode import View, crop_view, encode_picture, fit_pixels
from photogen.ui.images.links import file_link, link_target, shareable_url
from photogen.ui.images.widget import PictureView
from photogen.ui.screens.main import MainScreen
from photogen.ui.screens.viewer import PhotoInfo, PhotoViewer, describe, read_metadata
from photogen.ui.widgets.chat import SMALL_THUMB_CELLS, PhotoThumb
from photogen.ui.widgets.jobs import JobRow
from photogen.ui.widgets.preview import PreviewPane
from tests.ui.conftest import HALFBLOCK, SIZE, settle
from tests.ui.fakes import make_photo

SIXEL = Detection("sixel", False, "tests", cell_px=(9, 19), cell_source="terminal")
KITTY = Detection("kitty", False, "tests", cell_px=(9, 20), cell_source="terminal")


def _raster(payload: str) -> tuple[int, int]:
    found = re.search(r'"1;1;(\d+);(\d+)', payload)
    assert found is not None
    return int(found.group(1)), int(found.group(2))


# -- encoding ----------------------------------------------------------------------------


def test_sixel_fits_the_box_at_the_real_cell_size_in_whole_cells(tmp_path: Path) -> None:
    photo = make_photo(tmp_path / "p.png")  # 64x48
    encoded = encode_picture(str(photo), 40, 10, SIXEL)
    assert encoded.pixel_size == (253, 190)  # 10 rows of 19 px, 4:3
    assert encoded.cells == (29, 10)
    assert _raster(encoded.payload) == (29 * 9, 10 * 19)  # padded to whole cells
    assert encoded.offset == (5, 0)  # centred
    bigger = encode_picture(str(photo), 40, 10, Detection("sixel", False, "t", cell_px=(10, 20)))
    assert bigger.cells == (27, 10)


def test_sixel_inside_tmux_is_wrapped(tmp_path: Path) -> None:
    tmux = Detection("sixel", True, "tests", cell_px=(9, 19))
    encoded = encode_picture(str(make_photo(tmp_path / "p.png")), 10, 4, tmux)
    assert encoded.payload.startswith("\x1bPtmux;\x1b\x1bP")


def test_iterm_and_kitty_encodings(tmp_path: Path) -> None:
    photo = str(make_photo(tmp_path / "p.png"))
    iterm = encode_picture(photo, 20, 8, Detection("iterm", False, "t", cell_px=(9, 19)))
    assert iterm.payload.startswith("\x1b]1337;File=inline=1;") and "width=" in iterm.payload
    direct = encode_picture(photo, 20, 8, KITTY)
    assert direct.upload.startswith(f"\x1b_Ga=t,f=100,q=2,i={direct.kitty_id},")
    assert direct.payload.startswith(f"\x1b_Ga=p,i={direct.kitty_id},p=1,")
    placeholders = Detection("kitty", False, "t", cell_px=(9, 20), kitty_placeholders=True)
    virtual = encode_picture(photo, 20, 8, placeholders)
    assert virtual.protocol == "placeholders" and ",U=1," in virtual.upload
    assert virtual.payload == ""


def test_zoom_crops_around_the_centre_and_stays_inside() -> None:
    from PIL import Image

    image = Image.new("RGB", (100, 80))
    assert crop_view(image, View()).size == (100, 80)
    assert crop_view(image, View(2.0)).size == (50, 40)
    corner = crop_view(image, View(4.0, (0.0, 0.0)))
    assert corner.size == (25, 20)
    assert fit_pixels((100, 80), (50, 50)) == (50, 40)


def test_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    try:
        encode_picture(str(bad), 10, 4, SIXEL)
    except OSError:
        return
    raise AssertionError("an unreadable file must raise OSError")


# -- the widget's lines ------------------------------------------------------------------


class PictureHost(App[None]):
    """A picture above a line of text."""

    def __init__(self, detection: Detection, path: str) -> None:
        super().__init__()
        self.detection, self.path = detection, path
        self.written: list[str] = []

    def compose(self) -> ComposeResult:
        yield PictureView(self.detection)
        yield Static("below")

    def on_mount(self) -> None:
        self.query_one(PictureView).show(self.path)

    def write_terminal(self, sequence: str) -> None:
        self.written.append(sequence)


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("a dialog")


def _controls(view: PictureView) -> list[str]:
    """The zero-width segments (escape sequences) in the widget's lines."""
    width, height = view.size
    return [
        segment.text
        for strip in view.render_lines(Region(0, 0, width, height))
        for segment in strip
        if segment.control
    ]


async def _ready(app: PictureHost, pilot: Any) -> PictureView:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    view = app.query_one(PictureView)
    assert view.encoded is not None
    return view


async def test_sixel_rides_on_the_last_line_and_a_modal_gets_the_text_form(
    tmp_path: Path,
) -> None:
    app = PictureHost(SIXEL, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        width, height = view.size
        lines = view.render_lines(Region(0, 0, width, height))
        assert len(lines) == height
        last = list(lines[-1])
        assert not any(segment.control for line in lines[:-1] for segment in line)
        controls = [segment.text for segment in last if segment.control]
        assert controls[1].startswith("\x1bP0;1;0q")  # the sixel itself
        x, y = view.region.x + view.encoded.offset[0], view.region.y + view.encoded.offset[1]
        assert controls[0] == f"\x1b[{y + 1};{x + 1}H"
        assert not last[0].control, "the line's blanks come before the picture"

        app.push_screen(Dialog())
        await pilot.pause()
        assert _controls(view) == [], "no sixel over a dialog"
        text = "".join(strip.text for strip in view.render_lines(Region(0, 0, width, height)))
        assert "▀" in text, "the text form shows under the dialog"

        app.pop_screen()
        await pilot.pause()
        assert any(c.startswith("\x1bP0;1;0q") for c in _controls(view))


async def test_a_partly_visible_picture_is_drawn_as_text(tmp_path: Path) -> None:
    app = PictureHost(SIXEL, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        width, height = view.size
        top_half = view.render_lines(Region(0, 0, width, height // 2))
        assert not any(segment.control for line in top_half for segment in line)


async def test_kitty_uploads_once_places_and_frees_when_replaced(tmp_path: Path) -> None:
    first, second = make_photo(tmp_path / "a.png"), make_photo(tmp_path / "b.png", (1, 2, 3))
    app = PictureHost(KITTY, str(first))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        first_id = view.encoded.kitty_id
        uploads = [w for w in app.written if w.startswith("\x1b_Ga=t")]
        assert len(uploads) == 1 and f"i={first_id}," in uploads[0]
        assert any(c.startswith(f"\x1b_Ga=p,i={first_id},") for c in _controls(view))

        app.push_screen(Dialog())
        await pilot.pause()
        assert f"\x1b_Ga=d,d=i,i={first_id},q=2\x1b\\" in _controls(view)
        app.pop_screen()
        await pilot.pause()

        view.show(str(second))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"\x1b_Ga=d,d=I,i={first_id},q=2\x1b\\" in app.written, "the old upload is freed"
        assert view.encoded.kitty_id != first_id


async def test_kitty_placeholders_are_cells_and_the_grid_under_a_dialog(tmp_path: Path) -> None:
    placeholders = Detection("kitty", False, "t", cell_px=(9, 20), kitty_placeholders=True)
    app = PictureHost(placeholders, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        width, height = view.size
        uploads = [w for w in app.written if ",U=1," in w]
        assert len(uploads) == 1
        text = "".join(strip.text for strip in view.render_lines(Region(0, 0, width, height)))
        assert text.count("\U0010eeee") == view.encoded.cells[0] * view.encoded.cells[1]
        app.push_screen(Dialog())
        await pilot.pause()
        text = "".join(strip.text for strip in view.render_lines(Region(0, 0, width, height)))
        assert "\U0010eeee" not in text and "▀" in text


async def test_halfblock_picture_is_centred_text(tmp_path: Path) -> None:
    app = PictureHost(HALFBLOCK, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        width, height = view.size
        rows = [strip.text for strip in view.render_lines(Region(0, 0, width, height))]
        drawn = [row for row in rows if "▀" in row]
        assert drawn and all(len(row) == width for row in rows)
        left = len(drawn[0]) - len(drawn[0].lstrip())
        right = len(drawn[0]) - len(drawn[0].rstrip())
        assert abs(left - right) <= 1
        assert _controls(view) == []


async def test_resize_encodes_again_for_the_new_size(tmp_path: Path) -> None:
    app = PictureHost(SIXEL, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        before = view.encoded.cells
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert view.encoded.cells[0] < before[0]


# -- links -------------------------------------------------------------------------------


def test_links_prefer_a_shareable_url_and_else_the_file(tmp_path: Path) -> None:
    photo = tmp_path / "p.png"
    assert shareable_url("https://cdn.example/p.png") == "https://cdn.example/p.png"
    assert shareable_url("http://127.0.0.1:8765/media/p.png") is None
    assert link_target(str(photo), "https://cdn.example/p.png") == "https://cdn.example/p.png"
    local = link_target(str(photo), "http://127.0.0.1:8765/media/p.png")
    assert local is not None and local.startswith("file://") and local.endswith("/p.png")
    text = file_link("a caption", str(photo))
    assert isinstance(text.style, Style) and text.style.link == local
    assert file_link("plain", None).style == ""


# -- the viewer --------------------------------------------------------------------------


class ViewerHost(App[None]):
    def __init__(self, photos: list[PhotoInfo]) -> None:
        super().__init__()
        self.photos = photos
        self.copied: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(PhotoViewer(SIXEL, self.photos, 1))

    def copy_text(self, text: str) -> None:
        self.copied.append(text)


async def test_viewer_steps_zooms_pans_copies_and_closes(tmp_path: Path) -> None:
    photos = [
        PhotoInfo(str(make_photo(tmp_path / f"{n}.png", (n * 40, 90, 30))), f"photo {n}", n)
        for n in range(3)
    ]
    photos[2] = PhotoInfo(photos[2].path, "photo 2", 2, "https://cdn.example/2.png")
    app = ViewerHost(photos)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        viewer = app.screen
        assert isinstance(viewer, PhotoViewer) and viewer.index == 1
        picture = viewer.query_one(PictureView)
        assert picture.path == photos[1].path
        meta = viewer.query_one("#viewer-meta", Static)
        assert "2/3" in str(meta.render()) and "seed 1" in str(meta.render())
        assert picture.size.width == SIZE[0], "the picture has the whole width"

        await pilot.press("n")
        assert viewer.index == 2 and picture.path == photos[2].path
        await pilot.press("right")
        assert viewer.index == 0, "wraps around"
        await pilot.press("p")
        assert viewer.index == 2

        await pilot.press("plus")
        assert viewer.zoom_view.zoom == 2.0
        await pilot.press("right")
        assert viewer.index == 2, "zoomed in, arrows pan"
        assert viewer.zoom_view.center[0] > 0.5
        await pilot.press("left", "left", "left", "left")
        assert viewer.zoom_view.center[0] == 0.25, "pan stops at the edge"
        await pilot.press("minus")
        assert viewer.zoom_view == View()

        await pilot.press("ctrl+y")
        assert app.copied == ["https://cdn.example/2.png"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PhotoViewer)


def test_metadata_line_reads_the_png_text_chunks(tmp_path: Path) -> None:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    path = tmp_path / "m.png"
    info = PngInfo()
    for key, value in (("prompt", "a lighthouse"), ("seed", "42"), ("engine", "studio")):
        info.add_text(key, value)
    Image.new("RGB", (30, 20)).save(path, pnginfo=info)
    metadata = read_metadata(str(path))
    assert metadata == {"size": "30x20", "prompt": "a lighthouse", "seed": "42", "engine": "studio"}
    line = describe(PhotoInfo(str(path)), metadata, 0, 2)
    assert line == "1/2 · 30x20 · seed 42 · engine studio · a lighthouse"
    assert read_metadata(str(tmp_path / "missing.png")) == {}
    assert encode_module.View() == View()


async def test_enter_or_v_on_the_preview_and_a_click_on_a_thumbnail_open_the_viewer(
    make_app: Callable[..., PhotogenApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a sneaker on white", "enter")
        await settle(app, pilot)
        preview = app.screen.query_one(PreviewPane)
        assert preview.path is not None
        preview.focus()
        await pilot.press("v")
        await pilot.pause()
        viewer = app.screen
        assert isinstance(viewer, PhotoViewer)
        assert viewer.photo.path == preview.path
        assert viewer.photo.prompt, "the prompt travels with the photo"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

        preview.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhotoViewer)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.click(PhotoThumb)
        await pilot.pause()
        assert isinstance(app.screen, PhotoViewer)


async def test_low_bandwidth_mode_small_text_thumbnails_and_no_animation(
    make_app: Callable[..., PhotogenApp], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.low_bandwidth = True
    dithers: list[bool] = []
    real_encode = picture_widget.encode_picture

    def spy(*args: Any, dither: bool = True) -> Any:
        dithers.append(dither)
        return real_encode(*args, dither=dither)

    monkeypatch.setattr(picture_widget, "encode_picture", spy)
    app = make_app(detection=SIXEL, animate_spinners=True)
    assert app.low_bandwidth and not app.animate_spinners
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*"a sneaker on white", "enter")
        await settle(app, pilot)
        thumb = app.screen.query_one(PhotoThumb)
        assert thumb.picture.size == SMALL_THUMB_CELLS
        assert thumb.picture.encoded is not None and thumb.picture.encoded.protocol == "halfblock"
        preview = app.screen.query_one(PreviewPane).query_one(PictureView)
        assert preview.encoded is not None and preview.encoded.protocol == "sixel"
        assert dithers and not any(dithers), "no dithering: fewer bytes"


def test_a_slow_terminal_answer_turns_low_bandwidth_on(settings: Settings) -> None:
    slow = Detection("sixel", False, "t", round_trip_s=0.4)
    assert PhotogenApp(settings, detection=slow).low_bandwidth
    assert not PhotogenApp(settings, detection=SIXEL).low_bandwidth
    replies = probe.parse_replies(b"\x1b[?63;4c", round_trip_s=0.4)
    assert detect_protocol("auto", {}, replies).slow_link


def test_an_export_row_links_to_its_file(tmp_path: Path) -> None:
    from rich.console import Console

    row = JobRow("job-1", "mp4")
    row.path = str(tmp_path / "out.mp4")
    console = Console(width=80, color_system="truecolor", force_terminal=True)
    with console.capture() as capture:
        console.print(row.render())
    target = link_target(row.path)
    assert target is not None and "\x1b]8;id=" in capture.get() and target in capture.get()


async def test_a_picture_that_moved_is_drawn_again_at_its_new_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial update may repaint a moved picture's blank lines but not the line carrying
    it; the move check repaints the whole widget."""
    app = PictureHost(SIXEL, str(make_photo(tmp_path / "p.png")))
    async with app.run_test(size=SIZE) as pilot:
        view = await _ready(app, pilot)
        _controls(view)
        assert view._drawn_at == view.region
        refreshed: list[bool] = []
        monkeypatch.setattr(view, "refresh", lambda *a, **k: refreshed.append(True))
        view._check_moved()
        assert refreshed == [], "not moved: nothing to do"
        view._drawn_at = view.region.translate((0, 3))  # placed three rows lower
        view._check_moved()
        assert refreshed == [True] and view._drawn_at is None


def test_run_app_asks_the_terminal_first_and_forces_truecolor_when_it_has_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from photogen.ui import app as app_module

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    answer = detect_protocol(
        "auto", {"TERM": "xterm"}, probe.parse_replies(b"\x1bP>|XTerm(379)\x1b\\\x1b[?63;4c")
    )
    monkeypatch.setattr(app_module, "detect_terminal", lambda override: answer)
    seen: list[tuple[Detection, str | None]] = []

    def fake_run(self: PhotogenApp) -> None:
        seen.append((self.detection, self.console.color_system))

    monkeypatch.setattr(PhotogenApp, "run", fake_run)
    app_module.run_app()
    assert seen == [(answer, "truecolor")]


def test_kitty_placeholders_fit_their_cell_limit_keeping_the_aspect(tmp_path: Path) -> None:
    from PIL import Image

    wide = tmp_path / "wide.png"
    Image.new("RGB", (1600, 400), (9, 9, 9)).save(wide)
    placeholders = Detection("kitty", False, "t", cell_px=(10, 20), kitty_placeholders=True)
    encoded = encode_picture(str(wide), 150, 40, placeholders)
    assert encoded.cells[0] <= kitty.MAX_CELLS
    width, height = encoded.pixel_size
    assert abs(width / height - 4.0) < 0.05
    assert encoded.cells == (kitty.MAX_CELLS, 10)
