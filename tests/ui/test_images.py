"""Terminal pictures: detection, half-block, kitty placeholders, sixel; OSC 52."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from photogen.ui.clipboard import osc52, tmux_passthrough
from photogen.ui.images import kitty, sixel
from photogen.ui.images.detect import detect_protocol
from photogen.ui.images.halfblock import HalfBlock, fit_size, load_grid
from tests.ui.fakes import make_photo


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-kitty"}, "kitty"),
        ({"TERM": "xterm-256color", "KITTY_WINDOW_ID": "3"}, "kitty"),
        ({"TERM_PROGRAM": "WezTerm"}, "kitty"),
        ({"TERM": "foot"}, "sixel"),
        ({"TERM_PROGRAM": "iTerm.app"}, "sixel"),
        ({"TERM": "xterm-256color"}, "halfblock"),
        ({"TERM": "tmux-256color", "TERM_PROGRAM": "tmux", "TMUX": "/tmp/t,1,0"}, "halfblock"),
        ({}, "halfblock"),
    ],
)
def test_detection_from_environment(env: dict[str, str], expected: str) -> None:
    assert detect_protocol("auto", env).protocol == expected


def test_config_override_wins_and_tmux_is_noticed() -> None:
    found = detect_protocol("sixel", {"TERM": "xterm-kitty", "TMUX": "x"})
    assert (found.protocol, found.tmux) == ("sixel", True)
    assert "config" in found.reason
    assert "image_protocol" in detect_protocol("auto", {"TMUX": "x"}).reason


def test_halfblock_keeps_aspect_and_draws_two_pixels_per_cell(tmp_path: Path) -> None:
    assert fit_size((640, 480), (20, 10)) == (20, 16)
    grid = load_grid(make_photo(tmp_path / "p.png"), 16, 6)
    assert grid.width <= 16 and grid.height <= 12 and grid.height % 2 == 0
    console = Console(width=40, color_system="truecolor")
    with console.capture() as capture:
        console.print(HalfBlock(grid))
    lines = Text.from_ansi(capture.get()).plain.splitlines()
    assert len(lines) == grid.height // 2
    assert set(lines[0]) == {"▀"}


def test_kitty_transmit_chunks_and_placeholders() -> None:
    png = bytes(range(256)) * 40
    escape = kitty.transmit(png, 0x123456, 4, 2)
    chunks = escape.split("\x1b\\")[:-1]
    assert chunks[0].startswith("\x1b_Ga=T,U=1,f=100,q=2,i=1193046,c=4,r=2,m=1;")
    assert chunks[-1].startswith("\x1b_Gm=0;")
    payload = "".join(chunk.split(";", 1)[1] for chunk in chunks)
    assert base64.standard_b64decode(payload) == png
    lines = kitty.placeholder_lines(0x123456, 4, 2)
    assert len(lines) == 2
    assert lines[1].plain.count(kitty.PLACEHOLDER) == 4
    assert lines[1].plain[1:3] == kitty.DIACRITICS[1] + kitty.DIACRITICS[0]
    assert str(lines[0].style).endswith("#123456")


def test_kitty_inside_tmux_uses_passthrough() -> None:
    escape = kitty.transmit(b"x", 7, 1, 1, tmux=True)
    assert escape.startswith("\x1bPtmux;\x1b\x1b_G") and escape.endswith("\x1b\\")


def test_sixel_bands_and_run_length() -> None:
    data = sixel.encode(8, 7, [(255, 0, 0), (0, 0, 255)], [0] * 48 + [1] * 8)
    assert data.startswith('\x1bPq"1;1;8;7#0;2;100;0;0#1;2;0;0;100')
    assert "#0!8~-" in data  # first band: six red rows, one run of 8
    assert data.endswith("#1!8@-\x1b\\")  # second band: one blue row


def test_sixel_from_file(tmp_path: Path) -> None:
    data = sixel.encode_file(make_photo(tmp_path / "p.png"), 4, 2, colors=8)
    assert data.startswith("\x1bPq") and data.endswith("\x1b\\")


def test_osc52_plain_and_through_tmux() -> None:
    assert osc52("hi") == "\x1b]52;c;aGk=\a"
    assert osc52("hi", tmux=True) == "\x1bPtmux;\x1b\x1b]52;c;aGk=\a\x1b\\"
    assert tmux_passthrough("\x1b[0m") == "\x1bPtmux;\x1b\x1b[0m\x1b\\"
