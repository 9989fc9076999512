"""Pick the best image protocol the terminal speaks.

Order: the config's ``image_protocol`` when it is not ``auto``; then the
environment (``KITTY_WINDOW_ID``, ``TERM``, ``TERM_PROGRAM``, ``LC_TERMINAL``),
which SSH forwards as ``TERM`` (and ``LC_*`` on most setups); anything unknown
falls back to half-block characters, which every colour terminal draws.
Inside tmux the outer terminal is hidden, so only an explicit config setting
or a forwarded hint turns graphics on; escapes are then wrapped in tmux's
passthrough (``set -g allow-passthrough on`` is needed on the tmux side).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeGuard, get_args

ImageProtocol = Literal["kitty", "sixel", "halfblock"]


def _is_protocol(name: str) -> TypeGuard[ImageProtocol]:
    return name in get_args(ImageProtocol)


_KITTY_PROGRAMS = frozenset({"wezterm", "ghostty", "kitty"})
_SIXEL_PROGRAMS = frozenset({"iterm.app", "mlterm", "foot", "contour", "konsole"})
_SIXEL_TERMS = ("foot", "mlterm", "contour", "yaft", "sixel")


@dataclass(frozen=True)
class Detection:
    """The chosen protocol and why, for the help screen and the logs."""

    protocol: ImageProtocol
    """What the preview draws with."""
    tmux: bool
    """Escapes must be wrapped in tmux passthrough."""
    reason: str
    """One line: which hint decided."""


def _from_env(env: Mapping[str, str]) -> tuple[ImageProtocol, str] | None:
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "").lower()
    lc_terminal = env.get("LC_TERMINAL", "").lower()
    if env.get("KITTY_WINDOW_ID") or "kitty" in term or "ghostty" in term:
        return "kitty", f"TERM={term or '?'} / KITTY_WINDOW_ID"
    if program in _KITTY_PROGRAMS or env.get("GHOSTTY_RESOURCES_DIR"):
        return "kitty", f"TERM_PROGRAM={program}"
    if program in _SIXEL_PROGRAMS or lc_terminal in _SIXEL_PROGRAMS:
        return "sixel", f"TERM_PROGRAM={program or lc_terminal}"
    if any(name in term for name in _SIXEL_TERMS):
        return "sixel", f"TERM={term}"
    return None


def detect_protocol(override: str = "auto", env: Mapping[str, str] | None = None) -> Detection:
    """Choose the image protocol.

    Args:
        override: ``settings.image_protocol``: auto, kitty, sixel or halfblock.
        env: The environment (``os.environ`` when omitted).

    Returns:
        The detection, never failing: unknown terminals get half-block.
    """
    env = os.environ if env is None else env
    tmux = bool(env.get("TMUX"))
    if _is_protocol(override):
        return Detection(override, tmux, f"image_protocol = {override!r} in the config")
    found = _from_env(env)
    if found is None:
        where = "tmux" if tmux else "this terminal"
        return Detection(
            "halfblock",
            tmux,
            f"no graphics support detected in {where}; "
            "half-block characters (set image_protocol to override)",
        )
    return Detection(found[0], tmux, found[1])
