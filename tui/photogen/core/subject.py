"""The subject box: which photo a box is drawn on, and the message that retries a cut-out.

After a cut-out the server doubts, the user can mark the subject on the *original*
photo (not on the edit, whose subject sits on a new canvas). :func:`cutout_original`
finds that photo in the session state; :func:`box_message` is the chat line the
embedded agent reads (``cut out the subject in box L T R B``, fractions of the frame).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the UI imports this module before its first paint: no pydantic here
    from photogen.wire import SessionState

Box = tuple[float, float, float, float]
"""Left, top, right, bottom as fractions of the photo (0-1)."""


def cutout_original(state: SessionState) -> str | None:
    """URL of the original photo of the newest cut-out still in force, or None."""
    items = [(m.url, m.model_extra or {}) for m in state.state.generated_media]
    parents = {_path(url): str(extra.get("source")) for url, extra in items if extra.get("source")}
    for url, extra in reversed(items):
        edit = extra.get("edit_args") or {}
        if url and extra.get("source") and not extra.get("reverted") and "background" in edit:
            return _root(str(extra["source"]), parents)
    return None


def _path(url: Any) -> str:
    text = str(url or "")
    return "/media/" + text.split("/media/", 1)[1] if "/media/" in text else text


def _root(url: str, parents: dict[str, str]) -> str:
    """Follow an edit's sources back to the photo it started from."""
    seen: set[str] = set()
    while _path(url) in parents and _path(url) not in seen:
        seen.add(_path(url))
        url = parents[_path(url)]
    return url


def box_message(box: Box) -> str:
    """The chat line that asks for the last cut-out again, starting from ``box``."""
    left, top, right, bottom = (min(1.0, max(0.0, v)) for v in box)
    return f"cut out the subject in box {left:.3f} {top:.3f} {right:.3f} {bottom:.3f}"
