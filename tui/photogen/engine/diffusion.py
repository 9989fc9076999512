"""Optional neural engine: a diffusers pipeline loaded from a local model folder.

Installed with the ``[diffusion]`` extra (torch, diffusers, transformers). Nothing here
imports torch or diffusers until an engine is built, so importing this module is free.
Models are never downloaded: loading uses ``local_files_only=True`` with the Hugging
Face hub switched offline, and a missing folder is a clear error.

The folder is whatever ``save_pretrained`` (or a hub snapshot) produced for a pipeline
that ``AutoPipelineForText2Image`` understands, e.g. Stable Diffusion 1.5, SDXL.
"""

from __future__ import annotations

import importlib.util
import math
import os
import threading
from pathlib import Path
from typing import Any

from PIL import Image

MODEL_ENV = "PHOTOGEN_MODEL"
"""Environment variable naming the model folder; it wins over the config file."""

DEVICES = ("cuda", "mps", "cpu")
_SIZE_STEP = 8  # latent diffusion models work on sizes divisible by the VAE factor


def available() -> bool:
    """Whether torch and diffusers are installed (checked without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("torch", "diffusers"))


def model_dir_from_env_or_config(config_value: str | None) -> Path | None:
    """The model folder from ``PHOTOGEN_MODEL`` or else the config value; None if neither."""
    for value in (os.environ.get(MODEL_ENV), config_value):
        if value and value.strip():
            return Path(value.strip()).expanduser()
    return None


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
    """

    def __init__(self, model_dir: str | Path, device: str = "auto") -> None:
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
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        self.folder = folder
        self.name = f"diffusers:{folder.name}"
        self.device = pick_device(device)
        self._lock = threading.Lock()
        self._text2image = _load_text2image(folder, self.device)
        self._image2image: Any = None

    @property
    def native_side(self) -> int:
        """The square side the model was trained at (512 for SD 1.5, 1024 for SDXL)."""
        pipe = self._text2image
        sample = getattr(getattr(pipe, "unet", None), "config", None)
        factor = getattr(pipe, "vae_scale_factor", 8)
        return int(getattr(sample, "sample_size", 64) or 64) * int(factor)

    def working_size(self, width: int, height: int) -> tuple[int, int]:
        """``width`` x ``height`` scaled to the model's native area, keeping the aspect.

        Models draw best (and far faster) at the size they were trained at; the caller
        resizes the result to the size it wants.
        """
        scale = math.sqrt(self.native_side**2 / max(1, width * height))
        return _round_size(int(width * scale)), _round_size(int(height * scale))

    def text_to_image(
        self, prompt: str, seed: int, width: int, height: int, steps: int = 25
    ) -> Image.Image:
        """Generates a ``width`` x ``height`` RGB image; the same seed gives the same image."""
        with self._lock:
            result = self._text2image(
                prompt=prompt,
                width=_round_size(width),
                height=_round_size(height),
                num_inference_steps=max(1, steps),
                generator=self._generator(seed),
            )
        return _exact_size(result.images[0], (width, height))

    def image_to_image(
        self, image: Image.Image, prompt: str, seed: int, strength: float = 0.6, steps: int = 25
    ) -> Image.Image:
        """Redraws ``image`` following ``prompt``; ``strength`` 0-1 is how far it may move."""
        strength = min(max(strength, 0.05), 1.0)
        source = image.convert("RGB")
        size = (_round_size(source.width), _round_size(source.height))
        with self._lock:
            if self._image2image is None:
                from diffusers import AutoPipelineForImage2Image

                self._image2image = AutoPipelineForImage2Image.from_pipe(self._text2image)
                self._image2image.set_progress_bar_config(disable=True)
            result = self._image2image(
                prompt=prompt,
                image=source.resize(size, Image.Resampling.LANCZOS),
                strength=strength,
                num_inference_steps=max(steps, math.ceil(1 / strength)),
                generator=self._generator(seed),
            )
        return _exact_size(result.images[0], image.size)

    def _generator(self, seed: int) -> Any:
        import torch

        # A CPU generator makes the starting noise identical on every device.
        return torch.Generator(device="cpu").manual_seed(int(seed) % (2**63))


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


def _load_text2image(folder: Path, device: str) -> Any:
    import torch
    from diffusers import AutoPipelineForText2Image
    from diffusers.utils import logging as diffusers_logging

    diffusers_logging.disable_progress_bar()
    dtype = torch.float16 if device.startswith("cuda") else torch.float32
    pipeline = AutoPipelineForText2Image.from_pretrained(
        str(folder), torch_dtype=dtype, local_files_only=True
    )
    pipeline = pipeline.to(device)
    pipeline.set_progress_bar_config(disable=True)
    return pipeline


def _round_size(value: int) -> int:
    return max(_SIZE_STEP, int(round(value / _SIZE_STEP)) * _SIZE_STEP)


def _exact_size(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    image = image.convert("RGB")
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)
