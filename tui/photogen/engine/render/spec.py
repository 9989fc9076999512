"""What a render is asked to make and what it made: the public data types.

A render turns a draft's tracks into one MP4. The video track is a sequence of stills,
each given ``duration_s`` seconds of the timeline, so the video lasts exactly
``sum(durations)``, as long as the timeline says (see :func:`segment_starts`). A
crossfade is centred on the cut between two stills: each still is drawn from half an
overlap before its slot to half an overlap after it (:func:`segment_windows`). Titles
and music are placed on that timeline by absolute time and clipped to its end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The three canvases the renderer makes, as (width, height).
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
SQUARE = (1080, 1080)


class RenderError(Exception):
    """A render could not be made; the message is written for a person to read."""


@dataclass(frozen=True)
class StillClip:
    """One picture on the video track.

    Attributes:
        image_path: Path of a still image readable by Pillow (any size or aspect).
        duration_s: How long the still is on screen, crossfades included.
        name: Optional label, used only in messages.
    """

    image_path: str
    duration_s: float
    name: str = ""


@dataclass(frozen=True)
class TitleClip:
    """A line (or a few lines) of text shown over the video.

    Attributes:
        text: The text; long text wraps inside the title-safe area.
        start_s: When the title appears, in seconds from the start of the video.
        duration_s: How long it stays, fades included.
    """

    text: str
    start_s: float
    duration_s: float


@dataclass(frozen=True)
class MusicClip:
    """A piece of music on the audio track.

    Attributes:
        source: A path to an audio file (mp3, wav, m4a, aac, ...) or a built-in bed
            named ``"builtin:lofi"``, ``"builtin:upbeat"`` or ``"builtin:ambient"``.
        start_s: Where on the video timeline the music starts.
        duration_s: How long it plays; ``None`` plays to the end of the source or of the
            video, whichever comes first (built-in beds play to the end of the video).
        volume: Linear gain, 1.0 leaves the level unchanged.
    """

    source: str
    start_s: float = 0.0
    duration_s: float | None = None
    volume: float = 1.0


@dataclass(frozen=True)
class RenderSpec:
    """Everything a render needs.

    Attributes:
        width: Frame width in pixels; use :func:`canvas_size` for a product canvas.
        height: Frame height in pixels (odd sides are rounded down to even).
        stills: The video track, in order.
        titles: The text track.
        music: The audio track.
        fps: Frames per second.
        crossfade_s: Longest overlap between consecutive stills.
        preset: libx264 preset.
        crf: libx264 constant rate factor.
    """

    width: int
    height: int
    stills: tuple[StillClip, ...]
    titles: tuple[TitleClip, ...] = ()
    music: tuple[MusicClip, ...] = ()
    fps: int = 30
    crossfade_s: float = 0.5
    preset: str = "veryfast"
    crf: int = 20


@dataclass
class RenderResult:
    """What a finished render wrote.

    Attributes:
        path: The MP4 file.
        duration_s: Video duration in seconds (frames / fps).
        width: Frame width in pixels.
        height: Frame height in pixels.
        frames: Number of video frames.
        size_bytes: File size.
    """

    path: str
    duration_s: float
    width: int
    height: int
    frames: int
    size_bytes: int


def canvas_size(width: int, height: int) -> tuple[int, int]:
    """Snaps a requested canvas to the supported one nearest in aspect ratio.

    Args:
        width: Requested width (any positive number).
        height: Requested height (any positive number).

    Returns:
        ``(1920, 1080)``, ``(1080, 1920)`` or ``(1080, 1080)``, whichever aspect is
        closest on a log scale (4:3 and wider -> landscape, 3:4 and taller -> portrait,
        so 4:5 and 5:4 are square). Nonsense sizes give landscape.
    """
    if width <= 0 or height <= 0:
        return LANDSCAPE
    aspect = math.log(width / height)
    candidates = (LANDSCAPE, PORTRAIT, SQUARE)
    return min(candidates, key=lambda c: abs(aspect - math.log(c[0] / c[1])) - 1e-9 * c[0])


def crossfades(spec: RenderSpec) -> list[float]:
    """Overlap between each pair of consecutive stills.

    Each overlap is ``crossfade_s`` but never more than half of either neighbour, so a
    still is always fully visible for a moment.
    """
    xf = max(0.0, spec.crossfade_s)
    durations = [s.duration_s for s in spec.stills]
    return [min(xf, a / 2, b / 2) for a, b in zip(durations, durations[1:], strict=False)]


def segment_starts(spec: RenderSpec) -> tuple[list[float], float]:
    """Start time of each still's slot and the total video duration.

    Returns:
        ``(starts, total)`` where ``total = sum(durations)``: the timeline's length.
    """
    starts: list[float] = []
    t = 0.0
    for still in spec.stills:
        starts.append(t)
        t += still.duration_s
    return starts, t


def segment_windows(spec: RenderSpec) -> list[tuple[float, float]]:
    """When each still is drawn: its slot widened by half of each crossfade around it."""
    starts, _ = segment_starts(spec)
    overlaps = crossfades(spec)
    before = [0.0, *overlaps]
    after = [*overlaps, 0.0]
    return [
        (start - lead / 2, start + still.duration_s + tail / 2)
        for start, still, lead, tail in zip(starts, spec.stills, before, after, strict=True)
    ]


def validate(spec: RenderSpec) -> None:
    """Raises :class:`RenderError` for a spec that cannot make a video."""
    if not spec.stills:
        raise RenderError("There is nothing to render: the video track has no stills.")
    for i, still in enumerate(spec.stills):
        if not still.duration_s > 0:
            label = still.name or f"still {i + 1}"
            raise RenderError(f"{label} has a duration of {still.duration_s} s; it must be > 0.")
    if not (16 <= spec.width <= 8192 and 16 <= spec.height <= 8192):
        raise RenderError(f"A {spec.width}x{spec.height} canvas is not supported (16..8192).")
    if not 1 <= spec.fps <= 120:
        raise RenderError(f"A frame rate of {spec.fps} fps is not supported (1..120).")
