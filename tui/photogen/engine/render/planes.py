"""YUV 4:2:0 frame buffers and the RGB -> BT.709 limited-range conversion.

Frames are composed directly on Y, U and V planes so that no per-frame colour
conversion is needed: each still and each title is converted once. A frame lives in one
contiguous I420 buffer (Y, then U, then V) that PyAV copies into its frame in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# BT.709, limited range (Y 16..235, Cb/Cr 16..240), for 8-bit gamma-encoded RGB.
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_RGB_TO_YUV = np.array(
    [
        [219 / 255 * _KR, 219 / 255 * _KG, 219 / 255 * _KB, 16.0],
        [
            -224 / 255 * _KR / (2 * (1 - _KB)),
            -224 / 255 * _KG / (2 * (1 - _KB)),
            224 / 255 * 0.5,
            128.0,
        ],
        [
            224 / 255 * 0.5,
            -224 / 255 * _KG / (2 * (1 - _KR)),
            -224 / 255 * _KB / (2 * (1 - _KR)),
            128.0,
        ],
    ],
    dtype=np.float32,
)


@dataclass
class Planes:
    """Y at full size and U, V at half size in each direction (4:2:0)."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    def each(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The three planes, in Y, U, V order."""
        return self.y, self.u, self.v


class FrameBuffer:
    """One I420 frame in a single contiguous array, with plane views into it."""

    def __init__(self, width: int, height: int) -> None:
        if width % 2 or height % 2:
            raise ValueError(f"frame size must be even, got {width}x{height}")
        self.width, self.height = width, height
        luma = width * height
        chroma = luma // 4
        self.data = np.empty((height * 3 // 2, width), dtype=np.uint8)
        flat = self.data.reshape(-1)
        self.planes = Planes(
            y=flat[:luma].reshape(height, width),
            u=flat[luma : luma + chroma].reshape(height // 2, width // 2),
            v=flat[luma + chroma :].reshape(height // 2, width // 2),
        )


def rgb_to_yuv_full(rgb: np.ndarray) -> np.ndarray:
    """Converts an ``(h, w, 3)`` uint8 RGB image to ``(h, w, 3)`` float32 Y, Cb, Cr."""
    return cv2.transform(rgb.astype(np.float32), _RGB_TO_YUV)


def rgb_to_planes(rgb: np.ndarray) -> Planes:
    """Converts a uint8 RGB image with even sides to BT.709 limited-range 4:2:0 planes.

    Chroma is the 2x2 area average, i.e. sited at the centre of each luma quad.
    """
    h, w = rgb.shape[:2]
    yuv = cv2.transform(np.ascontiguousarray(rgb, dtype=np.uint8), _RGB_TO_YUV)
    half = cv2.resize(yuv, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return Planes(
        y=cv2.extractChannel(yuv, 0),
        u=cv2.extractChannel(half, 1),
        v=cv2.extractChannel(half, 2),
    )
