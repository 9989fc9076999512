"""Subject cut-out: a soft alpha mask of the main object in a photo.

The pipeline, all classical:

1. Work on a copy scaled to at most ``WORK_SIDE`` pixels (GrabCut cost grows with area).
2. Model the background from the image border (``bgmodel``): each pixel's distance to
   that model is a foreground score.
3. Seed GrabCut (``seeds``): the border strip is background; the region a closed sharp
   outline encloses (or else the pixels unlike the background) is probable foreground
   and its deep inside is foreground; everything else starts as probable background.
4. Keep the largest component (and big neighbours), fill small holes.
5. Scale the mask back up and refine the boundary band with a colour guided filter
   guided by the full-resolution photo, so edges follow the real contour.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from photogen.engine.edit import seeds
from photogen.engine.edit.bgmodel import background_distance
from photogen.engine.edit.matting import refine_alpha

WORK_SIDE = 512
"""Longest side of the working copy that GrabCut sees."""

GRABCUT_ITERATIONS = 4
_SMALL_HOLE_SHARE = 0.01


def cutout_mask(image: Image.Image) -> np.ndarray:
    """Cuts the main subject out of a photo.

    Args:
        image: any PIL image; it is not modified.

    Returns:
        float32 alpha in [0, 1], same height and width as ``image``: 1 on the subject,
        0 on the background, soft along the refined edge.
    """
    rgb = np.asarray(image.convert("RGB"))
    small = _downscale(rgb, WORK_SIDE)
    hard = segment_subject(small)
    return refine_alpha(rgb, hard)


def segment_subject(rgb: np.ndarray) -> np.ndarray:
    """Returns a binary (uint8 0/1) subject mask for a small RGB image."""
    smooth = cv2.GaussianBlur(rgb, (0, 0), 1.0)
    lab = cv2.cvtColor(smooth, cv2.COLOR_RGB2LAB).astype(np.float32)
    score = background_distance(lab, border_width(rgb.shape[:2]))
    candidates = seeds.candidate_region(score)
    if not candidates.any():
        return np.zeros(rgb.shape[:2], np.uint8)
    initial = initial_labels(rgb, lab, score, candidates)
    labels = initial.copy()
    run_grabcut(smooth, labels)
    subject = np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.uint8)
    subject = seeds.keep_touching(subject, initial == cv2.GC_FGD)
    return seeds.fill_holes(subject, _SMALL_HOLE_SHARE)


def run_grabcut(rgb: np.ndarray, labels: np.ndarray) -> None:
    """Runs GrabCut in place on ``labels``, cropped to where the answer is undecided.

    Pixels far outside the probable-foreground area are sure background either way;
    cropping to the undecided box (with a margin of sure background for the colour
    model) keeps the cost proportional to the subject, not the frame.
    """
    undecided = np.nonzero(labels != cv2.GC_BGD)
    if undecided[0].size == 0:
        return
    margin = max(8, min(labels.shape) // 16)
    y0, x0 = (max(0, int(v.min()) - margin) for v in undecided)
    y1 = min(labels.shape[0], int(undecided[0].max()) + margin + 1)
    x1 = min(labels.shape[1], int(undecided[1].max()) + margin + 1)
    window = np.ascontiguousarray(labels[y0:y1, x0:x1])
    cv2.setRNGSeed(12345)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    image = np.ascontiguousarray(rgb[y0:y1, x0:x1])
    # rect=None is accepted at runtime (unused with GC_INIT_WITH_MASK); the stubs demand a Rect.
    cv2.grabCut(image, window, None, bgd, fgd, GRABCUT_ITERATIONS, cv2.GC_INIT_WITH_MASK)  # type: ignore[call-overload]
    labels[y0:y1, x0:x1] = window


def initial_labels(
    rgb: np.ndarray, lab: np.ndarray, score: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """GrabCut's starting labels (GC_BGD, GC_PR_BGD, GC_PR_FGD, GC_FGD) for the image."""
    shape = rgb.shape[:2]
    outlined = seeds.enclosed_region(seeds.sharp_edges(rgb), lab)
    if outlined is None:  # dashes of background texture may have joined it to the frame
        outlined = seeds.enclosed_region(seeds.sharp_edges(rgb, keep_sparse=False), lab)
    subject = candidates if outlined is None else outlined
    core = seeds.subject_core(subject)
    labels = np.full(shape, cv2.GC_PR_BGD, np.uint8)
    labels[subject] = cv2.GC_PR_FGD
    near = cv2.dilate(subject.astype(np.uint8), seeds.disc(max(3, min(shape) // 40)))
    far = cv2.distanceTransform(1 - near, cv2.DIST_L2, 5) > min(shape) / 12
    # A closed sharp outline is trusted: everything well outside it is background.
    sure_background = far if outlined is not None else far & (score < seeds.SEED_THRESHOLD / 2)
    labels[sure_background] = cv2.GC_BGD
    labels[core] = cv2.GC_FGD
    width = border_width(shape)
    for edge in (np.s_[:width, :], np.s_[-width:, :], np.s_[:, :width], np.s_[:, -width:]):
        labels[edge] = cv2.GC_BGD
    return labels


def border_width(shape: tuple[int, ...]) -> int:
    """Width of the border strip taken as background, in pixels."""
    return max(3, round(0.025 * min(shape[:2])))


def _downscale(rgb: np.ndarray, side: int) -> np.ndarray:
    height, width = rgb.shape[:2]
    factor = side / max(height, width)
    if factor >= 1:
        return np.ascontiguousarray(rgb)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
