"""One-line human statuses for tool calls (contract §4.6.2): never show raw payloads."""

from __future__ import annotations

from collections.abc import Mapping

VIDEO = "Generating video — may take 2-5 min"
MUSIC = "Generating music — may take 1-3 min"
PHOTO = "Generating photo…"
EDIT_PHOTO = "Editing your photo…"
TIMELINE = "Editing timeline…"

#: Tools that run for minutes (contract §4.4 [CLI / agent-plugins]).
LONG_RUNNING_TOOLS = frozenset(
    {"generate_video", "generate_video_with_seedance", "seedance", "generate_music", "suno"}
)

_EXACT = {
    "generate_video": VIDEO,
    "generate_video_with_seedance": VIDEO,
    "seedance": VIDEO,
    "generate_music": MUSIC,
    "suno": MUSIC,
    "edit_multitrack": TIMELINE,
    "ask_question": "Waiting for your answer…",
    "use_candidate": "Putting it on the timeline…",
}

# (words of which the tool name contains one, label); the first match wins.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("video", "seedance"), VIDEO),
    (("variation",), "Making variations…"),
    (("edit", "background", "cutout", "grade", "crop", "resize", "retouch"), EDIT_PHOTO),
    (("image", "photo", "picture", "still"), PHOTO),
    (("multitrack", "timeline", "draft", "track", "title", "segment", "music", "audio"), TIMELINE),
    (("upload", "analy", "inspect", "describe"), "Looking at your media…"),
    (("render", "export"), "Exporting…"),
)
_IMAGE_INPUTS = ("image_url", "source_url", "input_image", "image")
_TIMELINE_EDITS = ("multitrack", "timeline", "draft", "track")


def _grid_label(args: Mapping[str, object]) -> str:
    """``Generating 4 photos…`` or ``Making variations…`` for a call that makes a grid."""
    if args.get("variation_of") is not None:
        return "Making variations…"
    count = args.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and 1 < count <= 9:
        return f"Generating {count} photos…"
    return PHOTO


def tool_label(name: str, args: Mapping[str, object] | None = None) -> str:
    """A short status for a tool call, e.g. ``Generating photo…``.

    Args:
        name: The tool's name (already stripped of control characters).
        args: The call's arguments; an image tool given an input image is an edit.
    """
    lowered = name.lower()
    if lowered in _EXACT:
        return _EXACT[lowered]
    if any(word in lowered for word in _TIMELINE_EDITS):
        return TIMELINE  # "edit_draft" is a timeline edit, not a photo edit
    for words, label in _RULES:
        if any(word in lowered for word in words):
            if label == PHOTO and args and any(k in args for k in _IMAGE_INPUTS):
                return EDIT_PHOTO
            if label == PHOTO and args:
                return _grid_label(args)
            return label
    readable = " ".join(name.replace("_", " ").replace("-", " ").split()) or "tool"
    return f"Working: {readable[:40]}…"


def is_long_running(name: str) -> bool:
    """Whether a tool is known to take minutes."""
    return name.lower() in LONG_RUNNING_TOOLS
