"""A background model learnt from the image border, and each pixel's distance to it.

Product photos and most uploads have the subject away from the frame's edge, so the
border strip is a sample of the background. Two models explain it:

- colour clusters (k-means in Lab, each with its own covariance) for plain, textured
  and cluttered backgrounds;
- a quadratic surface per channel over (x, y) for gradients and vignettes, whose centre
  colour may appear nowhere on the border.

A pixel's score is its Mahalanobis-style distance to the nearer model: about 1-3 on the
background, large on the subject.
"""

from __future__ import annotations

import cv2
import numpy as np

CLUSTERS = 6
_MIN_SIGMA = 2.5  # Lab units (OpenCV 8-bit scale); floors the spread of flat backgrounds
_MAX_SAMPLES = 4000
_SMOOTH_LIMIT = 8.0  # mean residual spread above which the border is not a smooth surface


def background_distance(lab: np.ndarray, border: int) -> np.ndarray:
    """Scores each pixel by how unlike the border background it is.

    Args:
        lab: float32 HxWx3 Lab image.
        border: width in pixels of the strip sampled as background.

    Returns:
        float32 HxW distance; small on background, large on the subject.
    """
    height, width = lab.shape[:2]
    ys, xs = _border_coordinates(height, width, border)
    samples = lab[ys, xs]
    by_cluster = _cluster_distance(lab, samples)
    by_surface = _surface_distance(lab, ys, xs, samples)
    if by_surface is None:
        return by_cluster
    return np.minimum(by_cluster, by_surface)


def _border_coordinates(height: int, width: int, border: int) -> tuple[np.ndarray, np.ndarray]:
    strip = np.zeros((height, width), bool)
    strip[:border, :] = strip[-border:, :] = True
    strip[:, :border] = strip[:, -border:] = True
    ys, xs = np.nonzero(strip)
    step = max(1, len(ys) // _MAX_SAMPLES)
    return ys[::step], xs[::step]


def _cluster_distance(lab: np.ndarray, samples: np.ndarray) -> np.ndarray:
    count = min(CLUSTERS, len(samples))
    cv2.setRNGSeed(7)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    # bestLabels=None is accepted at runtime; the stubs demand an array.
    _, assignment, _ = cv2.kmeans(samples, count, None, criteria, 2, cv2.KMEANS_PP_CENTERS)  # type: ignore[call-overload]
    pixels = lab.reshape(-1, 3)
    best = np.full(len(pixels), np.inf, np.float32)
    for index in range(count):
        members = samples[assignment.ravel() == index]
        if len(members) < 8:
            continue
        mean = members.mean(axis=0)
        cov = np.cov(members, rowvar=False) + np.eye(3) * _MIN_SIGMA**2
        inverse = np.linalg.inv(cov).astype(np.float32)
        delta = pixels - mean.astype(np.float32)
        squared = np.einsum("ni,ij,nj->n", delta, inverse, delta)
        np.minimum(best, squared, out=best)
    return np.sqrt(best).reshape(lab.shape[:2])


def _design(ys: np.ndarray, xs: np.ndarray, height: int, width: int) -> np.ndarray:
    y = ys.astype(np.float32) / height - 0.5
    x = xs.astype(np.float32) / width - 0.5
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=-1)


def _surface_distance(
    lab: np.ndarray, ys: np.ndarray, xs: np.ndarray, samples: np.ndarray
) -> np.ndarray | None:
    """Distance to a smooth fitted surface; None when the border is not smooth."""
    height, width = lab.shape[:2]
    design = _design(ys, xs, height, width)
    coefficients, *_ = np.linalg.lstsq(design, samples, rcond=None)
    residual = samples - design @ coefficients
    median = np.median(residual, axis=0)
    sigma = 1.4826 * np.median(np.abs(residual - median), axis=0)
    if sigma.mean() > _SMOOTH_LIMIT:
        return None
    sigma = np.maximum(sigma, _MIN_SIGMA)
    grid_y, grid_x = np.mgrid[0:height, 0:width]
    fitted = _design(grid_y.ravel(), grid_x.ravel(), height, width) @ coefficients
    delta = (lab.reshape(-1, 3) - fitted) / sigma
    return np.sqrt((delta**2).sum(axis=1)).reshape(height, width).astype(np.float32)
