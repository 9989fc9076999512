"""Network text is data: control sequences stripped, file names sanitised."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photogen.wire.safety import safe_filename, strip_control


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("copy \x1b]52;c;Zm9v\x07me", "copy me"),
        ("title \x1b]0;pwned\x1b\\ok", "title ok"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("keeps\nnew\tlines", "keeps\nnew\tlines"),
        ("c1 \x9b31m csi", "c1  csi"),
        ("中文 ✓ emoji 📷", "中文 ✓ emoji 📷"),
    ],
)
def test_strip_control(raw: str, clean: str) -> None:
    assert strip_control(raw) == clean


@given(st.text())
def test_strip_control_leaves_no_escape_or_control(raw: str) -> None:
    out = strip_control(raw)
    assert "\x1b" not in out
    assert all(ch in "\n\t" or ord(ch) >= 0x20 for ch in out)
    assert all(not 0x7F <= ord(ch) <= 0x9F for ch in out)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\shot.png", "shot.png"),
        (".bashrc", "bashrc"),
        ("CON.txt", "CON_.txt"),
        ("", "file"),
        ("render_1.mp4", "render_1.mp4"),
        ("a\x1b[2Jb.jpg", "ab.jpg"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


@given(st.text(max_size=400))
def test_safe_filename_is_always_one_plain_component(raw: str) -> None:
    name = safe_filename(raw)
    assert name and "/" not in name and "\\" not in name
    assert not name.startswith(".") and name not in (".", "..")
    assert len(name) <= 120


def test_a_long_chinese_name_fits_the_file_systems_byte_limit(tmp_path) -> None:
    name = safe_filename("夏日促销" * 40 + ".png")
    assert len(name.encode("utf-8")) <= 200 and name.endswith(".png")
    (tmp_path / name).write_bytes(b"ok")  # would raise "File name too long" past 255 bytes


def test_network_text_in_state_and_render_polls_is_stripped() -> None:
    from photogen.wire import GeneratedMedia, MediaInfo, read_render_status

    assert MediaInfo(filename="a\x1b]0;PWN\x07b.png").filename == "ab.png"
    assert GeneratedMedia(prompt="red\x1b[2J mug").prompt == "red mug"
    poll = read_render_status({"status": "FAILED\x1b[31m", "error": "boom\x1b]52;c;eA==\x07"})
    assert (poll.status, poll.error) == ("failed", "boom")


def test_render_poll_with_infinite_numbers_does_not_crash() -> None:
    from photogen.wire import read_render_status

    poll = read_render_status(
        {"status": "processing", "progress": float("inf"), "output": {"size": float("nan")}}
    )
    assert poll.progress is None and poll.size is None
