"""The iTerm2 inline-image protocol (iTerm2, WezTerm, VS Code's terminal).

One OSC 1337 sequence carries the whole file (PNG here) and the cell box it
fills; the terminal scales it. Like sixel, the picture lives in the cells it
covers, so it is re-sent whenever those cells are painted.
"""

from __future__ import annotations

import base64

from photogen.ui.clipboard import tmux_passthrough


def inline_image(png: bytes, cols: int, rows: int, *, tmux: bool = False) -> str:
    """The escape sequence that draws ``png`` in a ``cols x rows`` cell box at the cursor."""
    data = base64.standard_b64encode(png).decode("ascii")
    sequence = (
        f"\x1b]1337;File=inline=1;size={len(png)};width={cols};height={rows};"
        f"preserveAspectRatio=1;doNotMoveCursor=1:{data}\x07"
    )
    return tmux_passthrough(sequence) if tmux else sequence
