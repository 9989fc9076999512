"""photogen-tui: make photos from words and pictures in the terminal."""

from __future__ import annotations

from functools import cache


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("photogen-tui")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0"


def __getattr__(name: str) -> str:
    """``photogen.__version__``, read from the installed metadata on first use.

    Lazy because importlib.metadata costs ~30 ms, which the app's first paint should not pay.
    """
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'photogen' has no attribute {name!r}")
