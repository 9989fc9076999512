"""Composing the frames of a render: segments, crossfades and titles, on planes.

:class:`Composer` knows which stills are on screen at each frame, warps them with their
motion, blends the two sides of a crossfade and lays the titles over. Stills are decoded
lazily and dropped once they have left the screen, so memory stays flat for long drafts.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2

from .motion import load_still, motion_window, warp_into
from .planes import FrameBuffer, Planes
from .spec import RenderSpec, segment_starts, segment_windows
from .titles import TitleOverlay, make_overlay


@dataclass(frozen=True)
class Segment:
    """One still's time on screen: ``[start, end)`` seconds on the video timeline."""

    index: int
    start: float
    end: float

    def progress(self, t: float) -> float:
        """How far (0..1) the still's motion has got at time ``t``."""
        return (t - self.start) / (self.end - self.start)


class Composer:
    """Makes frame ``n`` of a render into a :class:`FrameBuffer`."""

    def __init__(self, spec: RenderSpec, canvas: tuple[int, int]) -> None:
        self.spec = spec
        self.canvas = canvas
        _, self.duration = segment_starts(spec)
        self.frames = max(1, round(self.duration * spec.fps))
        self.segments = [
            Segment(i, start, end) for i, (start, end) in enumerate(segment_windows(spec))
        ]
        self.titles: list[TitleOverlay] = [
            o for o in (make_overlay(c, canvas) for c in spec.titles) if o is not None
        ]
        self._stills: dict[int, Planes] = {}
        self._scratch = FrameBuffer(*canvas)

    def on_screen(self, t: float) -> list[tuple[Segment, float]]:
        """The segments visible at ``t`` with their weights (two during a crossfade)."""
        live = [s for s in self.segments if s.start <= t < s.end]
        if not live:
            live = [self.segments[-1] if t >= self.segments[-1].start else self.segments[0]]
        if len(live) == 1:
            return [(live[0], 1.0)]
        out, inc = live[-2], live[-1]
        w = (t - inc.start) / (out.end - inc.start)
        w = min(1.0, max(0.0, w))
        return [(out, 1.0 - w), (inc, w)]

    def compose(self, n: int, out: Planes) -> None:
        """Draws frame ``n`` into ``out`` (canvas-sized planes, possibly strided views)."""
        t = n / self.spec.fps
        visible = self.on_screen(t)
        self._evict(min(seg.index for seg, _ in visible))
        self._draw_still(visible[0][0], t, out)
        if len(visible) == 2:
            second, w = visible[1]
            scratch = self._scratch.planes
            self._draw_still(second, t, scratch)
            for dst, inc in zip(out.each(), scratch.each(), strict=True):
                cv2.addWeighted(dst, 1.0 - w, inc, w, 0.0, dst=dst)
        for title in self.titles:
            title.blend(out, t)

    def _draw_still(self, seg: Segment, t: float, out: Planes) -> None:
        window = motion_window(seg.index, seg.progress(t), self.canvas)
        warp_into(self._still(seg.index), window, out)

    def _still(self, index: int) -> Planes:
        planes = self._stills.get(index)
        if planes is None:
            planes = load_still(self.spec.stills[index], self.canvas)
            self._stills[index] = planes
        return planes

    def _evict(self, first_visible: int) -> None:
        for index in [i for i in self._stills if i < first_visible]:
            del self._stills[index]
