"""The renderer: a draft's stills, titles and music -> a 1080p H.264 MP4.

Example:
    >>> spec = RenderSpec(1920, 1080, stills=(StillClip("a.jpg", 4.0),))
    >>> render_mp4(spec, "out.mp4", progress=print)  # doctest: +SKIP

Timing: the video lasts the sum of the still durations, as long as the timeline; a
crossfade is centred on each cut. Titles and music are placed by absolute time.
"""

from __future__ import annotations

from .encode import render_mp4
from .spec import (
    MusicClip,
    RenderError,
    RenderResult,
    RenderSpec,
    StillClip,
    TitleClip,
    canvas_size,
)

__all__ = [
    "MusicClip",
    "RenderError",
    "RenderResult",
    "RenderSpec",
    "StillClip",
    "TitleClip",
    "canvas_size",
    "render_mp4",
]
