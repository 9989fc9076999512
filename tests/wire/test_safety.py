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
