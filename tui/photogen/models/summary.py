"""What the offline server will use for each job, in words (``models list`` and F1).

Light: reads the models folder's manifests and the environment; nothing loads, and
torch is not imported (the words assume a CPU; a GPU box also uses GPU-sized models).
"""

from __future__ import annotations

import os

from photogen.models.catalogue import Task
from photogen.models.choose import choose, is_editor
from photogen.models.store import ModelStore

SUGGESTED = "lcm-dreamshaper"
"""The model the words suggest when nothing draws from text: CPU-sized, commercial use."""

_JOBS: tuple[tuple[Task, str, str], ...] = (
    ("text-to-image", "Photos", f"the studio engine (`photogen-tui models pull {SUGGESTED}`)"),
    ("image-to-image", '"make it ..." edits', "classical grades"),
    ("matting", "Cut-outs", "classical (GrabCut)"),
)


def in_use(store: ModelStore, model_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """One line per job: ``"Photos: lcm-dreamshaper (installed)"``, or what draws instead."""
    lines = []
    for task, job, otherwise in _JOBS:
        choice = choose(task, store, gpu=False, model_dir=model_dir)
        if task == "image-to-image" and not is_editor(choice):
            choice = None  # only an instruction editor follows "make it ..." (server.engines)
        if choice is None:
            lines.append(f"{job}: {otherwise}")
        else:
            where = "installed" if choice.source == "installed" else f"from {choice.source}"
            lines.append(f"{job}: {choice.name} ({where})")
    return lines
