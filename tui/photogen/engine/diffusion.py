"""Optional neural engine: a diffusers pipeline loaded from a local model folder.

Installed with the ``[diffusion]`` extra (torch, diffusers, transformers). Nothing here
imports torch or diffusers until an engine is built, so importing this module is free.
Models are never downloaded here: loading uses ``local_files_only=True`` and a missing
folder is a clear error (``photogen-tui models pull`` is the one place that downloads).

The folder is whatever ``save_pretrained`` (or a hub snapshot) produced for a pipeline
diffusers knows: Stable Diffusion 1.5/2.1 and their few-step distillations (SD-Turbo,
LCM), SDXL, FLUX, and InstructPix2Pix for instruction edits. Components the folder
leaves out on purpose (the SD safety checker and its feature extractor) load as None.

Each call can report its denoising steps (``progress(done, total)``) and be stopped
between two steps (``cancel``, a ``threading.Event``), which raises :class:`Cancelled`.
"""

from __future__ import annotations

import importlib.util
import json
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

MODEL_ENV = "PHOTOGEN_MODEL"
"""Environment variable naming the model folder; it wins over the config file."""

DEVICES = ("cuda", "mps", "cpu")
_SIZE_STEP = 8  # latent diffusion models work on sizes divisible by the VAE factor

StepFn = Callable[[int, int], None]
"""``progress(steps_done, steps_total)``, called after each denoising step."""


class Cancelled(Exception):
    """A generation stopped between two steps because its cancel event was set."""


@dataclass(frozen=True)
class DiffusionDefaults:
    """How the model is run when a call does not say (the catalogue has these per model).

    Attributes:
        steps: denoising steps per picture.
        guidance: classifier-free guidance scale; None keeps the pipeline's default.
        variant: the weight variant in the folder (``"fp16"``), or None.
        gpu_dtype: torch dtype on CUDA (``float16`` or ``bfloat16``); CPUs use float32.
        edit: an instruction editor (InstructPix2Pix): it only edits photos.
    """

    steps: int = 25
    guidance: float | None = None
    variant: str | None = None
    gpu_dtype: str = "float16"
    edit: bool = False


