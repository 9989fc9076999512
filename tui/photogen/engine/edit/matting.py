"""Edge refinement: a small hard mask becomes a full-size soft alpha that hugs the contour.

The mask is scaled up, then only a band around its boundary is re-estimated with a
colour guided filter (He, Sun and Tang) guided by the full-resolution photo: inside the
band alpha becomes a local linear function of colour, which follows the true edge and
gives anti-aliased, matting-like transitions. Away from the band alpha stays 0 or 1.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from photogen.engine.edit.seeds import disc

_EPSILON = 1e-3


def refine_alpha(rgb: np.ndarray, small_mask: np.ndarray) -> np.ndarray:
    """Scales a small binary mask up to ``rgb``'s size as float32 alpha in [0, 1]."""
    height, width = rgb.shape[:2]
    up = cv2.resize(small_mask.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    scale = max(height, width) / max(small_mask.shape)
    radius = max(2, round(2 * scale))
    hard = (up > 0.5).astype(np.uint8)
    band = cv2.dilate(hard, disc(radius)).astype(bool) & ~cv2.erode(hard, disc(radius)).astype(bool)
    alpha = hard.astype(np.float32)
    if not band.any():
        return alpha
    ys, xs = np.nonzero(band)
    pad = 2 * radius + 1
    y0, y1 = max(0, ys.min() - pad), min(height, ys.max() + pad + 1)
    x0, x1 = max(0, xs.min() - pad), min(width, xs.max() + pad + 1)
    guide = rgb[y0:y1, x0:x1].astype(np.float32) / 255.0
    refined = guided_filter(guide, up[y0:y1, x0:x1], radius, _EPSILON)
    window = band[y0:y1, x0:x1]
    alpha[y0:y1, x0:x1][window] = refined[window]
    return np.clip(alpha, 0.0, 1.0)


def guided_filter(guide: np.ndarray, src: np.ndarray, radius: int, eps: float) -> np.ndarray:
    """Colour guided filter: smooths ``src`` (HxW) while following ``guide``'s (HxWx3) edges."""
    size = (2 * radius + 1, 2 * radius + 1)

    def box(x: np.ndarray) -> np.ndarray:
        return cv2.boxFilter(x, -1, size, borderType=cv2.BORDER_REFLECT)

    mean_i = box(guide)
    mean_p = box(src)
    cov_ip = box(guide * src[..., None]) - mean_i * mean_p[..., None]
    var = _channel_covariance(guide, mean_i, box) + eps * np.eye(3, dtype=np.float32)
    a = np.linalg.solve(var, cov_ip[..., None])[..., 0]
    b = mean_p - np.einsum("hwc,hwc->hw", a, mean_i)
    return np.einsum("hwc,hwc->hw", box(a), guide) + box(b)


def _channel_covariance(
    guide: np.ndarray, mean_i: np.ndarray, box: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    height, width = guide.shape[:2]
    cov = np.empty((height, width, 3, 3), np.float32)
    for i in range(3):
        for j in range(i, 3):
            value = box(guide[..., i] * guide[..., j]) - mean_i[..., i] * mean_i[..., j]
            cov[..., i, j] = cov[..., j, i] = value
    return cov
