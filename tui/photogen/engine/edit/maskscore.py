"""How far a cut-out mask can be trusted, scored from the mask and the photo alone.

Measures (all on the small working copy):

- ``area``: the subject's share of the frame. A product shot's subject fills 5-80 %;
  a sliver or almost the whole frame is a failed cut;
- ``fragments``: pieces holding at least 2 % of the subject; a subject is one or two;
- ``edge_contact``: share of the top, left and right frame edges the subject touches
  (the bottom edge is left out: people and things are cut off there all the time);
- ``separation``: 1 minus the Bhattacharyya coefficient of the colour histograms of
  subject and background: 0 when they look alike, near 1 when they differ;
- ``contour``: how strongly the mask's outline lies on edges of the photo: the mean
  gradient along the outline over the photo's mean gradient (a real outline is well
  above 1; an outline drawn through smooth sky or wall is near or below it);
- ``agreement``: IoU between the chosen mask and the best other hypothesis of the
  cut-out (see :mod:`photogen.engine.edit.cutout`): two different ways of seeding
  GrabCut that land on the same subject make that subject likely.

``confidence`` (0-1) multiplies these into one figure; :attr:`MaskScore.sure` is the
threshold the edit's reply trusts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import cv2
import numpy as np

SURE = 0.6
"""Confidence from which a cut-out is reported as done without a doubt."""

_BINS = 8


@dataclass(frozen=True)
class MaskScore:
    """The cut-out's own measures and the confidence made of them."""

    area: float
    fragments: int
    edge_contact: float
    separation: float
    contour: float
    agreement: float
    confidence: float

    @property
    def sure(self) -> bool:
        """The cut-out is trusted."""
        return self.confidence >= SURE

    def doubts(self) -> list[str]:
        """Plain reasons for a low confidence, worst first (empty when sure)."""
        if self.sure:
            return []
        reasons = []
        if self.area < 0.03:
            reasons.append("it found only a small piece of the photo")
        elif self.area > 0.85:
            reasons.append("it kept almost the whole photo")
        if self.edge_contact > 0.25:
            reasons.append("the subject runs into the frame's edges")
        if self.fragments > 2:
            reasons.append(f"the subject fell apart into {self.fragments} pieces")
        if self.contour < 1.5:
            reasons.append("its outline does not follow the edges in the photo")
        if self.separation < 0.35:
            reasons.append("the subject's colours are close to the background's")
        if self.agreement < 0.6:
            reasons.append("two ways of finding the subject disagree")
        return reasons or ["the subject is not clear"]

    def as_dict(self) -> dict[str, float | int | bool]:
        """The measures rounded, plus ``sure``, for JSON and metadata."""
        values: dict[str, float | int | bool] = {
            k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()
        }
        values["sure"] = self.sure
        return values


def mask_quality(rgb: np.ndarray, mask: np.ndarray) -> MaskScore:
    """The measures of one mask, with ``agreement`` 1 (see :func:`with_agreement`)."""
    subject = mask.astype(bool)
    area = float(subject.mean())
    if area == 0.0:
        return MaskScore(0.0, 0, 0.0, 0.0, 0.0, 1.0, 0.0)
    parts = (area, _fragments(subject), _edge_contact(subject), _separation(rgb, subject))
    contour = _contour(rgb, subject)
    return MaskScore(*parts, contour, 1.0, _confidence(*parts, contour, 1.0))


def with_agreement(score: MaskScore, agreement: float) -> MaskScore:
    """``score`` with the hypotheses' agreement counted in."""
    parts = (score.area, score.fragments, score.edge_contact, score.separation, score.contour)
    return MaskScore(*parts, agreement, _confidence(*parts, agreement))


def iou(first: np.ndarray, second: np.ndarray) -> float:
    """Intersection over union of two masks (1 when both are empty)."""
    a, b = first.astype(bool), second.astype(bool)
    union = (a | b).sum()
    return float((a & b).sum() / union) if union else 1.0


def _confidence(
    area: float, fragments: int, contact: float, separation: float, contour: float, agreement: float
) -> float:
    value = 1.0
    if area < 0.01 or area > 0.92:
        value *= 0.1
    elif area < 0.03 or area > 0.85:
        value *= 0.45
    value *= 1.0 if contact <= 0.15 else max(0.1, 1.0 - 2.0 * (contact - 0.15))
    value *= 1.0 if fragments <= 2 else 0.6
    value *= min(1.0, separation / 0.35)
    value *= min(1.0, max(0.0, contour - 1.0) / 1.0)
    value *= min(1.0, 0.2 + agreement) if agreement < 0.8 else 1.0
    return float(max(0.0, min(1.0, value)))


def _fragments(subject: np.ndarray) -> int:
    count, _, stats, _ = cv2.connectedComponentsWithStats(subject.astype(np.uint8), connectivity=8)
    areas = stats[1:count, cv2.CC_STAT_AREA]
    return int((areas >= 0.02 * max(1, areas.sum())).sum())


def _edge_contact(subject: np.ndarray) -> float:
    """Share of the top, left and right edges covered by the subject.

    Measured just inside the frame (6 % in) as well, and the larger share is taken: a
    mask seeded from a box hugs that box's sides when the "subject" is background.
    """
    height, width = subject.shape
    shares = []
    for inset in (0, max(1, round(0.06 * min(height, width)))):
        top, left, right = subject[inset, :], subject[:, inset], subject[:, width - 1 - inset]
        shares.append(float(np.concatenate([top, left, right]).mean()))
    return max(shares)


def _separation(rgb: np.ndarray, subject: np.ndarray) -> float:
    """1 - Bhattacharyya coefficient of the subject's and background's Lab histograms."""
    if subject.all() or not subject.any():
        return 0.0
    lab = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2LAB)
    ranges = [0, 256, 0, 256, 0, 256]
    inside = cv2.calcHist([lab], [0, 1, 2], subject.astype(np.uint8), [_BINS] * 3, ranges)
    outside = cv2.calcHist([lab], [0, 1, 2], (~subject).astype(np.uint8), [_BINS] * 3, ranges)
    distance = cv2.compareHist(inside, outside, cv2.HISTCMP_BHATTACHARYYA)
    return float(max(0.0, min(1.0, distance)))


def _contour(rgb: np.ndarray, subject: np.ndarray) -> float:
    """Mean gradient on the mask's outline over the mean gradient of the photo."""
    grey = cv2.GaussianBlur(
        cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY), (0, 0), 1.0
    )
    grey = grey.astype(np.float32)
    gradient = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    mask = subject.astype(np.uint8)
    outline = cv2.dilate(mask, np.ones((3, 3), np.uint8)) != cv2.erode(
        mask, np.ones((3, 3), np.uint8)
    )
    outline[[0, -1], :] = False  # the frame's own edge is no outline
    outline[:, [0, -1]] = False
    if not outline.any():
        return 0.0
    return float(gradient[outline].mean() / max(1e-3, float(gradient.mean())))
