"""Where GrabCut should start: the subject's likely region and its sure core.

Two cues give the region:

- focus: the subject is usually in focus and what is behind it is not, so an in-focus
  subject is enclosed by a closed contour of *sharp* edges. A sharp edge is one whose
  gradient at a fine scale is much stronger than at a coarse scale; that ratio depends
  on blur, not on contrast. This cue ignores colour, so it survives clutter whose
  colours match nothing on the border;
- colour: pixels far from the border background model (``bgmodel``), for photos where
  the outline is not closed (low contrast somewhere along it).
"""

from __future__ import annotations

import cv2
import numpy as np

SEED_THRESHOLD = 4.0
"""Background-distance score above which a pixel is a candidate subject pixel."""

_EDGE_MIN_GRADIENT = 6.0  # fine-scale gradient (0-255 units per pixel) that counts as an edge
_SHARPNESS_RATIO = 1.8  # fine/coarse gradient ratio: ~2.7 for a sharp step, ~1.2 when blurred
_MIN_EDGE_LENGTH = 1 / 16  # shortest edge piece kept, as a share of the image side
_OPENING_DEPTH = 0.2  # an opening's inscribed radius, as a share of the body's
_NEAR_LARGEST = 0.8  # share of the largest enclosed shape a thinner outline must reach
_TEXTURE_DENSITY = 0.12  # edge-pixel share around a fragment above which it is texture
_WALL_RADII = (1, 2, 3, 5, 7, 9)  # outline thickenings tried, in order, to bridge gaps
_HOLE_CLUSTERS = 4  # colour clusters per side when judging whether a hole is background


def disc(radius: int) -> np.ndarray:
    """An elliptical structuring element of the given radius."""
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1))


def candidate_region(score: np.ndarray) -> np.ndarray:
    """Pixels clearly unlike the background, opened to drop specks; bool HxW."""
    seed = (score > SEED_THRESHOLD).astype(np.uint8)
    opened = cv2.morphologyEx(seed, cv2.MORPH_OPEN, disc(2))
    return keep_main_components(opened).astype(bool)


def sharp_edges(rgb: np.ndarray, keep_sparse: bool = True) -> np.ndarray:
    """Thin map of in-focus edges that can be outlines; bool HxW.

    Short fragments packed densely together (fine texture, noise) are dropped; long
    edges stay, and so do short dashes on their own (an outline broken where contrast
    is low) unless ``keep_sparse`` is False.
    """
    image = rgb.astype(np.float32)
    fine = _gradient_magnitude(cv2.GaussianBlur(image, (0, 0), 1.0))
    coarse = _gradient_magnitude(cv2.GaussianBlur(image, (0, 0), 3.0))
    edges = (fine > _EDGE_MIN_GRADIENT) & (fine > _SHARPNESS_RATIO * coarse)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        edges.astype(np.uint8), connectivity=8
    )
    density = cv2.blur(edges.astype(np.float32), (15, 15))
    density_sum = np.bincount(labels.ravel(), density.ravel(), count)
    piece_density = density_sum / np.maximum(stats[:, cv2.CC_STAT_AREA], 1)
    long_enough = stats[:, cv2.CC_STAT_AREA] >= min(rgb.shape[:2]) * _MIN_EDGE_LENGTH
    keep = long_enough | (keep_sparse & (piece_density < _TEXTURE_DENSITY))
    keep[0] = False
    return keep[labels]


def _gradient_magnitude(image: np.ndarray) -> np.ndarray:
    gx = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3) / 8
    return np.sqrt((gx**2 + gy**2).sum(axis=2))


def subject_core(region: np.ndarray) -> np.ndarray:
    """The deep inside of the subject region, well away from its edge; bool HxW."""
    depth = cv2.distanceTransform(region.astype(np.uint8), cv2.DIST_L2, 5)
    core = depth > 0.4 * depth.max()
    return keep_main_components(core, min_share=0.5).astype(bool)


def enclosed_region(
    edges: np.ndarray, lab: np.ndarray, min_share: float = 0.03
) -> np.ndarray | None:
    """The main region enclosed by a closed contour of sharp edges, if there is one.

    An in-focus subject in front of a soft background draws a closed sharp outline;
    filling it gives the subject's shape whatever its colours, its inner texture and the
    clutter around it. Gaps in the outline are bridged by thickening it: the thinnest
    outline whose shape is nearly as large as the largest one found wins. Returns None
    when no enclosed shape away from the frame's edge covers ``min_share`` of the image.
    """
    found: list[tuple[int, np.ndarray, np.ndarray]] = []
    for radius in _WALL_RADII:
        walls = cv2.dilate(edges.astype(np.uint8), disc(radius))
        filled = _drop_border_touching(fill_holes(walls))
        solid = cv2.morphologyEx(filled, cv2.MORPH_OPEN, disc(radius + 2))
        region = keep_main_components(solid, min_share=0.3)
        area = _largest_area(region)
        if area >= min_share * region.size:
            found.append((area, region, walls))
    if not found:
        return None
    largest = max(area for area, _, _ in found)
    _, region, walls = next(item for item in found if item[0] >= _NEAR_LARGEST * largest)
    return carve_openings(region.astype(bool), walls.astype(bool), lab)


