"""Copy text to the system clipboard with OSC 52, inside tmux too."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping


def in_tmux(env: Mapping[str, str] | None = None) -> bool:
    """Whether the app runs inside tmux."""
    env = os.environ if env is None else env
    return bool(env.get("TMUX"))


def tmux_passthrough(sequence: str) -> str:
    """Wrap an escape sequence so tmux hands it to the outer terminal.

    Every ESC inside is doubled, as tmux's passthrough requires.
    """
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def osc52(text: str, *, tmux: bool = False) -> str:
    """The OSC 52 "set clipboard" sequence for ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\a"
    return tmux_passthrough(sequence) if tmux else sequence
