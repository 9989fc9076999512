"""Variations: subtle ones stay close to the parent, strong ones move further; both repeat."""

from __future__ import annotations

import numpy as np

from photogen.engine import vary
from photogen.engine.studio import generate


def _gap(a, b) -> float:
    return float(np.abs(np.asarray(a, float) - np.asarray(b, float)).mean())


def test_subtle_stays_close_strong_moves_further_and_both_repeat() -> None:
    size = (96, 96)
    parent = generate("a perfume bottle on marble", seed=1, _size=size).image
    fresh = generate("a perfume bottle on marble", seed=2, _size=size).image
    subtle = vary.subtle(parent, 7)
    strong = vary.strong(parent, fresh)
    assert subtle.size == strong.size == parent.size
    assert 0 < _gap(subtle, parent) < _gap(strong, parent)
    assert vary.subtle(parent, 7).tobytes() == subtle.tobytes()
    assert vary.subtle(parent, 8).tobytes() != subtle.tobytes()
    # the strong take wears the parent's colours more than the fresh drawing did
    mean = lambda im: np.asarray(im, float).mean(axis=(0, 1))  # noqa: E731
    assert np.abs(mean(strong) - mean(parent)).sum() <= np.abs(mean(fresh) - mean(parent)).sum()
