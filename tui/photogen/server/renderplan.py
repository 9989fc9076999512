"""Translate a draft (``t/tt/sg/d/m``) into a :class:`~photogen.server.engines.RenderPlan`.

Media URLs in the draft must point at files the caller owns on this server;
``builtin:NAME`` music is passed to the renderer as is.

Limits (one render worker serves everybody, so one job must stay short): at
most :data:`MAX_SEGMENTS` video segments, each :data:`MIN_SEGMENT_MS` to
:data:`MAX_SEGMENT_MS` long, :data:`MAX_TOTAL_MS` in all. A draft past a limit
is refused with a message naming it (422 at submit); it is never clamped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from photogen.server.engines import RenderPlan
from photogen.server.media import resolve_media
from photogen.server.store import Store
from photogen.wire.draft import Draft, Segment, TrackType, parse_draft
from photogen.wire.formats import EXPORT_NAMES

DEFAULT_SIZE = (1080, 1080)
MAX_SEGMENTS = 200
"""Most video segments (photos) one render may have."""
MIN_SEGMENT_MS = 100
"""Shortest video segment, in ms."""
MAX_SEGMENT_MS = 60_000
"""Longest video segment, in ms."""
MAX_TOTAL_MS = 10 * 60_000
"""Longest video (sum of the video segments), in ms."""


class PlanError(ValueError):
    """The draft cannot be rendered; the message is for a person."""


def _secs(ms: Any) -> float:
    return max(0.0, float(ms or 0) / 1000.0)


def _video_segments(draft: Draft) -> list[Segment]:
    return [s for t in draft.tracks_of(TrackType.VIDEO) for s in t.sg]


def _say_secs(ms: int) -> str:
    """``ms`` as seconds for a message (any int, however large)."""
    return f"{ms / 1000:g} s" if abs(ms) < 10**15 else "far too long"


def check_limits(draft: Draft) -> None:
    """Refuse a draft past the length limits (never shorten it); raises :class:`PlanError`."""
    segs = _video_segments(draft)
    if len(segs) > MAX_SEGMENTS:
        raise PlanError(
            f"Too many photos to export: {len(segs)} on the timeline, the limit is {MAX_SEGMENTS}"
        )
    for number, seg in enumerate(segs, 1):
        if not MIN_SEGMENT_MS <= seg.d <= MAX_SEGMENT_MS:
            raise PlanError(
                f"Photo {number} lasts {_say_secs(seg.d)}; each photo must last "
                f"{MIN_SEGMENT_MS / 1000:g} to {MAX_SEGMENT_MS // 1000} s"
            )
    total = sum(seg.d for seg in segs)
    if total > MAX_TOTAL_MS:
        raise PlanError(
            f"The video would last {_say_secs(total)}; the limit is "
            f"{MAX_TOTAL_MS // 60_000} minutes"
        )


def _local(store: Store, media_dir: Path, user_id: str, url: Any, kind: str) -> str:
    found = resolve_media(store, media_dir, str(url or ""), user_id) if url else None
    if found is None:
        raise PlanError(f"A {kind} on the timeline is missing from this server")
    if found[0]["file_type"] != kind:
        raise PlanError(f"Only {kind} files can go on the {kind} track")
    return str(found[1])


def _stills(store: Store, media_dir: Path, user_id: str, draft: Draft) -> tuple:
    return tuple(
        (
            _local(store, media_dir, user_id, s.m.get("url"), "image"),
            _secs(s.d),
            str(s.m.get("name") or ""),
        )
        for s in _video_segments(draft)
    )


def _music(store: Store, media_dir: Path, user_id: str, seg: Segment) -> tuple:
    source = str(seg.m.get("source") or seg.m.get("url") or "")
    if not source.startswith("builtin:"):
        source = _local(store, media_dir, user_id, seg.m.get("url") or source, "audio")
    volume = seg.m.get("volume", 1.0)
    volume = float(volume) if isinstance(volume, int | float) else 1.0
    return (source, seg.start_ms / 1000.0, _secs(seg.d) or None, volume)


def build_plan(store: Store, media_dir: Path, user_id: str, raw: dict[str, Any]) -> RenderPlan:
    """The render plan for ``raw``; raises :class:`PlanError`."""
    draft = parse_draft(raw)
    check_limits(draft)
    stills = _stills(store, media_dir, user_id, draft)
    if not stills:
        raise PlanError("Nothing to export: put a photo on the timeline first")
    titles = tuple(
        (str(s.m.get("text") or ""), s.start_ms / 1000.0, _secs(s.d) or 3.0)
        for t in draft.tracks_of(TrackType.TEXT)
        for s in t.sg
        if s.m.get("text")
    )
    music = tuple(
        _music(store, media_dir, user_id, s) for t in draft.tracks_of(TrackType.AUDIO) for s in t.sg
    )
    width, height = draft.m.get("width"), draft.m.get("height")
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        width, height = DEFAULT_SIZE
    return RenderPlan(width, height, stills, titles, music)


def check_exportable(raw: Any, fmt: str) -> None:
    """Cheap checks before a job is created; raises :class:`PlanError`."""
    if fmt not in EXPORT_NAMES:
        raise PlanError(f"Unknown export format {fmt!r}; use one of {', '.join(EXPORT_NAMES)}")
    draft = parse_draft(raw)
    if not draft.is_exportable:
        raise PlanError("Nothing to export: the timeline is empty")
    if not _video_segments(draft):
        raise PlanError("Nothing to export: put a photo on the timeline first")
    check_limits(draft)
