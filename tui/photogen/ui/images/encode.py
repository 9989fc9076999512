"""Turn a picture file into what one protocol draws in a box of cells.

Runs in a thread (Pillow is imported here). The picture is fitted to the box
at the real cell size, keeping its aspect, and centred; a zoom and a pan
centre crop it first (the viewer's ``+``/``-`` and arrows). Every protocol
also gets a half-block grid: the form drawn where graphics cannot be (under a
modal dialog, partly scrolled out of view).
"""

from __future__ import annotations

import io
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from photogen.ui.clipboard import tmux_passthrough
from photogen.ui.images import iterm, kitty, sixel
from photogen.ui.images.detect import Detection
from photogen.ui.images.halfblock import RGB, PixelGrid, grid_from_image
from photogen.ui.images.quadrant import Cell, quadrant_cells

if TYPE_CHECKING:
    from PIL import Image

_KITTY_IDS = itertools.count(0x50_47_01)


@dataclass(frozen=True)
class View:
    """Which part of the picture to show: zoom 1 is the whole picture."""

    zoom: float = 1.0
    """1 = whole picture; 2 = half its width and height, and so on."""
    center: tuple[float, float] = (0.5, 0.5)
    """Centre of the shown part, as fractions of the picture's width and height."""


@dataclass(frozen=True)
class Encoded:
    """One picture ready to draw in a box of cells."""

    protocol: str
    """``sixel``, ``iterm``, ``kitty`` (direct), ``placeholders`` or ``halfblock``."""
    cells: tuple[int, int]
    """Columns and rows the picture covers."""
    offset: tuple[int, int]
    """Columns and rows from the box's top-left corner to the picture's (centring)."""
    grid: PixelGrid
    """Half-block pixels for the same box: the text form of the picture."""
    payload: str = ""
    """Sixel or iTerm2 sequence drawn at the picture's top-left cell, or kitty's placement."""
    upload: str = ""
    """Kitty: sent once before the first placement (the picture's data)."""
    kitty_id: int = 0
    """Kitty image id, 0 for other protocols."""
    pixel_size: tuple[int, int] = (0, 0)
    """Size of the picture as encoded, in pixels."""
    quads: tuple[tuple[Cell, ...], ...] = ()
    """Quadrant characters (the ``quadrant`` protocol): the text form, rows of cells."""


def crop_view(image: Image.Image, view: View) -> Image.Image:
    """The part of ``image`` the view shows (the whole picture at zoom 1)."""
    if view.zoom <= 1.0:
        return image
    width, height = image.size
    part_w, part_h = max(1, round(width / view.zoom)), max(1, round(height / view.zoom))
    left = round(view.center[0] * width - part_w / 2)
    top = round(view.center[1] * height - part_h / 2)
    left = min(max(0, left), width - part_w)
    top = min(max(0, top), height - part_h)
    return image.crop((left, top, left + part_w, top + part_h))


def fit_pixels(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size with ``size``'s aspect inside ``box`` (both in pixels)."""
    scale = min(box[0] / max(1, size[0]), box[1] / max(1, size[1]))
    return max(1, math.floor(size[0] * scale)), max(1, math.floor(size[1] * scale))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def pad_to_cells(
    image: Image.Image, cells: tuple[int, int], cell_px: tuple[int, int], background: RGB
) -> Image.Image:
    """``image`` centred on a canvas of whole cells in ``background``.

    A sixel picture that ends inside a cell leaves that cell's last pixels to
    the terminal (mlterm paints them white); whole cells leave nothing over.
    """
    from PIL import Image

    size = (cells[0] * cell_px[0], cells[1] * cell_px[1])
    if image.size == size:
        return image
    canvas = Image.new("RGB", size, background)
    canvas.paste(image, ((size[0] - image.width) // 2, (size[1] - image.height) // 2))
    return canvas


def encode_picture(
    path: str,
    cols: int,
    rows: int,
    detection: Detection,
    view: View | None = None,
    background: RGB = (0, 0, 0),
    *,
    dither: bool = True,
) -> Encoded:
    """Load ``path`` and encode it for ``detection``'s protocol in ``cols x rows`` cells.

    ``background`` fills the rest of the last row and column of cells (sixel);
    ``dither`` is off in low-bandwidth mode (fewer bytes).

    Raises:
        OSError: The file is missing or is not an image Pillow can read.
    """
    from PIL import Image

    with Image.open(path) as opened:
        image = crop_view(opened.convert("RGB"), view or View())
    cols, rows = max(1, cols), max(1, rows)
    grid = grid_from_image(image, cols, rows)
    if detection.protocol == "halfblock":
        used = (grid.width, grid.height // 2)
        return Encoded("halfblock", used, _centre((cols, rows), used), grid)
    cell_w, cell_h = detection.cell_px
    box = (cols, rows)
    if detection.protocol == "kitty" and detection.kitty_placeholders:
        # Placeholder cells can name rows and columns up to MAX_CELLS only.
        box = (min(cols, kitty.MAX_CELLS), min(rows, kitty.MAX_CELLS))
    pixels = fit_pixels(image.size, (box[0] * cell_w, box[1] * cell_h))
    if detection.protocol == "quadrant":
        return _quadrants(image, pixels, (cols, rows), detection.cell_px, grid)
    used = (min(cols, math.ceil(pixels[0] / cell_w)), min(rows, math.ceil(pixels[1] / cell_h)))
    offset = _centre((cols, rows), used)
    fitted = image.resize(pixels, Image.Resampling.LANCZOS)
    tmux = detection.tmux
    if detection.protocol == "sixel":
        padded = pad_to_cells(fitted, used, detection.cell_px, background)
        payload = sixel.encode_image(padded, dither=dither)
        if tmux:
            payload = tmux_passthrough(payload)
        return Encoded("sixel", used, offset, grid, payload, pixel_size=pixels)
    if detection.protocol == "iterm":
        payload = iterm.inline_image(_png(fitted), *used, tmux=tmux)
        return Encoded("iterm", used, offset, grid, payload, pixel_size=pixels)
    image_id = next(_KITTY_IDS)
    if detection.kitty_placeholders:
        upload = kitty.transmit(_png(fitted), image_id, *used, tmux=tmux)
        return Encoded("placeholders", used, offset, grid, "", upload, image_id, pixels)
    upload = kitty.upload(_png(fitted), image_id, tmux=tmux)
    payload = kitty.place(image_id, *used, tmux=tmux)
    return Encoded("kitty", used, offset, grid, payload, upload, image_id, pixels)


def _quadrants(
    image: Image.Image,
    pixels: tuple[int, int],
    box: tuple[int, int],
    cell_px: tuple[int, int],
    grid: PixelGrid,
) -> Encoded:
    """Two by two pixels per cell: the picture resized to twice the cells it covers."""
    from PIL import Image

    used = (
        max(1, min(box[0], round(pixels[0] / cell_px[0]))),
        max(1, min(box[1], round(pixels[1] / cell_px[1]))),
    )
    small = image.resize((used[0] * 2, used[1] * 2), Image.Resampling.LANCZOS)
    raw = small.tobytes()
    flat = tuple(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    rows = quadrant_cells(small.width, small.height, flat)
    quads = tuple(tuple(row) for row in rows)
    return Encoded("quadrant", used, _centre(box, used), grid, pixel_size=pixels, quads=quads)


def _centre(box: tuple[int, int], used: tuple[int, int]) -> tuple[int, int]:
    return max(0, (box[0] - used[0]) // 2), max(0, (box[1] - used[1]) // 2)
