"""Ask the terminal what it can draw, before the app takes over the terminal.

Four questions go out at once: the kitty graphics query, XTVERSION (the
terminal's name and version), ``CSI 16 t`` (the cell size in pixels) and DA1
(device attributes; ``4`` among them means sixel). Every terminal answers DA1,
and answers in order, so its reply ends the wait. Inside tmux each question is
wrapped in tmux's passthrough, so the outer terminal answers (tmux forwards
its replies to the pane); the pane's ``allow-passthrough`` is switched on
first. :func:`parse_replies` is pure, so canned replies test it.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
from dataclasses import dataclass

from photogen.ui.clipboard import tmux_passthrough

KITTY_QUERY = "\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\"
XTVERSION = "\x1b[>q"
CELL_SIZE = "\x1b[16t"
DA1 = "\x1b[c"

_KITTY_OK = re.compile(rb"\x1b_Gi=31;OK\x1b\\")
_VERSION = re.compile(rb"\x1bP>\|([^\x1b]*)\x1b\\")
_CELL = re.compile(rb"\x1b\[6;(\d+);(\d+)t")
_DA1 = re.compile(rb"\x1b\[\?([\d;]*)c")


@dataclass(frozen=True)
class Replies:
    """What the terminal said (empty fields: it did not say)."""

    answered: bool = False
    """A DA1 reply came back: the terminal listens to queries."""
    sixel: bool = False
    """DA1 lists attribute 4 (sixel graphics)."""
    kitty_graphics: bool = False
    """The kitty graphics query was answered OK."""
    version: str = ""
    """XTVERSION's text, e.g. ``XTerm(379)`` or ``kitty(0.26.5)``."""
    cell_px: tuple[int, int] | None = None
    """Cell width and height in pixels from ``CSI 16 t``."""
    round_trip_s: float = 0.0
    """Seconds from the questions to the DA1 reply (an SSH link's latency shows here)."""


def queries(*, tmux: bool) -> str:
    """The questions, in the order the replies are expected."""
    parts = (KITTY_QUERY, XTVERSION, CELL_SIZE, DA1)
    return "".join(tmux_passthrough(part) if tmux else part for part in parts)


def parse_replies(data: bytes, round_trip_s: float = 0.0) -> Replies:
    """Read the replies out of whatever came back (keys typed meanwhile are ignored).

    Should tmux answer too (``tmux 3.3a``, ``?1;2c``), the outer terminal's
    replies come last, so the last of each kind wins.
    """
    attributes = _DA1.findall(data)
    versions = [v.decode("utf-8", "replace") for v in _VERSION.findall(data)]
    versions = [v for v in versions if not v.startswith("tmux")] or versions
    cells = _CELL.findall(data)
    cell_px = None
    if cells:
        height, width = (int(v) for v in cells[-1])
        cell_px = (width, height) if width > 0 and height > 0 else None
    last_da1 = attributes[-1].decode().split(";") if attributes else []
    return Replies(
        answered=bool(attributes),
        sixel="4" in last_da1[1:],
        kitty_graphics=bool(_KITTY_OK.search(data)),
        version=versions[-1] if versions else "",
        cell_px=cell_px,
        round_trip_s=round_trip_s if attributes else 0.0,
    )


def read_replies(fd_in: int, timeout: float) -> bytes:
    """Read from ``fd_in`` until DA1's reply (the last question's) or the timeout."""
    data = b""
    deadline = time.monotonic() + timeout
    while not _DA1.search(data):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd_in], [], [], left)
        if not ready:
            break
        chunk = os.read(fd_in, 4096)
        if not chunk:
            break
        data += chunk
    return data


def _tmux(*args: str) -> str | None:
    """Run a tmux command for this pane; its output, or None when tmux refuses."""
    try:
        done = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, timeout=2, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def tmux_client_attached() -> bool:
    """A terminal is attached to this tmux session (a detached one has nobody to answer)."""
    return bool((_tmux("display-message", "-p", "#{client_tty}") or "").strip())


def allow_tmux_passthrough() -> bool:
    """Switch on passthrough for this tmux pane (tmux >= 3.3); False when tmux refuses."""
    return _tmux("set", "-p", "allow-passthrough", "on") is not None


def probe_terminal(*, tmux: bool, timeout: float = 1.0) -> Replies | None:
    """Ask the controlling terminal; None when stdin/stdout are not a terminal.

    Puts the terminal in raw mode for the exchange and restores it after.
    """
    import termios
    import tty

    fd_in, fd_out = 0, 1
    if not (os.isatty(fd_in) and os.isatty(fd_out)):
        return None
    saved = termios.tcgetattr(fd_in)
    try:
        tty.setraw(fd_in, termios.TCSANOW)
        started = time.monotonic()
        os.write(fd_out, queries(tmux=tmux).encode())
        data = read_replies(fd_in, timeout)
        round_trip = time.monotonic() - started
    finally:
        termios.tcsetattr(fd_in, termios.TCSADRAIN, saved)
    return parse_replies(data, round_trip)


def winsize_cell_px(fds: tuple[int, ...] = (1, 2, 0)) -> tuple[int, int] | None:
    """Cell size in pixels from TIOCGWINSZ's pixel fields of the first terminal among ``fds``.

    None when none is a terminal or its pixel fields are 0. Cheap (one ioctl): the
    pictures ask again before each encode, so a font-size change is followed.
    """
    import fcntl
    import struct
    import termios

    for fd in fds:
        try:
            raw = fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8)
        except OSError:
            continue
        rows, cols, width, height = struct.unpack("HHHH", raw)
        if rows and cols and width and height:
            return width // cols, height // rows
    return None
