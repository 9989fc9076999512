"""Locate the packaged stylesheets (``photogen.styles``, the repository's ``styles/``)."""

from __future__ import annotations

from pathlib import Path, PurePath

#: Stylesheets in load order; later ones refine earlier ones.
SHEETS: tuple[str, ...] = ("app.tcss", "main.tcss", "dialogs.tcss")


def styles_dir() -> Path:
    """The folder holding the ``.tcss`` files."""
    # Beside this package rather than through importlib.resources, whose import (with
    # zipfile) costs the first paint a few milliseconds; the package is never zipped.
    return Path(__file__).resolve().parents[1] / "styles"


def stylesheet_paths() -> list[str | PurePath]:
    """Absolute paths of the stylesheets, for ``App.CSS_PATH``."""
    folder = styles_dir()
    return [folder / name for name in SHEETS]
