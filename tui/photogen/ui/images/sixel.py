"""A small Sixel encoder (palette + run-length bands of six pixel rows).

:func:`encode` works on plain palette indices so it is testable without
Pillow; :func:`encode_file` loads, shrinks and quantises with Pillow (call it
from a thread worker).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from photogen.ui.clipboard import tmux_passthrough

RGB = tuple[int, int, int]
#: Assumed pixel size of one terminal cell when the terminal does not say.
CELL_PX = (10, 20)


def _run(char: str, count: int) -> str:
    return f"!{count}{char}" if count > 3 else char * count


def _band_line(indices: Sequence[int], width: int, height: int, top: int, color: int) -> str:
    out: list[str] = []
    prev, count = "", 0
    for x in range(width):
        bits = 0
        for k in range(6):
            y = top + k
            if y < height and indices[y * width + x] == color:
                bits |= 1 << k
        char = chr(63 + bits)
        if char == prev:
            count += 1
            continue
        if count:
            out.append(_run(prev, count))
        prev, count = char, 1
    out.append(_run(prev, count))
    return "".join(out)


def encode(width: int, height: int, palette: Sequence[RGB], indices: Sequence[int]) -> str:
    """Encode a paletted picture as one DCS sixel sequence.

    Args:
        width: Pixels across.
        height: Pixels down.
        palette: Up to 256 colours.
        indices: ``width * height`` palette indices, row-major.
    """
    head = [f'\x1bPq"1;1;{width};{height}']
    for number, (r, g, b) in enumerate(palette):
        head.append(f"#{number};2;{r * 100 // 255};{g * 100 // 255};{b * 100 // 255}")
    bands: list[str] = []
    for top in range(0, height, 6):
        used = sorted(
            {indices[y * width + x] for y in range(top, min(top + 6, height)) for x in range(width)}
        )
        lines = [f"#{color}" + _band_line(indices, width, height, top, color) for color in used]
        bands.append("$".join(lines) + "-")
    return "".join(head) + "".join(bands) + "\x1b\\"


def encode_file(
    path: Path | str, cols: int, rows: int, *, tmux: bool = False, colors: int = 64
) -> str:
    """Load an image, fit it to ``cols x rows`` cells and encode it as sixel."""
    from PIL import Image

    with Image.open(path) as image:
        rgb = image.convert("RGB")
    box = (cols * CELL_PX[0], rows * CELL_PX[1])
    rgb.thumbnail(box)
    quantized = rgb.quantize(colors=colors)
    flat = quantized.getpalette() or []
    count = len(flat) // 3
    palette = [(flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]) for i in range(count)]
    sequence = encode(quantized.width, quantized.height, palette, list(quantized.tobytes()))
    return tmux_passthrough(sequence) if tmux else sequence
