"""Contact sheets and side-by-side comparisons of candidates, as PNG files for the preview.

Blocking (Pillow): call them from a thread. Each candidate gets its number and seed
under it, so the preview shows which key picks which photo.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CELL = 360
"""Pixels across one candidate on a sheet."""
LABEL = 34
"""Pixels of the label band under each candidate."""
BACKGROUND = (24, 24, 28)


def _cell(path: Path | str | None, label: str, size: int) -> Image.Image:
    cell = Image.new("RGB", (size, size + LABEL), BACKGROUND)
    if path is not None:
        try:
            with Image.open(path) as image:
                picture = image.convert("RGB")
        except OSError:
            picture = None
        if picture is not None:
            picture.thumbnail((size, size), Image.Resampling.LANCZOS)
            cell.paste(picture, ((size - picture.width) // 2, (size - picture.height) // 2))
    draw = ImageDraw.Draw(cell)
    font = ImageFont.load_default(size=22)
    draw.text((10, size + 5), label, fill=(235, 235, 235), font=font)
    return cell


_COLUMNS = {1: 1, 2: 2, 3: 3, 4: 2, 5: 3, 6: 3, 7: 4, 8: 4, 9: 3}


def _columns(count: int) -> int:
    """Columns of a sheet: 2x2 for four, 3x3 for nine."""
    return _COLUMNS.get(count, 4)


def sheet_path(
    folder: Path, kind: str, paths: Sequence[Path | str | None], labels: Sequence[str]
) -> Path:
    """A stable file name for a sheet of these photos and labels (made once)."""
    digest = hashlib.sha1(repr((kind, list(map(str, paths)), list(labels))).encode()).hexdigest()
    return folder / f"{kind}-{digest[:16]}.png"


def contact_sheet(
    paths: Sequence[Path | str | None], labels: Sequence[str], folder: Path, cell: int = CELL
) -> Path:
    """All candidates in rows (2x2 for four, 3x3 for nine), labelled; returns the PNG.

    Args:
        paths: The candidates' files, in order (None: an empty cell).
        labels: One label per candidate ("1 · seed 1234").
        folder: Where the sheet is written.
        cell: Pixels across one candidate.
    """
    target = sheet_path(folder, "sheet", paths, labels)
    if target.exists():
        return target
    columns = _columns(len(paths))
    rows = math.ceil(len(paths) / columns)
    sheet = Image.new("RGB", (columns * cell, rows * (cell + LABEL)), BACKGROUND)
    for index, (path, label) in enumerate(zip(paths, labels, strict=True)):
        x, y = index % columns * cell, index // columns * (cell + LABEL)
        sheet.paste(_cell(path, label, cell), (x, y))
    return _save(sheet, target)


def side_by_side(
    left: Path | str, right: Path | str, labels: tuple[str, str], folder: Path
) -> Path:
    """Two candidates next to each other, labelled; returns the PNG."""
    target = sheet_path(folder, "compare", [left, right], labels)
    if target.exists():
        return target
    size = CELL * 2
    sheet = Image.new("RGB", (size * 2 + 8, size + LABEL), BACKGROUND)
    sheet.paste(_cell(left, labels[0], size), (0, 0))
    sheet.paste(_cell(right, labels[1], size), (size + 8, 0))
    return _save(sheet, target)


def _save(image: Image.Image, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(".tmp")
    image.save(temp, format="PNG")
    temp.replace(target)
    return target
