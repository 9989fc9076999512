"""Timeline edits on the draft JSON (``t/tt/sg/d/m``), kept consistent.

The draft lives in the session state as plain JSON. After every change
:func:`recompute` makes it whole again: video segments play one after another
(``m.start`` recomputed), ``d`` is the video total, music spans from its start
to the end, titles are clipped to the end.
"""

from __future__ import annotations

from typing import Any

from photogen.wire.draft import TrackType

DEFAULT_STILL_MS = 3000
"""How long a new still stays on screen."""
DEFAULT_TITLE_MS = 3000
"""How long a new title stays on screen."""
_TRACK_ORDER = {TrackType.VIDEO: 0, TrackType.AUDIO: 1, TrackType.TEXT: 2}

Json = dict[str, Any]


class DraftError(ValueError):
    """An edit that cannot be applied; the message is for a person."""


def ensure_draft(state: Json) -> Json:
    """The state's draft, created (empty) when absent."""
    draft = state.get("draft")
    if not isinstance(draft, dict) or "t" not in draft:
        draft = {"d": 0, "m": {}, "t": []}
        state["draft"] = draft
    draft.setdefault("m", {})
    return draft


def track(draft: Json, tt: int, create: bool = True) -> Json | None:
    """The first track of type ``tt`` (created in canonical order when asked)."""
    for item in draft["t"]:
        if item.get("tt") == tt:
            return item  # type: ignore[no-any-return]
    if not create:
        return None
    new = {"tt": tt, "sg": []}
    draft["t"].append(new)
    draft["t"].sort(key=lambda t: _TRACK_ORDER.get(t.get("tt"), 9))
    return new


def video_segments(draft: Json) -> list[Json]:
    """Segments of the video track (empty list when there is none)."""
    video = track(draft, TrackType.VIDEO, create=False)
    return video["sg"] if video else []


def add_still(draft: Json, name: str, url: str, duration_ms: int = DEFAULT_STILL_MS) -> None:
    """Append a still to the video track."""
    segs = track(draft, TrackType.VIDEO)["sg"]  # type: ignore[index]
    segs.append({"d": duration_ms, "m": {"name": name, "url": url, "start": 0}})
    recompute(draft)


def replace_still(draft: Json, old_url: str, new_url: str, name: str) -> bool:
    """Point the segments that show ``old_url`` at ``new_url``; False when none did."""
    hits = [s for s in video_segments(draft) if s.get("m", {}).get("url") == old_url]
    for seg in hits:
        seg["m"].update(url=new_url, name=name)
    return bool(hits)


def recompute(draft: Json) -> None:
    """Restore the invariants: sequential video starts, ``d`` = video total, clipped tracks."""
    start = 0
    for seg in video_segments(draft):
        seg.setdefault("m", {})["start"] = start
        start += max(0, int(seg.get("d", 0)))
    draft["d"] = start
    for item in draft["t"]:
        if item.get("tt") == TrackType.AUDIO:
            _fit_music(item["sg"], start)
        elif item.get("tt") == TrackType.TEXT:
            _fit_titles(item["sg"], start)
    draft["t"] = [t for t in draft["t"] if t.get("sg") or t.get("tt") == TrackType.VIDEO]


def _fit_music(segs: list[Json], total: int) -> None:
    for seg in segs:
        begin = min(int(seg["m"].get("start", 0)), total)
        seg["m"]["start"] = begin
        seg["d"] = total - begin


def _fit_titles(segs: list[Json], total: int) -> None:
    for seg in segs:
        begin = min(int(seg["m"].get("start", 0)), max(0, total - 500))
        seg["m"]["start"] = begin
        seg["d"] = max(0, min(int(seg.get("d", DEFAULT_TITLE_MS)), total - begin))
