"""Loading the chosen model for a task: once, in the caller's thread, within a memory budget.

:class:`ModelLoader` is what a server holds. ``text_to_image()``, ``image_to_image()`` and
``matting()`` return a ready engine (a :class:`~photogen.engine.diffusion.DiffusionEngine`
or a plain ``rgb -> alpha`` callable), None when no model is installed for the task (the
studio engine then), or raise :class:`ModelLoadError` saying why a model could not load.
A model that failed is not tried again on every call.

Memory: loaded models sit in one :class:`~photogen.engine.resident.ResidentModels`
(least recently used out first, half the machine's memory by default). A model's size
there is its weights on disk, doubled for fp16 weights run in float32 on a CPU.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from photogen.models.catalogue import ModelSpec, Task
from photogen.models.choose import ModelChoice, choose
from photogen.models.store import ModelStore

_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".onnx", ".ckpt", ".pt")


class ModelLoadError(Exception):
    """A model was chosen for a task but could not load; the message says why."""


class ModelLoader:
    """Picks and loads models for the server's tasks."""

    def __init__(
        self,
        store: ModelStore | None = None,
        device: str = "auto",
        model_dir: str | None = None,
        resident: Any = None,
    ) -> None:
        from photogen.engine.resident import ResidentModels

        self.store = store or ModelStore()
        self.device = device
        self.model_dir = model_dir
        self.resident = resident or ResidentModels()
        self._failures: dict[Path, str] = {}
        self._lock = threading.Lock()

    def choice(self, task: Task) -> ModelChoice | None:
        """The model that would serve ``task`` (nothing is loaded)."""
        from photogen.engine.diffusion import pick_device

        if choose(task, self.store, gpu=True, model_dir=self.model_dir) is None:
            return None  # nothing at all: no need to ask torch about the device
        gpu = pick_device(self.device).startswith("cuda")
        return choose(task, self.store, gpu=gpu, model_dir=self.model_dir)

    def text_to_image(self) -> Any:
        """The diffusion engine that draws from text, or None."""
        return self._diffusion(self.choice("text-to-image"))

    def image_to_image(self) -> Any:
        """The diffusion engine for "make it ..." edits, or None."""
        return self._diffusion(self.choice("image-to-image"))

    def matting(self) -> Any:
        """A ``rgb -> alpha`` callable for cut-outs, or None."""
        choice = self.choice("matting")
        if choice is None:
            return None
        return self._load(choice, lambda: _open_matting(choice, self.device))

    def _diffusion(self, choice: ModelChoice | None) -> Any:
        if choice is None:
            return None
        return self._load(choice, lambda: _open_diffusion(choice, self.device))

    def _load(self, choice: ModelChoice, open_model: Any) -> Any:
        with self._lock:
            failure = self._failures.get(choice.path)
        if failure is not None:
            raise ModelLoadError(failure)
        try:
            return self.resident.get(
                str(choice.path), _memory_bytes(choice, self.device), open_model
            )
        except (OSError, RuntimeError, ValueError, ImportError) as exc:
            message = f"the model {choice.name} could not load ({exc})"
            with self._lock:
                self._failures[choice.path] = message
            raise ModelLoadError(message) from exc


def _open_diffusion(choice: ModelChoice, device: str) -> Any:
    from photogen.engine.diffusion import DiffusionDefaults, DiffusionEngine

    return DiffusionEngine(
        choice.path, device, _defaults(choice.spec, DiffusionDefaults), name=choice.name
    )


def _defaults(spec: ModelSpec | None, kind: Any) -> Any:
    if spec is None or spec.diffusion is None:
        return kind()
    run = spec.diffusion
    return kind(
        steps=run.steps,
        guidance=run.guidance,
        variant=run.variant,
        gpu_dtype=run.gpu_dtype,
        edit=run.edit,
    )


def _open_matting(choice: ModelChoice, device: str) -> Any:
    from photogen.engine.onnx_matting import MattingInput, load_matting

    spec = choice.spec
    settings = MattingInput()
    if spec is not None and spec.matting is not None:
        m = spec.matting
        settings = MattingInput(m.input_side, m.mean, m.std, m.activation)
    return load_matting(choice.path, settings, device, name=choice.name)


def _memory_bytes(choice: ModelChoice, device: str) -> int:
    path = choice.path
    files = [path] if path.is_file() else list(path.rglob("*")) if path.is_dir() else []
    size = sum(p.stat().st_size for p in files if p.is_file() and p.suffix in _WEIGHT_SUFFIXES)
    spec = choice.spec
    halved = spec is not None and spec.diffusion is not None and spec.diffusion.variant == "fp16"
    return size * 2 if halved and not device.startswith("cuda") else size
