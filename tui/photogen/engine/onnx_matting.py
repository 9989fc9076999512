"""Subject matting with an ONNX graph (BiRefNet, RMBG and kin) on onnxruntime.

:func:`load_matting` returns a plain callable ``rgb -> alpha``: ``rgb`` is an
``H x W x 3`` uint8 array, ``alpha`` an ``H x W`` float32 array in 0-1 (1 = subject).
That is all the cut-out code needs to know; it never sees onnxruntime.

The graph takes one ``1 x 3 x S x S`` float32 image, normalised per channel, and gives
one map (logits or 0-1) at that size; it is resized back to the photo. The side ``S`` is
read from the graph when it is fixed, else the caller's ``input_side``.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

AlphaFn = Callable[[np.ndarray], np.ndarray]


def available() -> bool:
    """Whether onnxruntime is installed (checked without importing it)."""
    return importlib.util.find_spec("onnxruntime") is not None


@dataclass(frozen=True)
class MattingInput:
    """How the graph wants its input (the catalogue's ``MattingSettings`` carry these)."""

    input_side: int = 1024
    mean: tuple[float, float, float] = (0.485, 0.456, 0.406)
    std: tuple[float, float, float] = (0.229, 0.224, 0.225)
    activation: Literal["sigmoid", "none", "auto"] = "auto"


class OnnxMatting:
    """One loaded matting graph; calling it maps a photo to its alpha.

    Attributes:
        name: ``"onnx:<file stem>"`` for image metadata and notes.
        device: ``cuda`` when the CUDA provider runs it, else ``cpu``.
    """

    def __init__(
        self,
        path: str | Path,
        settings: MattingInput | None = None,
        device: str = "auto",
        name: str | None = None,
    ) -> None:
        """Opens ``path`` with onnxruntime; never downloads. ``name`` defaults to the stem.

        Raises:
            FileNotFoundError: no such file.
            RuntimeError: onnxruntime is missing or the file is not a usable graph.
        """
        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise FileNotFoundError(f"matting model not found: {self.path}")
        if not available():
            raise RuntimeError(
                "matting models need onnxruntime: pip install 'photogen-tui[models]'"
            )
        self.settings = settings or MattingInput()
        self._session = _open_session(self.path, device)
        self.device = "cuda" if "CUDAExecutionProvider" in self._session.get_providers() else "cpu"
        self.name = f"onnx:{name or self.path.stem}"
        graph_input = self._session.get_inputs()[0]
        self._input_name = graph_input.name
        self._side = _fixed_side(graph_input.shape) or self.settings.input_side
        self._lock = threading.Lock()

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        """The alpha of ``rgb`` (H x W x 3 uint8) as H x W float32 in 0-1."""
        if rgb.ndim != 3 or rgb.shape[2] != 3:
            raise ValueError(f"expected an H x W x 3 RGB array, got shape {rgb.shape}")
        batch = self._prepare(rgb)
        with self._lock:  # an InferenceSession is not meant to run twice at once
            raw = self._session.run(None, {self._input_name: batch})[0]
        return self._finish(np.asarray(raw, dtype=np.float32), rgb.shape[:2])

    def _prepare(self, rgb: np.ndarray) -> np.ndarray:
        import cv2

        side = self._side
        resized = cv2.resize(rgb, (side, side), interpolation=cv2.INTER_AREA)
        scaled = resized.astype(np.float32) / 255.0
        mean = np.asarray(self.settings.mean, np.float32)
        std = np.asarray(self.settings.std, np.float32)
        return ((scaled - mean) / std).transpose(2, 0, 1)[None].astype(np.float32)

    def _finish(self, raw: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        import cv2

        alpha_map = raw.reshape(raw.shape[-2:])
        activation = self.settings.activation
        if activation == "sigmoid" or (
            activation == "auto" and (alpha_map.min() < 0.0 or alpha_map.max() > 1.0)
        ):
            alpha_map = 1.0 / (1.0 + np.exp(-np.clip(alpha_map, -60.0, 60.0)))
        height, width = size
        full = cv2.resize(alpha_map, (width, height), interpolation=cv2.INTER_LINEAR)
        return np.clip(full, 0.0, 1.0).astype(np.float32)


def load_matting(
    path: str | Path,
    settings: MattingInput | None = None,
    device: str = "auto",
    name: str | None = None,
) -> AlphaFn:
    """A plain ``rgb -> alpha`` callable for the ONNX graph at ``path`` (see module doc)."""
    return OnnxMatting(path, settings, device, name)


def _open_session(path: Path, device: str) -> Any:
    import onnxruntime as ort

    wanted = ["CPUExecutionProvider"]
    if device in ("auto", "cuda") and "CUDAExecutionProvider" in ort.get_available_providers():
        wanted.insert(0, "CUDAExecutionProvider")
    options = ort.SessionOptions()
    options.log_severity_level = 3  # warnings from the graph optimiser are not the user's
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=wanted)
    except Exception as exc:  # onnxruntime raises its own untyped errors for bad graphs
        raise RuntimeError(f"{path.name} is not a usable ONNX graph: {exc}") from exc


def _fixed_side(shape: list[Any]) -> int | None:
    """The square side of an ``N x 3 x S x S`` input when the graph fixes it."""
    if len(shape) == 4 and isinstance(shape[2], int) and shape[2] == shape[3] and shape[2] > 0:
        return int(shape[2])
    return None
