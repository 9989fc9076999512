"""The timeline for people: a one-line summary, a tree for the UI, and a diff.

The draft is opaque JSON (contract §3.4); this module only reads it through
:func:`photogen.wire.parse_draft` and never changes it. The summary follows the
contract's format::

    Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%)
    3. Title: "Urban Dreams" (0-3s)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from photogen.wire import (
    Draft,
    GeneratedMedia,
    MediaInfo,
    Segment,
    SessionState,
    TrackType,
    parse_draft,
)
from photogen.wire.safety import strip_control

_KIND_LABEL = {TrackType.VIDEO: "Video", TrackType.AUDIO: "BGM", TrackType.TEXT: "Title"}


@dataclass(frozen=True)
class SegmentView:
    """One segment as the UI shows it."""

    name: str
    """Human name (a title's text is quoted)."""
    start_s: float
    """Start on the timeline, in seconds."""
    end_s: float
    """End on the timeline, in seconds."""
    kind: str
    """``Video``, ``BGM``, ``Title`` or ``Track <tt>``."""
    track_index: int
    """Position of its track in the draft."""
    index: int
    """Position in its track."""
    url: str | None = None
    """Media URL (photos, music), when the draft has one."""
    volume: float | None = None
    """0-1, for music."""

    @property
    def times(self) -> str:
        """``0-10s``."""
        return f"{_secs(self.start_s)}-{_secs(self.end_s)}s"


@dataclass(frozen=True)
class TrackView:
    """One track and its segments."""

    index: int
    kind: str
    segments: list[SegmentView]


@dataclass(frozen=True)
class TimelineView:
    """Everything the timeline pane needs, from one state call."""

    summary: str
    """The contract-format one-liner."""
    tracks: list[TrackView]
    """The tree."""
    draft: dict[str, Any]
    """The raw draft, unchanged (what an export sends back)."""
    media: list[GeneratedMedia] = field(default_factory=list)
    """Generated media, newest last."""
    aspect: str | None = None
    """Aspect ratio label, e.g. ``9:16``."""
    media_files: list[MediaInfo] = field(default_factory=list)
    """The user's uploaded files (``video_infos`` without generated media), oldest first."""

    @property
    def exportable(self) -> bool:
        """At least one track has a segment."""
        return any(track.segments for track in self.tracks)


def _secs(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def _kind(tt: int) -> str:
    try:
        return _KIND_LABEL[TrackType(tt)]
    except ValueError:
        return f"Track {tt}"


def _segment_name(seg: Segment, kind: str) -> str:
    meta = seg.m
    if kind == "Title":
        text = meta.get("text") or meta.get("name") or ""
        return f'"{strip_control(str(text))}"'
    name = meta.get("name") or meta.get("prompt") or meta.get("filename")
    if not name and isinstance(meta.get("url"), str):
        name = meta["url"].rsplit("/", 1)[-1]
    return strip_control(str(name or "untitled"))


def _segment_views(draft: Draft) -> list[TrackView]:
    tracks: list[TrackView] = []
    for ti, track in enumerate(draft.t):
        kind, cursor, segs = _kind(track.tt), 0, []
        for si, seg in enumerate(track.sg):
            start = seg.start_ms if "start" in seg.m else cursor
            cursor = start + seg.d
            volume = seg.m.get("volume")
            segs.append(
                SegmentView(
                    name=_segment_name(seg, kind),
                    start_s=start / 1000,
                    end_s=cursor / 1000,
                    kind=kind,
                    track_index=ti,
                    index=si,
                    url=seg.m.get("url") if isinstance(seg.m.get("url"), str) else None,
                    volume=float(volume) if isinstance(volume, int | float) else None,
                )
            )
        tracks.append(TrackView(index=ti, kind=kind, segments=segs))
    return tracks


def _segment_text(seg: SegmentView) -> str:
    extra = f", {round(seg.volume * 100)}%" if seg.kind == "BGM" and seg.volume is not None else ""
    return f"{seg.name} ({seg.times}{extra})"


def summarize(draft: Draft | dict[str, Any] | None) -> str:
    """The contract's one-line summary of a draft."""
    parsed = draft if isinstance(draft, Draft) else parse_draft(draft)
    tracks = _segment_views(parsed)
    if not any(t.segments for t in tracks):
        return "Timeline is empty."
    parts = [
        f"{i}. {t.kind}: " + ", ".join(_segment_text(s) for s in t.segments)
        for i, t in enumerate(tracks, 1)
        if t.segments
    ]
    noun = "track" if len(parts) == 1 else "tracks"
    return f"Timeline ({len(parts)} {noun}): " + " ".join(parts)


def _aspect(state: SessionState) -> str | None:
    canvas = state.state.canvas_config
    if canvas is not None:
        return canvas.ratio
    meta = state.state.parsed_draft().m
    width, height = meta.get("width"), meta.get("height")
    return f"{width}x{height}" if width and height else None


def timeline_view(state: SessionState) -> TimelineView:
    """Build the summary, tree and media list from a state response."""
    draft = state.state.parsed_draft()
    return TimelineView(
        summary=summarize(draft),
        tracks=_segment_views(draft),
        draft=dict(state.state.draft),
        media=list(state.state.generated_media),
        aspect=_aspect(state),
        media_files=uploaded_files(state),
    )


def uploaded_files(state: SessionState) -> list[MediaInfo]:
    """The uploaded assets of a state.

    ``video_infos`` may also list generated images; those are recognised by their URL
    being one of ``generated_media`` and left out.
    """
    generated = {m.url for m in state.state.generated_media if m.url}
    return [
        info
        for info in state.state.video_infos
        if not (_info_url(info) and _info_url(info) in generated)
    ]


def _info_url(info: MediaInfo) -> str | None:
    """The asset's download URL (``cdn_url``, or a plain ``url`` some servers send)."""
    url = info.cdn_url or (info.model_extra or {}).get("url")
    return url if isinstance(url, str) and url else None


def media_name(info: MediaInfo) -> str:
    """A file's name for people: its file name, else the last part of its URL."""
    name = info.filename or (_info_url(info) or "").rsplit("/", 1)[-1].split("?", 1)[0]
    return strip_control(name) or "a file"


def fingerprint(state: SessionState | None) -> str:
    """A stable string that changes whenever the media or the draft change."""
    if state is None:
        return ""
    body = state.state
    data = {
        "draft": body.draft,
        "infos": [m.model_dump(mode="json") for m in body.video_infos],
        "media": [m.model_dump(mode="json") for m in body.generated_media],
        "canvas": body.canvas_config.model_dump(mode="json") if body.canvas_config else None,
    }
    return json.dumps(data, sort_keys=True, default=str)


def _names(tracks: list[TrackView], kind: str) -> list[str]:
    return [s.name for t in tracks if t.kind == kind for s in t.segments]


def _duration(draft: Draft, tracks: list[TrackView]) -> float:
    ends = [s.end_s for t in tracks for s in t.segments]
    return draft.d / 1000 if draft.d else max(ends, default=0.0)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _list_changes(before: list[str], after: list[str], what: str) -> list[str]:
    added = [n for n in after if n not in before]
    removed = [n for n in before if n not in after]
    lines = []
    if added:
        lines.append(f"Added {what}: " + ", ".join(added))
    if removed:
        lines.append(f"Removed {what}: " + ", ".join(removed))
    if not added and not removed and len(before) != len(after):
        lines.append(f"{what.capitalize()} now: {len(after)} (was {len(before)})")
    return lines


def _volumes(tracks: list[TrackView]) -> dict[str, float]:
    return {
        s.name: s.volume
        for t in tracks
        for s in t.segments
        if t.kind == "BGM" and s.volume is not None
    }


def _file_key(info: MediaInfo) -> str:
    return _info_url(info) or info.hash or info.filename or ""


def _media_changes(before: SessionState, after: SessionState) -> list[str]:
    lines = []
    new_photos = len(after.state.generated_media) - len(before.state.generated_media)
    if new_photos > 0:
        lines.append(f"Made {_plural(new_photos, 'new photo')}")
    added = _missing(uploaded_files(after), uploaded_files(before))
    removed = _missing(uploaded_files(before), uploaded_files(after))
    if added:
        lines.append(f"Added {_join(added)} to your media")
    if removed:
        lines.append(f"Removed {_join(removed)} from your media")
    return lines


def _missing(files: list[MediaInfo], other: list[MediaInfo]) -> list[str]:
    """Names of the files in ``files`` that ``other`` does not have (counting repeats)."""
    left = Counter(_file_key(f) for f in other)
    names = []
    for info in files:
        key = _file_key(info)
        if left[key] > 0:
            left[key] -= 1
        else:
            names.append(media_name(info))
    return names


def _join(names: list[str]) -> str:
    """``a.jpg``, ``a.jpg and b.mp3``, ``a.jpg, b.mp3 and 3 more``."""
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def describe_changes(before: SessionState | None, after: SessionState) -> list[str]:
    """What changed between two states, as short human sentences (empty: nothing).

    Covers new photos, files added to (or removed from) the media, tracks, video
    segments, titles, music, volume, total duration and aspect ratio.
    """
    before = before or SessionState()
    db, da = before.state.parsed_draft(), after.state.parsed_draft()
    tb, ta = _segment_views(db), _segment_views(da)
    lines = _media_changes(before, after)
    for kind, what in (("Video", "photos on the timeline"), ("Title", "title"), ("BGM", "music")):
        lines += _list_changes(_names(tb, kind), _names(ta, kind), what)
    kinds_b = [t.kind for t in tb if t.segments]
    kinds_a = [t.kind for t in ta if t.segments]
    if len(kinds_a) != len(kinds_b):
        lines.append(f"The timeline now has {_plural(len(kinds_a), 'track')} (was {len(kinds_b)})")
    for name, vol in _volumes(ta).items():
        old = _volumes(tb).get(name)
        if old is not None and round(old * 100) != round(vol * 100):
            lines.append(f"Music volume for {name}: {round(old * 100)}% -> {round(vol * 100)}%")
    dur_b, dur_a = _duration(db, tb), _duration(da, ta)
    if dur_b and dur_a and abs(dur_a - dur_b) >= 0.05:
        lines.append(f"Duration: {_secs(dur_b)}s -> {_secs(dur_a)}s")
    asp_b, asp_a = _aspect(before), _aspect(after)
    if asp_b and asp_a and asp_b != asp_a:
        lines.append(f"Aspect ratio: {asp_b} -> {asp_a}")
    if not lines and fingerprint(before) != fingerprint(after):
        lines.append("The timeline was updated")
    return lines
