"""Where exports land: a new file name in the download folder, never one that exists."""

from __future__ import annotations

import os
from pathlib import Path


def reserve_path(folder: Path, name: str) -> Path:
    """Create an empty file ``folder/name`` that did not exist, adding `` (2)``… if needed.

    The exclusive create makes two exports at once never pick the same name, and an
    existing file is never overwritten.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem} ({n}){dot}{ext}")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(f"no free file name for {name} in {folder}")
