"""Pick the best image protocol the terminal speaks, and the real cell size.

Order: ``PHOTOGEN_IMAGE_PROTOCOL``, then the config's ``image_protocol`` when
it is not ``auto``; then what the terminal answered (:mod:`.probe`: the kitty
graphics query, XTVERSION, DA1's sixel bit); then the environment (``TERM``,
``TERM_PROGRAM``, which SSH forwards); anything else gets block characters
(quadrants: 2x2 pixels a cell), which every colour terminal draws.
``KITTY_WINDOW_ID`` alone never picks kitty: it survives in tmux sessions reattached from other
terminals. Kitty's Unicode placeholders (text cells that tmux and scrolling
keep in place) need kitty >= 0.28 or Ghostty; other kitty-protocol terminals
get direct placements. Inside tmux every escape is wrapped in its passthrough.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, TypeGuard, get_args

from photogen.ui.images.probe import Replies

ImageProtocol = Literal["kitty", "sixel", "iterm", "quadrant", "halfblock"]
#: A terminal that takes this long to answer is behind a slow link (a local one: ~1 ms).
SLOW_LINK_S = 0.15
#: Pixel size of a cell when the terminal does not say (a VT340's).
DEFAULT_CELL_PX = (10, 20)


def _is_protocol(name: str) -> TypeGuard[ImageProtocol]:
    return name in get_args(ImageProtocol)


@dataclass(frozen=True)
class Detection:
    """The chosen protocol, the cell size, and why, for the help screen and the logs."""

    protocol: ImageProtocol
    """What pictures are drawn with."""
    tmux: bool
    """Escapes must be wrapped in tmux passthrough."""
    reason: str
    """One line: which answer or hint decided."""
    cell_px: tuple[int, int] = DEFAULT_CELL_PX
    """Width and height of one cell in pixels."""
    cell_source: str = "assumed"
    """Where the cell size came from: ``terminal``, ``tty`` or ``assumed``."""
    kitty_placeholders: bool = False
    """Kitty pictures as Unicode placeholder cells (else direct placements)."""
    truecolor: bool = False
    """The terminal draws 24-bit colour (COLORTERM, or a terminal known to)."""
    terminal: str = field(default="")
    """The terminal's own name and version (XTVERSION), when it said."""
    round_trip_s: float = 0.0
    """How long the terminal took to answer (0: it did not, or was not asked)."""

    @property
    def slow_link(self) -> bool:
        """The terminal answered so slowly that the link is likely slow (low-bandwidth mode)."""
        return self.round_trip_s >= SLOW_LINK_S

    def with_current_cells(self) -> Detection:
        """This detection with the tty's cell size now, unless the terminal itself said.

        A terminal just started may not know its pixel size yet when the app asks;
        the font size may change while the app runs.
        """
        if self.cell_source == "terminal":
            return self
        from photogen.ui.images.probe import winsize_cell_px

        now = winsize_cell_px()
        if now is None or now == self.cell_px:
            return self
        return replace(self, cell_px=now, cell_source="tty")

    def summary(self) -> str:
        """``sixel, 9x19 px cells, via tmux passthrough`` for the help screen."""
        width, height = self.cell_px
        parts: list[str] = [self.protocol]
        if self.protocol == "kitty":
            parts[0] += " (placeholders)" if self.kitty_placeholders else " (direct placement)"
        if self.protocol not in ("halfblock", "quadrant"):
            parts.append(f"{width}x{height} px cells ({self.cell_source})")
        if self.tmux:
            parts.append("via tmux passthrough")
        if self.terminal:
            parts.append(f"terminal {self.terminal}")
        return ", ".join(parts)


_VERSION = re.compile(r"(\d+)\.(\d+)")
_TRUECOLOR_TERMINALS = ("kitty", "wezterm", "ghostty", "iterm2", "xterm", "mlterm", "foot")
#: TERM values of terminals that draw 24-bit colour but may not set COLORTERM (mlterm
#: answers no XTVERSION).
_TRUECOLOR_TERMS = ("mlterm", "xterm-kitty", "xterm-ghostty", "foot", "wezterm", "alacritty")
_ITERM_PROGRAMS = frozenset({"iterm.app", "wezterm", "vscode"})
_SIXEL_TERMS = ("foot", "mlterm", "contour", "yaft", "sixel")


def _kitty_placeholders(version: str) -> bool:
    """Kitty >= 0.28 and Ghostty draw Unicode placeholders."""
    name = version.lower()
    if name.startswith("ghostty"):
        return True
    found = _VERSION.search(name)
    if not name.startswith("kitty") or found is None:
        return False
    return (int(found.group(1)), int(found.group(2))) >= (0, 28)