def _drop_border_touching(mask: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    height, width = mask.shape
    x, y, w, h = (stats[:, i] for i in range(4))
    inside = (x > 0) & (y > 0) & (x + w < width) & (y + h < height)
    inside[0] = False
    return inside[labels].astype(np.uint8)


def _largest_area(mask: np.ndarray) -> int:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return int(stats[1:, cv2.CC_STAT_AREA].max()) if count > 1 else 0


def carve_openings(region: np.ndarray, walls: np.ndarray, lab: np.ndarray) -> np.ndarray:
    """Removes enclosed openings (a mug's handle) from a filled outline.

    The outline's inside splits, along its sharp edges, into pieces. An opening is a
    roomy piece (not a sliver of texture) whose pixels mostly match the colours just
    outside the outline rather than the rest of the subject.
    """
    pieces = (region & ~walls).astype(np.uint8)
    count, labels = cv2.connectedComponents(pieces, connectivity=4)
    if count <= 2:
        return region
    depth = cv2.distanceTransform(pieces, cv2.DIST_L2, 5)
    piece_depth = np.zeros(count, np.float32)
    np.maximum.at(piece_depth, labels.ravel(), depth.ravel())
    roomy = np.nonzero(piece_depth >= _OPENING_DEPTH * piece_depth[1:].max())[0]
    roomy = roomy[roomy > 0]
    body = np.isin(labels, roomy[piece_depth[roomy] < piece_depth[1:].max()], invert=True)
    body &= region
    ring_width = max(3, min(region.shape) // 25)
    ring = cv2.dilate(region.astype(np.uint8), disc(ring_width)).astype(bool) & ~region
    looks_inside = _nearer_to_first(lab, lab[body], lab[ring])
    carved = region.copy()
    for index in roomy:
        piece = labels == index
        if piece_depth[index] < piece_depth[1:].max() and looks_inside[piece].mean() < 0.5:
            carved &= ~cv2.dilate(piece.astype(np.uint8), disc(1)).astype(bool)
    return carved


def _nearer_to_first(lab: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """bool HxW: whether each pixel is nearer the colour clusters of ``first`` than ``second``."""
    pixels = lab.reshape(-1, 3)
    distances = [_cluster_centre_distance(pixels, samples) for samples in (first, second)]
    return (distances[0] < distances[1]).reshape(lab.shape[:2])


def _cluster_centre_distance(pixels: np.ndarray, samples: np.ndarray) -> np.ndarray:
    if len(samples) == 0:
        return np.full(len(pixels), np.inf, np.float32)
    samples = np.ascontiguousarray(samples[:: max(1, len(samples) // 3000)], np.float32)
    count = min(_HOLE_CLUSTERS, len(samples))
    cv2.setRNGSeed(11)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 15, 0.5)
    # bestLabels=None is accepted at runtime; the stubs demand an array.
    _, _, centres = cv2.kmeans(samples, count, None, criteria, 1, cv2.KMEANS_PP_CENTERS)  # type: ignore[call-overload]
    gaps = pixels[:, None, :] - centres[None, :, :]
    return np.sqrt((gaps**2).sum(axis=2)).min(axis=1)


def keep_main_components(mask: np.ndarray, min_share: float = 0.2) -> np.ndarray:
    """Keeps the largest connected component and any at least ``min_share`` of its size."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    if count <= 1:
        return mask.astype(np.uint8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.nonzero(areas >= min_share * areas.max())[0] + 1
    return np.isin(labels, keep).astype(np.uint8)


def keep_touching(mask: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """Keeps the connected components of ``mask`` that overlap ``anchor``."""
    count, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    touching = np.unique(labels[anchor & (labels > 0)])
    if count <= 1 or touching.size == 0:
        return keep_main_components(mask)
    return np.isin(labels, touching).astype(np.uint8)


def fill_holes(mask: np.ndarray, max_share: float | None = None) -> np.ndarray:
    """Fills enclosed background holes (only those under ``max_share`` of the mask's area)."""
    inverse = (mask == 0).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(inverse, connectivity=8)
    limit = np.inf if max_share is None else max_share * max(1, int(np.count_nonzero(mask)))
    height, width = mask.shape
    x, y, w, h, area = (stats[:, i] for i in range(5))
    inside = (x > 0) & (y > 0) & (x + w < width) & (y + h < height) & (area <= limit)
    inside[0] = False
    filled = mask.astype(np.uint8).copy()
    filled[inside[labels]] = 1
    return filled
