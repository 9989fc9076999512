"""Kitty graphics protocol: Unicode placeholders, or direct placements.

The picture is sent once (``a=T,U=1``: a virtual placement) and then painted by
ordinary text cells ``U+10EEEE`` whose foreground colour is the image id and
whose combining marks give the cell's row and column. Because they are text,
Textual lays them out, clips and scrolls them like any widget content, and tmux
keeps them in place (the transmit goes through tmux passthrough). Kitty before
0.28 has no placeholders: there the picture is uploaded once (:func:`upload`)
and placed at the cursor (:func:`place`) each time its cells are painted; the
placement is deleted when the cells are hidden, and the upload when replaced.
"""

from __future__ import annotations

import base64

from rich.color import Color
from rich.style import Style
from rich.text import Text

from photogen.ui.clipboard import tmux_passthrough

PLACEHOLDER = "\U0010eeee"
#: Kitty's rowcolumn-diacritics table, first entries: index i encodes value i.
DIACRITICS = tuple(
    chr(code)
    for code in (
        0x0305,
        0x030D,
        0x030E,
        0x0310,
        0x0312,
        0x033D,
        0x033E,
        0x033F,
        0x0346,
        0x034A,
        0x034B,
        0x034C,
        0x0350,
        0x0351,
        0x0352,
        0x0357,
        0x035B,
        0x0363,
        0x0364,
        0x0365,
        0x0366,
        0x0367,
        0x0368,
        0x0369,
        0x036A,
        0x036B,
        0x036C,
        0x036D,
        0x036E,
        0x036F,
        0x0483,
        0x0484,
        0x0485,
        0x0486,
        0x0487,
        0x0592,
        0x0593,
        0x0594,
        0x0595,
        0x0597,
        0x0598,
        0x0599,
        0x059C,
        0x059D,
        0x059E,
        0x059F,
        0x05A0,
        0x05A1,
        0x05A8,
        0x05A9,
        0x05AB,
        0x05AC,
        0x05AF,
        0x05C4,
        0x0610,
        0x0611,
        0x0612,
        0x0613,
        0x0614,
        0x0615,
        0x0616,
        0x0617,
        0x0657,
        0x0658,
        0x0659,
        0x065A,
        0x065B,
        0x065D,
        0x065E,
        0x06D6,
        0x06D7,
        0x06D8,
        0x06D9,
        0x06DA,
        0x06DB,
        0x06DC,
    )
)
MAX_CELLS = len(DIACRITICS)
_CHUNK = 4096


def _wrap(sequence: str, tmux: bool) -> str:
    return tmux_passthrough(sequence) if tmux else sequence


def transmit(png: bytes, image_id: int, cols: int, rows: int, *, tmux: bool = False) -> str:
    """The escape sequence that uploads ``png`` and makes a virtual placement.

    Args:
        png: PNG bytes of the picture.
        image_id: 1..0xFFFFFF, also the placeholder cells' colour.
        cols: Cells across the placement covers.
        rows: Cells down.
        tmux: Wrap each chunk in tmux passthrough.
    """
    return _chunks(png, f"a=T,U=1,f=100,q=2,i={image_id},c={cols},r={rows}", tmux)


def upload(png: bytes, image_id: int, *, tmux: bool = False) -> str:
    """Upload ``png`` without showing it (direct placement follows with :func:`place`)."""
    return _chunks(png, f"a=t,f=100,q=2,i={image_id}", tmux)


def place(image_id: int, cols: int, rows: int, *, tmux: bool = False) -> str:
    """Show an uploaded picture at the cursor, scaled to ``cols x rows`` cells.

    Placement id 1: placing again replaces the previous placement. The cursor
    does not move (``C=1``), so the text after it lands where Textual expects.
    """
    return _wrap(f"\x1b_Ga=p,i={image_id},p=1,c={cols},r={rows},C=1,q=2\x1b\\", tmux)


def hide(image_id: int, *, tmux: bool = False) -> str:
    """Delete the picture's placements but keep it uploaded."""
    return _wrap(f"\x1b_Ga=d,d=i,i={image_id},q=2\x1b\\", tmux)


def _chunks(png: bytes, head: str, tmux: bool) -> str:
    data = base64.standard_b64encode(png).decode("ascii")
    chunks = [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [""]
    out = []
    for index, chunk in enumerate(chunks):
        more = int(index < len(chunks) - 1)
        head = f"{head},m={more}" if index == 0 else f"m={more}"
        sequence = f"\x1b_G{head};{chunk}\x1b\\"
        out.append(tmux_passthrough(sequence) if tmux else sequence)
    return "".join(out)


def delete(image_id: int, *, tmux: bool = False) -> str:
    """The escape sequence that frees an uploaded picture."""
    sequence = f"\x1b_Ga=d,d=I,i={image_id},q=2\x1b\\"
    return tmux_passthrough(sequence) if tmux else sequence


def placeholder_lines(image_id: int, cols: int, rows: int) -> list[Text]:
    """One Rich ``Text`` per row of placeholder cells for the placement."""
    cols, rows = min(cols, MAX_CELLS), min(rows, MAX_CELLS)
    color = Color.from_rgb((image_id >> 16) & 0xFF, (image_id >> 8) & 0xFF, image_id & 0xFF)
    style = Style(color=color)
    return [
        Text(
            "".join(PLACEHOLDER + DIACRITICS[row] + DIACRITICS[col] for col in range(cols)),
            style=style,
        )
        for row in range(rows)
    ]
