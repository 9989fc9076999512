"""photogen-tui: make photos from words and pictures in the terminal."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("photogen-tui")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
