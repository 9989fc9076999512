"""The ``edit_multitrack`` tool: a list of timeline operations applied to a session state.

Operations (from the agent): ``add_music {source, name, volume}``, ``remove_music``,
``set_volume {volume}``, ``add_title {text, start_ms, duration_ms}``,
``remove_title``, ``set_duration {index, duration_ms}`` (index -1 = every still),
``remove_segment {index}``, ``set_aspect {aspect_ratio}``. All or nothing: the
first bad operation raises :class:`~photogen.server.draftops.DraftError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photogen.server import draftops as d
from photogen.server.media import media_key
from photogen.server.renderplan import MAX_SEGMENT_MS
from photogen.wire.draft import TrackType
from photogen.wire.safety import strip_control

Json = dict[str, Any]
AudioResolver = Callable[[str], str | None]
"""``url -> relative media URL`` of an audio file the caller owns, or None."""
AspectFn = Callable[[str], tuple[str, tuple[int, int]] | None]


def set_canvas(state: Json, aspect: str, size: tuple[int, int]) -> None:
    """Set ``canvas_config`` and the draft's size."""
    width, height = size
    state["canvas_config"] = {"width": width, "height": height, "ratio": aspect}
    d.ensure_draft(state)["m"].update(width=width, height=height)


def _volume(value: Any) -> float:
    try:
        vol = float(value)
    except (TypeError, ValueError) as exc:
        raise d.DraftError("The volume must be a number between 0 and 100%") from exc
    vol = vol / 100 if vol > 1 else vol
    if not 0 <= vol <= 1:
        raise d.DraftError("The volume must be between 0 and 100%")
    return round(vol, 3)


def _add_music(draft: Json, op: Json, resolve: AudioResolver) -> str:
    source = str(op.get("source") or "builtin:lofi")
    meta: Json = {"name": str(op.get("name") or "Music")[:100], "start": 0}
    if source.startswith("builtin:"):
        meta["source"] = source
    else:
        url = resolve(source)
        if url is None:
            raise d.DraftError("I can't find that audio file; upload it first")
        meta.update(url=url, source=url)
    meta["volume"] = _volume(op.get("volume", 0.35))
    audio = d.track(draft, TrackType.AUDIO)
    audio["sg"] = [{"d": draft.get("d", 0), "m": meta}]  # type: ignore[index]
    return f"music: {meta['name']}"


def _music_segments(draft: Json) -> list[Json]:
    audio = d.track(draft, TrackType.AUDIO, create=False)
    if not audio or not audio["sg"]:
        raise d.DraftError("There is no music on the timeline")
    return audio["sg"]  # type: ignore[no-any-return]


def _remove_music(draft: Json, op: Json) -> str:
    _music_segments(draft).clear()
    return "music removed"


def _set_volume(draft: Json, op: Json) -> str:
    volume = _volume(op.get("volume"))
    for seg in _music_segments(draft):
        seg["m"]["volume"] = volume
    return f"volume {round(volume * 100)}%"


def _add_title(draft: Json, op: Json) -> str:
    text = strip_control(str(op.get("text") or "")).strip()[:200]
    if not text:
        raise d.DraftError("A title needs some text")
    start = max(0, int(op.get("start_ms") or 0))
    length = max(500, int(op.get("duration_ms") or d.DEFAULT_TITLE_MS))
    titles = d.track(draft, TrackType.TEXT)
    titles["sg"] = [{"d": length, "m": {"text": text, "start": start}}]  # type: ignore[index]
    return f'title "{text}"'


def _remove_title(draft: Json, op: Json) -> str:
    titles = d.track(draft, TrackType.TEXT, create=False)
    if not titles or not titles["sg"]:
        raise d.DraftError("There is no title on the timeline")
    titles["sg"].clear()
    return "title removed"


def _segment(draft: Json, index: Any) -> Json:
    segs = d.video_segments(draft)
    try:
        return segs[int(index)]
    except (TypeError, ValueError, IndexError) as exc:
        raise d.DraftError(f"There is no photo number {index} on the timeline") from exc


def _set_duration(draft: Json, op: Json) -> str:
    ms = int(op.get("duration_ms") or 0)
    if not 500 <= ms <= MAX_SEGMENT_MS:  # longer photos could not be exported
        raise d.DraftError(f"A photo can stay on screen from 0.5 s to {MAX_SEGMENT_MS // 1000} s")
    index = int(op.get("index", -1))
    targets = d.video_segments(draft) if index == -1 else [_segment(draft, index)]
    if not targets:
        raise d.DraftError("There are no photos on the timeline yet")
    for seg in targets:
        seg["d"] = ms
    return f"duration {ms / 1000:g}s"


def _remove_segment(draft: Json, op: Json) -> str:
    seg = _segment(draft, op.get("index"))
    d.video_segments(draft).remove(seg)
    return f"removed {seg['m'].get('name', 'photo')}"


_DRAFT_OPS: dict[str, Callable[[Json, Json], str]] = {
    "remove_music": _remove_music,
    "set_volume": _set_volume,
    "add_title": _add_title,
    "remove_title": _remove_title,
    "set_duration": _set_duration,
    "remove_segment": _remove_segment,
}


def apply_operations(
    state: Json, ops: list[Json], resolve_audio: AudioResolver, aspect: AspectFn
) -> list[str]:
    """Apply ``ops`` to ``state`` in order; returns a short label per change."""
    if not isinstance(ops, list) or not ops:
        raise d.DraftError("No timeline operations given")
    draft = d.ensure_draft(state)
    changed = []
    for op in ops:
        name = op.get("op") if isinstance(op, dict) else None
        if name == "add_music":
            changed.append(_add_music(draft, op, resolve_audio))
        elif name == "set_aspect":
            changed.append(_set_aspect(state, op, aspect))
        elif name == "replace_photo":
            changed.append(_replace_photo(state, draft, op))
        elif name in _DRAFT_OPS:
            changed.append(_DRAFT_OPS[name](draft, op))
        else:
            raise d.DraftError(f"Unknown timeline operation: {name!r}")
        d.recompute(draft)
    return changed


def _replace_photo(state: Json, draft: Json, op: Json) -> str:
    """Show ``to`` where ``from`` (an edit) was, and mark the edit as taken back."""
    old, new = relative_media_url(str(op.get("from") or "")), str(op.get("to") or "")
    if not old or not relative_media_url(new):
        raise d.DraftError("Which photo should go back? Give both photos' addresses")
    for item in state.get("generated_media", []):
        if relative_media_url(str(item.get("url") or "")) == old:
            item["reverted"] = True
    if not d.replace_still(draft, old, relative_media_url(new) or new, str(op.get("name") or "")):
        raise d.DraftError("That edit is not on the timeline any more")
    return "original back"


def _set_aspect(state: Json, op: Json, aspect: AspectFn) -> str:
    found = aspect(str(op.get("aspect_ratio") or ""))
    if found is None:
        raise d.DraftError("Aspect ratios I make: 1:1, 4:5, 9:16, 16:9")
    set_canvas(state, found[0], found[1])
    return f"aspect {found[0]}"


def relative_media_url(url: str) -> str | None:
    """``/media/<key>/<name>`` for any media URL (absolute or relative), else None."""
    key = media_key(url)
    if key is None:
        return None
    return "/media/" + url.split("/media/", 1)[1].split("?", 1)[0]
