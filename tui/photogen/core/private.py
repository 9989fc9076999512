"""Files photogen-tui writes under its data dir are the user's alone: folders 0700, files 0600.

The history database holds every prompt and answer; the embedded server keeps the session
token and the user's uploads. Other accounts on a shared machine must not read them.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
CHILD_UMASK = 0o077
"""The embedded server's umask: whatever it writes gets the modes above."""


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) and set it to 0700; returns ``path``."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):  # a folder of another owner: leave it
        path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` when missing and set it to 0600; returns ``path``."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE)
    os.close(fd)
    with contextlib.suppress(OSError):
        path.chmod(FILE_MODE)
    return path
