"""Whether the optional local server and engine are installed (the ``local`` extra).

A cloud-only install (``pip install photogen-tui``) has the app and the client; the
embedded server and the engine that draws offline need ``photogen-tui[local]`` (FastAPI,
uvicorn, numpy, OpenCV, PyAV). Standard library only, and nothing is imported: the check
only looks the modules up, so it costs about a millisecond.
"""

from __future__ import annotations

import importlib.util

LOCAL_MODULES = (
    ("fastapi",),
    ("uvicorn",),
    ("python_multipart", "multipart"),
    ("numpy",),
    ("cv2",),
    ("av",),
)
"""What the server and engine import; each entry is one module under its possible names."""

LOCAL_MISSING = "The local server and engine are not installed."
INSTALL_LOCAL = "pip install 'photogen-tui[local]'"


def _found(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or blocked install counts as missing
        return False


def missing_local_modules() -> list[str]:
    """The modules of the ``local`` extra that cannot be found (empty when installed)."""
    return [names[0] for names in LOCAL_MODULES if not any(_found(n) for n in names)]


def local_missing_hint(*, cloud_flag: bool = True) -> str:
    """What to do without the local extra.

    Args:
        cloud_flag: Also offer ``--cloud`` (not for ``serve``, which is the server).
    """
    install = f"Install them with: {INSTALL_LOCAL} (in a checkout: pip install -e '.[local]')"
    return f"{install}, or use the NemoVideo cloud with --cloud." if cloud_flag else f"{install}."