def available() -> bool:
    """Whether torch and diffusers are installed (checked without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "diffusers"))


def pick_device(requested: str = "auto") -> str:
    """Picks the torch device: the requested one, or cuda, mps or cpu for "auto".

    Raises:
        ValueError: an unknown device name.
    """
    choice = requested.strip().lower()
    if choice != "auto":
        if choice.split(":")[0] not in DEVICES:
            raise ValueError(f"unknown device {requested!r}; use auto, {', '.join(DEVICES)}")
        return choice
    if importlib.util.find_spec("torch") is None:
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return "mps"
    return "cpu"


class DiffusionEngine:
    """Text-to-image and image-to-image with a local diffusers pipeline.

    Attributes:
        name: "diffusers:<folder name>", for image metadata and replies.
        device: the torch device the pipeline runs on.
        defaults: steps, guidance and precision used when a call does not say.
    """

    def __init__(
        self,
        model_dir: str | Path,
        device: str = "auto",
        defaults: DiffusionDefaults | None = None,
        name: str | None = None,
    ) -> None:
        """Loads the pipeline from ``model_dir``; never downloads.

        Raises:
            FileNotFoundError: the folder is missing or holds no ``model_index.json``.
            RuntimeError: torch or diffusers is not installed.
        """
        folder = Path(model_dir).expanduser()
        _check_model_folder(folder)
        if not available():
            raise RuntimeError(
                "the diffusion engine needs torch and diffusers: "
                "pip install 'photogen-tui[diffusion]'"
            )
        self.folder = folder
        self.name = f"diffusers:{name or folder.name}"
        self.device = pick_device(device)
        self.defaults = defaults or DiffusionDefaults()
        self._lock = threading.Lock()
        self._pipeline = _load_pipeline(folder, self.device, self.defaults)
        self._image2image: Any = None

    @property
    def native_side(self) -> int:
        """The square side the model was trained at (512 for SD 1.5, 1024 for SDXL)."""
        pipe = self._pipeline
        unet_config = getattr(getattr(pipe, "unet", None), "config", None)
        sample = getattr(unet_config, "sample_size", None)
        sample = sample or getattr(pipe, "default_sample_size", None) or 64  # FLUX: no UNet
        return int(sample) * int(getattr(pipe, "vae_scale_factor", 8))

    def working_size(self, width: int, height: int) -> tuple[int, int]:
        """``width`` x ``height`` scaled to the model's native area, keeping the aspect.

        Models draw best (and far faster) at the size they were trained at; the caller
        resizes the result to the size it wants.
        """
        scale = math.sqrt(self.native_side**2 / max(1, width * height))
        return _round_size(int(width * scale)), _round_size(int(height * scale))

    def text_to_image(
        self,
        prompt: str,
        seed: int,
        width: int,
        height: int,
        steps: int | None = None,
        progress: StepFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Image.Image:
        """Generates a ``width`` x ``height`` RGB image; the same seed gives the same image.

        Raises:
            Cancelled: ``cancel`` was set before the last step.
            ValueError: the model only edits photos (an instruction editor).
        """
        if self.defaults.edit:
            raise ValueError(f"{self.name} edits photos; it cannot draw from text alone")
        count = max(1, steps or self.defaults.steps)
        with self._lock:
            result = self._pipeline(
                prompt=prompt,
                width=_round_size(width),
                height=_round_size(height),
                num_inference_steps=count,
                generator=self._generator(seed),
                **self._guidance(),
                **_step_hooks(count, progress, cancel),
            )
        return _exact_size(result.images[0], (width, height))

    def image_to_image(
        self,
        image: Image.Image,
        prompt: str,
        seed: int,
        strength: float = 0.6,
        steps: int | None = None,
        progress: StepFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Image.Image:
        """Redraws ``image`` following ``prompt``; ``strength`` 0-1 is how far it may move.

        An instruction editor reads ``prompt`` as the instruction ("make it blue") and
        ignores ``strength``.

        Raises:
            Cancelled: ``cancel`` was set before the last step.
        """
        strength = min(max(strength, 0.05), 1.0)
        source = image.convert("RGB")
        size = (_round_size(source.width), _round_size(source.height))
        count = max(1, steps or self.defaults.steps)
        options: dict[str, Any] = {"image": source.resize(size, Image.Resampling.LANCZOS)}
        if self.defaults.edit:
            runs = count
        else:
            count = max(count, math.ceil(1 / strength))
            runs = max(1, int(count * strength))
            options["strength"] = strength
        with self._lock:
            pipe = self._pipeline if self.defaults.edit else self._image_pipeline()
            result = pipe(
                prompt=prompt,
                num_inference_steps=count,
                generator=self._generator(seed),
                **options,
                **self._guidance(),
                **_step_hooks(runs, progress, cancel),
            )
        return _exact_size(result.images[0], image.size)

    def _image_pipeline(self) -> Any:
        if self._image2image is None:
            from diffusers import AutoPipelineForImage2Image

            self._image2image = AutoPipelineForImage2Image.from_pipe(self._pipeline)
            self._image2image.set_progress_bar_config(disable=True)
        return self._image2image

    def _guidance(self) -> dict[str, float]:
        guidance = self.defaults.guidance
        return {} if guidance is None else {"guidance_scale": guidance}

    def _generator(self, seed: int) -> Any:
        import torch

        # A CPU generator makes the starting noise identical on every device.
        return torch.Generator(device="cpu").manual_seed(int(seed) % (2**63))


def _step_hooks(
    total: int, progress: StepFn | None, cancel: threading.Event | None
) -> dict[str, Any]:
    """``callback_on_step_end`` that reports each step and stops on ``cancel``."""
    if progress is None and cancel is None:
        return {}

    def on_step_end(pipe: Any, step: int, _timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
        if progress is not None:
            planned = int(getattr(pipe, "num_timesteps", 0) or total)
            progress(min(step + 1, planned), planned)
        if cancel is not None and cancel.is_set():
            raise Cancelled("stopped between two steps")
        return kwargs

    if cancel is not None and cancel.is_set():
        raise Cancelled("stopped before the first step")
    return {"callback_on_step_end": on_step_end}


def _check_model_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise FileNotFoundError(
            f"model folder not found: {folder} (set {MODEL_ENV} or the "
            "model setting to a local diffusers folder)"
        )
    if not (folder / "model_index.json").is_file():
        raise FileNotFoundError(
            f"{folder} is not a diffusers model folder: it has no model_index.json"
        )


def _absent_components(folder: Path) -> dict[str, Any]:
    """``None`` for each component the index names but the folder does not hold."""
    index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    absent: dict[str, Any] = {
        key: None
        for key, value in index.items()
        if not key.startswith("_")
        and isinstance(value, list)
        and value[0] is not None
        and not (folder / key).is_dir()
    }
    if "safety_checker" in absent:
        absent["requires_safety_checker"] = False
    return absent


def _load_pipeline(folder: Path, device: str, defaults: DiffusionDefaults) -> Any:
    import torch
    from diffusers import AutoPipelineForText2Image, DiffusionPipeline
    from diffusers.utils import logging as diffusers_logging

    diffusers_logging.disable_progress_bar()
    try:  # transformers loads the text encoders; without it diffusers fails on its own
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
    dtype = getattr(torch, defaults.gpu_dtype) if device.startswith("cuda") else torch.float32
    loader = DiffusionPipeline if defaults.edit else AutoPipelineForText2Image
    pipeline = loader.from_pretrained(
        str(folder),
        torch_dtype=dtype,
        local_files_only=True,
        variant=defaults.variant,
        **_absent_components(folder),
    )
    pipeline = pipeline.to(device)
    pipeline.set_progress_bar_config(disable=True)
    return pipeline


def _round_size(value: int) -> int:
    return max(_SIZE_STEP, int(round(value / _SIZE_STEP)) * _SIZE_STEP)


def _exact_size(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    image = image.convert("RGB")
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)
