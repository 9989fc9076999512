"""Choosing the picture protocol and cell size from the terminal's own answers."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from photogen.ui.images import probe
from photogen.ui.images.detect import detect_protocol
from photogen.ui.images.probe import Replies, parse_replies

# What real terminals answered to probe.queries() (recorded under Xvfb).
XTERM_VT340 = b"\x1bP>|XTerm(379)\x1b\\\x1b[?63;1;2;4;6;9;15;16;22;28c"
XTERM_PLAIN = b"\x1bP>|XTerm(379)\x1b\\\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"
MLTERM = b"\x1b[6;22;10t\x1b[?63;1;2;3;4;6;7;15;18;22;29c"
KITTY_026 = b"\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.26.5)\x1b\\\x1b[6;20;9t\x1b[?62;c"
KITTY_035 = b"\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.35.2)\x1b\\\x1b[6;20;9t\x1b[?62;c"
WEZTERM = b"\x1b_Gi=31;OK\x1b\\\x1bP>|WezTerm 20240203\x1b\\\x1b[6;22;11t\x1b[?65;4;6;18;22c"
# xterm inside tmux 3.3a: tmux's own answers, then xterm's through the passthrough.
XTERM_IN_TMUX = b"\x1bP>|tmux 3.3a\x1b\\\x1b[?1;2c\x1bP>|XTerm(379)\x1b\\\x1b[?63;1;2;4;6;9;22c"
TMUX_ENV = {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"}


def test_parse_replies_reads_each_answer() -> None:
    kitty = parse_replies(KITTY_026)
    assert kitty == Replies(True, False, True, "kitty(0.26.5)", (9, 20))
    xterm = parse_replies(XTERM_VT340)
    assert (xterm.sixel, xterm.kitty_graphics, xterm.version, xterm.cell_px) == (
        True,
        False,
        "XTerm(379)",
        None,
    )
    assert not parse_replies(XTERM_PLAIN).sixel
    assert parse_replies(b"") == Replies()
    assert parse_replies(b"typed keys") == Replies()


def test_inside_tmux_the_outer_terminal_answer_wins() -> None:
    replies = parse_replies(XTERM_IN_TMUX)
    assert replies.sixel and replies.version == "XTerm(379)"


@pytest.mark.parametrize(
    ("answer", "env", "protocol", "placeholders"),
    [
        (XTERM_VT340, {"TERM": "xterm"}, "sixel", False),
        (XTERM_PLAIN, {"TERM": "xterm"}, "quadrant", False),
        (MLTERM, {"TERM": "mlterm"}, "sixel", False),
        (KITTY_026, {"TERM": "xterm-kitty"}, "kitty", False),
        (KITTY_035, {"TERM": "xterm-kitty"}, "kitty", True),
        (WEZTERM, {"TERM_PROGRAM": "WezTerm"}, "iterm", False),
        (XTERM_IN_TMUX, TMUX_ENV, "sixel", False),
    ],
)
def test_the_terminal_answer_decides(
    answer: bytes, env: dict[str, str], protocol: str, placeholders: bool
) -> None:
    found = detect_protocol("auto", env, parse_replies(answer))
    assert (found.protocol, found.kitty_placeholders) == (protocol, placeholders)
    assert found.tmux == ("TMUX" in env)


def test_kitty_window_id_alone_never_picks_kitty() -> None:
    """A tmux session started in kitty and reattached from xterm keeps KITTY_WINDOW_ID."""
    env = {**TMUX_ENV, "KITTY_WINDOW_ID": "1"}
    assert detect_protocol("auto", env, parse_replies(XTERM_IN_TMUX)).protocol == "sixel"
    assert detect_protocol("auto", env, None).protocol == "quadrant"
    assert detect_protocol("auto", {"KITTY_WINDOW_ID": "3"}, Replies(answered=True)).protocol == (
        "quadrant"
    )


def test_environment_is_the_fallback_when_nothing_answers() -> None:
    assert detect_protocol("auto", {"TERM": "xterm-kitty"}).protocol == "kitty"
    assert not detect_protocol("auto", {"TERM": "xterm-kitty"}).kitty_placeholders
    assert detect_protocol("auto", {"TERM_PROGRAM": "iTerm.app"}).protocol == "iterm"
    assert detect_protocol("auto", {"TERM": "foot"}).protocol == "sixel"
    assert detect_protocol("auto", {"TERM": "xterm-256color"}).protocol == "quadrant"
    assert "did not answer" in detect_protocol("auto", {"TMUX": "x"}).reason


def test_overrides_environment_first_then_config() -> None:
    replies = parse_replies(KITTY_026)
    found = detect_protocol("sixel", {"TERM": "xterm-kitty", "TMUX": "x"}, replies)
    assert (found.protocol, found.tmux) == ("sixel", True)
    assert "config" in found.reason
    env = {"PHOTOGEN_IMAGE_PROTOCOL": "halfblock"}
    forced = detect_protocol("sixel", env, replies)
    assert forced.protocol == "halfblock" and "PHOTOGEN_IMAGE_PROTOCOL" in forced.reason
    assert (
        detect_protocol("auto", {"PHOTOGEN_IMAGE_PROTOCOL": "bogus"}, replies).protocol == "kitty"
    )


def test_cell_size_from_the_terminal_then_the_tty_then_assumed() -> None:
    assert detect_protocol("auto", {}, parse_replies(MLTERM), (9, 19)).cell_px == (10, 22)
    found = detect_protocol("auto", {}, parse_replies(XTERM_VT340), (9, 19))
    assert (found.cell_px, found.cell_source) == ((9, 19), "tty")
    assert detect_protocol("auto", {}, None, None).cell_source == "assumed"


def test_help_line_names_protocol_cells_and_tmux() -> None:
    found = detect_protocol("auto", TMUX_ENV, parse_replies(XTERM_IN_TMUX), (9, 19))
    assert found.summary() == (
        "sixel, 9x19 px cells (tty), via tmux passthrough, terminal XTerm(379)"
    )
    kitty = detect_protocol("auto", {}, parse_replies(KITTY_026))
    assert kitty.summary().startswith("kitty (direct placement), 9x20 px cells (terminal)")


def test_truecolor_from_colorterm_or_a_known_terminal() -> None:
    assert detect_protocol("auto", {"COLORTERM": "truecolor"}).truecolor
    assert detect_protocol("auto", {"TERM": "xterm"}, parse_replies(XTERM_VT340)).truecolor
    assert not detect_protocol("auto", {"TERM": "xterm"}).truecolor


def test_queries_are_wrapped_for_tmux() -> None:
    plain = probe.queries(tmux=False)
    assert plain.endswith(probe.DA1) and probe.KITTY_QUERY in plain
    wrapped = probe.queries(tmux=True)
    assert wrapped.count("\x1bPtmux;") == 4 and wrapped.endswith(
        "\x1b[c\x1b\\".replace("\x1b[", "\x1b\x1b[")
    )


def test_read_replies_stops_at_da1_and_on_timeout() -> None:
    read_fd, write_fd = os.pipe()
    try:
        os.write(write_fd, KITTY_026)
        assert probe.read_replies(read_fd, timeout=2) == KITTY_026
        os.write(write_fd, b"\x1bP>|XTerm(379)\x1b\\")  # no DA1: a terminal that stopped answering
        assert probe.read_replies(read_fd, timeout=0.05) == b"\x1bP>|XTerm(379)\x1b\\"
        assert probe.read_replies(read_fd, timeout=0.05) == b""
    finally:
        os.close(read_fd)
        os.close(write_fd)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_a_detached_tmux_session_is_not_asked_and_does_not_wait(tmp_path: Path) -> None:
    """Nobody can answer in a detached session: detection must not wait for a reply."""
    out = tmp_path / "detection.txt"
    script = (
        "import time\n"
        "from photogen.ui.images.detect import detect_terminal\n"
        "t = time.monotonic(); d = detect_terminal()\n"
        "line = f'{time.monotonic() - t:.3f} {d.protocol} {d.reason}'\n"
        f"open({str(out)!r}, 'w').write(line)\n"
    )
    (tmp_path / "detect.py").write_text(script)
    socket = f"photogen-viewer-{os.getpid()}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(tmp_path / 'detect.py'))}"
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "80", "-y", "24", command], env=env, check=True
    )
    try:
        deadline = time.monotonic() + 20
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        seconds, protocol, reason = out.read_text().split(" ", 2)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, check=False)
    assert float(seconds) < 0.5
    assert protocol == "quadrant" and "did not answer (inside tmux)" in reason
