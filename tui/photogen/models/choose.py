"""Which model does which job: a local folder the user named, else an installed catalogue model.

Order for each task:

- text to image: ``PHOTOGEN_MODEL`` / the config's ``model_dir`` (a local diffusers
  folder), else the first installed catalogue model that draws from text and suits the
  machine (GPU models first on a GPU; on a CPU, models too big for it are skipped);
- image to image ("make it ..."): an installed instruction editor, else whatever does
  text to image (its image-to-image pipeline);
- matting (cut-outs): ``PHOTOGEN_MATTING_MODEL`` (a local ONNX file), else an installed
  matting model (CPU-sized first on a CPU).

Nothing here loads a model; it only names paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from photogen.models.catalogue import ModelSpec, Task
from photogen.models.store import ModelStore

MODEL_ENV = "PHOTOGEN_MODEL"
MATTING_ENV = "PHOTOGEN_MATTING_MODEL"


@dataclass(frozen=True)
class ModelChoice:
    """A model picked for a task.

    Attributes:
        task: what it was picked for.
        path: the pipeline folder or ONNX file to load.
        name: the catalogue name, or the folder/file name of a local model.
        spec: the catalogue entry (None for a local folder or file).
        source: where the choice came from, for notes ("PHOTOGEN_MODEL", "installed").
    """

    task: Task
    path: Path
    name: str
    spec: ModelSpec | None
    source: str


def is_editor(choice: ModelChoice | None) -> bool:
    """The choice is an instruction editor (InstructPix2Pix): it follows "make it ..." edits;
    a text-to-image model's image-to-image pipeline only redraws."""
    settings = choice.spec.diffusion if choice is not None and choice.spec else None
    return bool(settings is not None and settings.edit)


def local_path(env: str, config_value: str | os.PathLike[str] | None = None) -> Path | None:
    """The path in environment variable ``env``, else the config value; None if neither."""
    for value in (os.environ.get(env), config_value):
        if value and str(value).strip():
            return Path(str(value).strip()).expanduser()
    return None


def choose(
    task: Task, store: ModelStore, *, gpu: bool, model_dir: str | os.PathLike[str] | None = None
) -> ModelChoice | None:
    """The model for ``task`` on this machine, or None (the studio engine then)."""
    if task == "matting":
        local = local_path(MATTING_ENV)
        if local is not None:
            return ModelChoice(task, local, local.name, None, MATTING_ENV)
    else:
        local = local_path(MODEL_ENV, model_dir)
        if local is not None:
            source = MODEL_ENV if os.environ.get(MODEL_ENV, "").strip() else "model_dir"
            return ModelChoice(task, local, local.name, None, source)
    for spec in _candidates(task, store, gpu):
        model = store.get(spec.name)
        if model is not None:
            return ModelChoice(task, model.load_path, spec.name, spec, "installed")
    return None


def _candidates(task: Task, store: ModelStore, gpu: bool) -> list[ModelSpec]:
    from photogen.models.catalogue import CATALOGUE

    def fits(spec: ModelSpec) -> bool:
        # A GPU-sized diffusion model does not fit a CPU machine's memory at all.
        return gpu or spec.hardware == "cpu" or spec.runtime == "onnx"

    def rank(spec: ModelSpec) -> tuple[int, int]:
        editor = spec.diffusion is not None and spec.diffusion.edit
        return (
            0 if task == "image-to-image" and editor else 1,
            0 if (spec.hardware == "gpu") == gpu else 1,
        )

    usable = [s for s in CATALOGUE if fits(s) and _does(s, task)]
    return sorted(usable, key=rank)


def _does(spec: ModelSpec, task: Task) -> bool:
    if task == "text-to-image" and spec.diffusion is not None and spec.diffusion.edit:
        return False
    return task in spec.tasks