def _from_replies(replies: Replies) -> tuple[ImageProtocol, str, bool] | None:
    """Protocol, reason and placeholders from the terminal's own answers."""
    name = replies.version.lower()
    said = f"the terminal ({replies.version or 'no XTVERSION'})"
    if replies.kitty_graphics and (name.startswith(("kitty", "ghostty"))):
        placeholders = _kitty_placeholders(replies.version)
        return "kitty", f"{said} answered the kitty graphics query", placeholders
    if name.startswith(("wezterm", "iterm2")):
        return "iterm", f"{said} speaks the iTerm2 inline-image protocol", False
    if replies.sixel:
        return "sixel", f"{said} lists sixel in its device attributes", False
    if replies.kitty_graphics:
        return "kitty", f"{said} answered the kitty graphics query", False
    return None


def _from_env(env: Mapping[str, str]) -> tuple[ImageProtocol, str] | None:
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "").lower()
    if "kitty" in term or "ghostty" in term:
        return "kitty", f"TERM={term}"
    if program in _ITERM_PROGRAMS or env.get("LC_TERMINAL", "").lower() == "iterm2":
        return "iterm", f"TERM_PROGRAM={program or 'iTerm2'}"
    if program in ("mlterm", "foot", "contour") or any(name in term for name in _SIXEL_TERMS):
        return "sixel", f"TERM={term}"
    return None


def _truecolor(env: Mapping[str, str], replies: Replies | None) -> bool:
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return True
    name = replies.version.lower() if replies else ""
    term = env.get("TERM", "").lower()
    return name.startswith(_TRUECOLOR_TERMINALS) or term.startswith(_TRUECOLOR_TERMS)


def _cell(
    replies: Replies | None, winsize_px: tuple[int, int] | None
) -> tuple[tuple[int, int], str]:
    if replies is not None and replies.cell_px:
        return replies.cell_px, "terminal"
    if winsize_px and winsize_px[0] > 0 and winsize_px[1] > 0:
        return winsize_px, "tty"
    return DEFAULT_CELL_PX, "assumed"


def detect_protocol(
    override: str = "auto",
    env: Mapping[str, str] | None = None,
    replies: Replies | None = None,
    winsize_px: tuple[int, int] | None = None,
) -> Detection:
    """Choose the image protocol.

    Args:
        override: ``settings.image_protocol``: auto, kitty, sixel, iterm or halfblock.
        env: The environment (``os.environ`` when omitted).
        replies: What the terminal answered (:func:`.probe.probe_terminal`), if asked.
        winsize_px: The cell size from TIOCGWINSZ's pixel fields, if known.

    Returns:
        The detection, never failing: unknown terminals get quadrant characters
        (2x2 pixels a cell, sharper than half blocks; ``halfblock`` on request).
    """
    env = os.environ if env is None else env
    tmux = bool(env.get("TMUX"))
    cell_px, cell_source = _cell(replies, winsize_px)
    base = Detection(
        "halfblock",
        tmux,
        "",
        cell_px=cell_px,
        cell_source=cell_source,
        truecolor=_truecolor(env, replies),
        terminal=replies.version if replies else "",
        round_trip_s=replies.round_trip_s if replies else 0.0,
    )
    forced = env.get("PHOTOGEN_IMAGE_PROTOCOL", "").strip().lower()
    if _is_protocol(forced):
        return replace(base, protocol=forced, reason=f"PHOTOGEN_IMAGE_PROTOCOL={forced}")
    if _is_protocol(override):
        return replace(
            base, protocol=override, reason=f"image_protocol = {override!r} in the config"
        )
    answered = _from_replies(replies) if replies is not None else None
    if answered is not None:
        protocol, reason, placeholders = answered
        return replace(base, protocol=protocol, reason=reason, kitty_placeholders=placeholders)
    found = _from_env(env)
    if found is not None:
        return replace(base, protocol=found[0], reason=found[1])
    asked = (
        "the terminal did not answer"
        if replies is None or not replies.answered
        else ("the terminal answered without graphics support")
    )
    where = " (inside tmux)" if tmux else ""
    return replace(
        base,
        protocol="quadrant",
        reason=f"{asked}{where}; quadrant characters (set image_protocol to override)",
    )


def detect_terminal(override: str = "auto") -> Detection:
    """Ask the real terminal (before the app starts) and choose; never fails."""
    from photogen.ui.images import probe

    env = os.environ
    tmux = bool(env.get("TMUX"))
    # Asked even when a protocol is forced: the cell size and truecolor come from the answer.
    # A detached tmux session has no terminal to answer: no question, no wait.
    replies = None
    if not tmux or (probe.tmux_client_attached() and probe.allow_tmux_passthrough()):
        try:
            replies = probe.probe_terminal(tmux=tmux)
        except OSError:
            replies = None
    return detect_protocol(override, env, replies, probe.winsize_cell_px())
