"""Subject cut-out: a soft alpha mask of the main object in a photo.

The pipeline, all classical:

1. Work on a copy scaled to at most ``WORK_SIDE`` pixels (GrabCut cost grows with area).
2. Model the background from the image border (``bgmodel``): each pixel's distance to
   that model is a foreground score.
3. Seed GrabCut (``seeds``): the border strip is background; the region a closed sharp
   outline encloses (or else the pixels unlike the background) is probable foreground
   and its deep inside is foreground; everything else starts as probable background.
4. Keep the largest component (and big neighbours), fill small holes.
5. Two more hypotheses seed GrabCut from the frame instead: everything but a thin
   border is probable subject (once with the bottom edge open, for subjects cut off
   there). Each mask is scored (:mod:`~photogen.engine.edit.maskscore`); the best
   one is kept, and its agreement with the others says how sure the cut is.
6. Scale the mask back up and refine the boundary band with a colour guided filter
   guided by the full-resolution photo, so edges follow the real contour.

A subject box (fractions of the frame, chosen by the user) replaces the hypotheses:
GrabCut starts from that box alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from photogen.engine.edit import seeds
from photogen.engine.edit.bgmodel import background_distance
from photogen.engine.edit.maskscore import MaskScore, iou, mask_quality, with_agreement
from photogen.engine.edit.matting import refine_alpha

WORK_SIDE = 512
"""Longest side of the working copy that GrabCut sees."""

FRAME_SIDE = 256
"""Longest side of the copy the frame-seeded hypotheses use (they judge, not draw)."""

GRABCUT_ITERATIONS = 4
_SMALL_HOLE_SHARE = 0.01


Box = tuple[float, float, float, float]
"""A subject box as fractions of the frame: left, top, right, bottom."""

_FRAME_INSET = 0.04


@dataclass(frozen=True)
class Cutout:
    """A cut-out: the soft alpha, its score and the hypothesis that made it."""

    alpha: np.ndarray
    score: MaskScore
    method: str


def cutout_mask(image: Image.Image) -> np.ndarray:
    """Cuts the main subject out of a photo.

    Args:
        image: any PIL image; it is not modified.

    Returns:
        float32 alpha in [0, 1], same height and width as ``image``: 1 on the subject,
        0 on the background, soft along the refined edge.
    """
    return cutout(image).alpha


def cutout(image: Image.Image, box: Box | None = None) -> Cutout:
    """Cuts the main subject out and scores the result.

    Args:
        image: any PIL image; it is not modified.
        box: the subject's box as fractions of the frame, when the user chose one.
    """
    rgb = np.asarray(image.convert("RGB"))
    small = _downscale(rgb, WORK_SIDE)
    if box is not None:
        hard = _tidy(frame_grabcut(small, _box_pixels(box, small.shape[:2])))
        return Cutout(refine_alpha(rgb, hard), mask_quality(small, hard), "box")
    masks = hypotheses(small)
    scores = {name: mask_quality(small, mask) for name, mask in masks.items()}
    best = max(masks, key=lambda name: _preference(name, scores[name]))
    best = _whole_over_part(best, masks, scores)
    family = best.split("-")[0]  # "frame" and "frame-bottom" are one way of seeding
    others = [iou(masks[best], m) for n, m in masks.items() if not n.startswith(family)]
    score = with_agreement(scores[best], max(others, default=0.0))
    return Cutout(refine_alpha(rgb, masks[best]), score, best)


def hypotheses(small: np.ndarray) -> dict[str, np.ndarray]:
    """Binary subject masks of a small RGB image, by three ways of seeding GrabCut."""
    tiny = _downscale(small, FRAME_SIDE)
    height, width = tiny.shape[:2]
    inset_x, inset_y = round(_FRAME_INSET * width), round(_FRAME_INSET * height)
    framed = (inset_x, inset_y, width - inset_x, height - inset_y)
    masks = {"outline": reach_edges(segment_subject(small), border_width(small.shape) + 1)}
    size = (small.shape[1], small.shape[0])
    band = round(_FRAME_INSET * max(size)) + 2
    for name, open_bottom in (("frame", False), ("frame-bottom", True)):
        mask = _tidy(frame_grabcut(tiny, framed, open_bottom))
        masks[name] = reach_edges(cv2.resize(mask, size, interpolation=cv2.INTER_NEAREST), band)
    return masks


def reach_edges(mask: np.ndarray, band: int) -> np.ndarray:
    """A subject cut off by the frame: carry it over the border strip to the frame's edge.

    The border strip is taken as background while seeding, so a subject that runs out
    of the frame stops ``band`` pixels short of it; where the mask reaches the strip's
    inner line, the strip beside it is filled.
    """
    out = mask.astype(np.uint8).copy()
    height, width = out.shape
    if not out.any() or band * 3 >= min(height, width):
        return out
    bottom, top = out[height - band - 1] > 0, out[band] > 0
    out[height - band :, bottom] = 1
    out[:band, top] = 1
    left, right = out[:, band] > 0, out[:, width - band - 1] > 0
    out[left, :band] = 1
    out[right, width - band :] = 1
    return out


_PREFERENCE = {"outline": 1.15, "frame": 1.0, "frame-bottom": 1.0}
"""Ties go to the outline hypothesis: it is exact on clean shots."""


_PART_INSIDE = 0.8  # share of the outline's mask inside the frame's for it to be a part
_WHOLE_TIMES = 3.0  # how much larger the frame's mask must be to be the whole subject
_SMALL_PART = 0.10  # an outline under this share of the frame may be only a part
_WHOLE_CONTOUR = 0.5  # the whole's outline strength against the part's, at the least


def _whole_over_part(best: str, masks: dict[str, np.ndarray], scores: dict[str, MaskScore]) -> str:
    """A frame mask that holds the outline's, and is much larger, is the whole subject.

    On real photographs the outline often closes around one part (a cup's rim, a face)
    while GrabCut seeded from the frame keeps the cup with its saucer, or the person.
    """
    if best != "outline" or not 0 < masks["outline"].mean() < _SMALL_PART:
        return best
    part = masks["outline"].astype(bool)
    wholes = []
    for name in ("frame", "frame-bottom"):
        whole = masks[name].astype(bool)
        inside = (part & whole).sum() / part.sum()
        larger = whole.sum() >= _WHOLE_TIMES * part.sum()
        # a whole whose outline is far weaker than the part's is background around it
        edges = scores[name].contour >= _WHOLE_CONTOUR * scores["outline"].contour
        if inside >= _PART_INSIDE and larger and edges and scores[name].confidence >= 0.8:
            wholes.append(name)
    return max(wholes, key=lambda n: scores[n].confidence) if wholes else best


def _preference(name: str, score: MaskScore) -> float:
    return score.confidence * _PREFERENCE[name]


def frame_grabcut(
    rgb: np.ndarray, rect: tuple[int, int, int, int], open_bottom: bool = False
) -> np.ndarray:
    """GrabCut seeded with a box: outside is background, inside probable subject.

    With ``open_bottom`` the strip under the box is left for GrabCut to decide (probable
    background instead of sure background), so a subject cut off by the bottom edge
    can keep its base.
    """
    x0, y0, x1, y1 = rect
    labels = np.full(rgb.shape[:2], cv2.GC_BGD, np.uint8)
    labels[y0:y1, x0:x1] = cv2.GC_PR_FGD
    if open_bottom:
        labels[y1:, x0:x1] = cv2.GC_PR_BGD
    if not (labels == cv2.GC_PR_FGD).any():
        return np.zeros(rgb.shape[:2], np.uint8)
    run_grabcut(cv2.GaussianBlur(rgb, (0, 0), 1.0), labels)
    return np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.uint8)


def _tidy(mask: np.ndarray) -> np.ndarray:
    """The main pieces of a mask with small holes filled."""
    main = seeds.keep_main_components(mask.astype(np.uint8)).astype(np.uint8)
    return seeds.fill_holes(main, _SMALL_HOLE_SHARE)


def _box_pixels(box: Box, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    height, width = shape[:2]
    left, top, right, bottom = (min(1.0, max(0.0, float(v))) for v in box)
    x0, x1 = sorted((round(left * width), round(right * width)))
    y0, y1 = sorted((round(top * height), round(bottom * height)))
    return x0, y0, max(x1, x0 + 1), max(y1, y0 + 1)


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
