"""Translate a draft (``t/tt/sg/d/m``) into a :class:`~photogen.server.engines.RenderPlan`.

Media URLs in the draft must point at files the caller owns on this server;
``builtin:NAME`` music is passed to the renderer as is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from photogen.server.engines import RenderPlan
from photogen.server.media import resolve_media
from photogen.server.store import Store
from photogen.wire.draft import Draft, Segment, TrackType, parse_draft

DEFAULT_SIZE = (1080, 1080)
STILL_FORMATS = ("png", "jpg", "jpeg", "webp")
FORMATS = ("mp4", *STILL_FORMATS)


class PlanError(ValueError):
    """The draft cannot be rendered; the message is for a person."""


def _secs(ms: Any) -> float:
    return max(0.0, float(ms or 0) / 1000.0)


def _local(store: Store, media_dir: Path, user_id: str, url: Any, kind: str) -> str:
    found = resolve_media(store, media_dir, str(url or ""), user_id) if url else None
    if found is None:
        raise PlanError(f"A {kind} on the timeline is missing from this server")
    if found[0]["file_type"] != kind:
        raise PlanError(f"Only {kind} files can go on the {kind} track")
    return str(found[1])


def _stills(store: Store, media_dir: Path, user_id: str, draft: Draft) -> tuple:
    segs = [s for t in draft.tracks_of(TrackType.VIDEO) for s in t.sg]
    return tuple(
        (
            _local(store, media_dir, user_id, s.m.get("url"), "image"),
            max(_secs(s.d), 0.5),
            str(s.m.get("name") or ""),
        )
        for s in segs
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
    if fmt not in FORMATS:
        raise PlanError(f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    draft = parse_draft(raw)
    if not draft.is_exportable:
        raise PlanError("Nothing to export: the timeline is empty")
    if not any(t.sg for t in draft.tracks_of(TrackType.VIDEO)):
        raise PlanError("Nothing to export: put a photo on the timeline first")
