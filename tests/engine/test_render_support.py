"""Shared helpers for the renderer tests (no tests here): test stills and PyAV probing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
from PIL import Image


def textured_still(path: Path, size: tuple[int, int] = (640, 400), seed: int = 1) -> str:
    """A colourful, detailed picture: blurred noise over shapes (good for tracking)."""
    rng = np.random.default_rng(seed)
    w, h = size
    img = rng.integers(0, 256, (h // 8, w // 8, 3), dtype=np.uint8)
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_CUBIC)
    for _ in range(12):
        centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.circle(img, centre, int(rng.integers(8, 60)), colour, -1)
    img = cv2.GaussianBlur(img, (0, 0), 1.2)
    Image.fromarray(img).save(path)
    return str(path)


def flat_still(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (400, 300)) -> str:
    """A single-colour picture."""
    Image.new("RGB", size, colour).save(path)
    return str(path)


@dataclass
class Probe:
    """What ffprobe would say about an MP4, read with PyAV."""

    video_codec: str
    pix_fmt: str
    width: int
    height: int
    video_s: float
    frames: int
    audio_codec: str | None
    audio_s: float | None
    color: tuple[int, int, int, int]
    moov_before_mdat: bool


def probe(path: str | Path) -> Probe:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        audio = c.streams.audio[0] if c.streams.audio else None
        ctx = v.codec_context
        result = Probe(
            video_codec=ctx.name,
            pix_fmt=ctx.pix_fmt,
            width=ctx.width,
            height=ctx.height,
            video_s=float(v.duration * v.time_base),
            frames=v.frames,
            audio_codec=audio.codec_context.name if audio else None,
            audio_s=float(audio.duration * audio.time_base) if audio else None,
            color=(ctx.color_primaries, ctx.color_trc, ctx.colorspace, ctx.color_range),
            moov_before_mdat=False,
        )
    data = Path(path).read_bytes()
    result.moov_before_mdat = 0 <= data.find(b"moov") < data.find(b"mdat")
    return result


def luma_frames(path: str | Path) -> list[np.ndarray]:
    """Every decoded frame's Y plane as float32 (height, width)."""
    with av.open(str(path)) as c:
        return [f.to_ndarray(format="gray").astype(np.float32) for f in c.decode(video=0)]


def rgb_frame(path: str | Path, index: int) -> np.ndarray:
    """Decoded frame ``index`` as RGB uint8."""
    with av.open(str(path)) as c:
        for i, frame in enumerate(c.decode(video=0)):
            if i == index:
                return frame.to_ndarray(format="rgb24")
    raise IndexError(index)


def decode_audio(path: str | Path) -> np.ndarray:
    """The first audio stream as float32 (channels, samples)."""
    with av.open(str(path)) as c:
        chunks = [f.to_ndarray() for f in c.decode(audio=0)]
    return np.concatenate(chunks, axis=1).astype(np.float32)


def shift_between(a: np.ndarray, b: np.ndarray, iterations: int = 3) -> tuple[float, float]:
    """Sub-pixel translation of ``b`` relative to ``a`` (Lucas-Kanade, central region)."""
    a = cv2.GaussianBlur(a, (0, 0), 1.5)
    b = cv2.GaussianBlur(b, (0, 0), 1.5)
    h, w = a.shape
    m = (slice(h // 6, h - h // 6), slice(w // 6, w - w // 6))
    gy, gx = np.gradient(a)
    gx, gy = gx[m], gy[m]
    system = np.array([[np.sum(gx * gx), np.sum(gx * gy)], [np.sum(gx * gy), np.sum(gy * gy)]])
    dx = dy = 0.0
    for _ in range(iterations):
        back = np.array([[1.0, 0.0, dx], [0.0, 1.0, dy]])
        moved = cv2.warpAffine(b, back, (w, h), flags=cv2.INTER_CUBIC)
        diff = (moved - a)[m]
        step = np.linalg.solve(system, -np.array([np.sum(gx * diff), np.sum(gy * diff)]))
        dx, dy = dx - step[0], dy - step[1]
    return -dx, -dy
