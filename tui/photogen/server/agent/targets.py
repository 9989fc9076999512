"""Which photo of the session a message is about: by name, ordinal, "this one" or "each".

A session's photos are its image uploads (oldest first), then the photos generated
from words. Edits do not add photos: an edit is the next version of the photo it
was made from, so "make the box cinematic" after "put the box on white" works on
the white one. :func:`address` reads a message and answers one of:

- :class:`Targets` with one photo or several ("each", "all of them");
- :class:`Ambiguous` when more than one photo fits and nothing says which: the
  agent asks instead of guessing;
- :class:`Missing` when a name or ordinal points at no photo.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from photogen.server.agent.lexicon import ORDINALS
from photogen.server.agent.model import AgentContext
from photogen.server.agent.text import NUM_ZH, to_number
from photogen.wire.draft import TrackType

_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".bmp")
_NOUN = r"(?:photos?|pictures?|pics?|images?|uploads?|shots?|ones?)"
_GENERIC_STEMS = frozenset(
    {"photo", "photos", "image", "images", "img", "pic", "pics", "picture", "pictures"}
    | {"upload", "uploads", "file", "shot", "edit", "the", "and", "one", "this", "that"}
    | {"scan", "dsc", "pxl", "screenshot", "copy", "final", "new"}
)
_DEFINITE = re.compile(r"\b(?:the|my|that|this|our)\s+([a-z]{3,})\b")
_EACH = re.compile(
    rf"\b(?:each(?:\s+{_NOUN})?|every\s+{_NOUN}|all\s+(?:of\s+)?(?:them|the\s+{_NOUN}|my\s+{_NOUN}|{_NOUN}|three|four|five)"
    rf"|them(?:\s+all)?|both(?:\s+of\s+them)?|all\s+\d+(?:\s+{_NOUN})?)\b"
    r"|每张|每一张|每个|全部|所有|都"
)
_THIS = re.compile(
    rf"\b(?:this|that)(?:\s+{_NOUN})?\b(?!\s+(?:background|colou?r|look|style))"
    r"|这张|这个|那张|这幅|当前"
)
_ORD_WORDS = "|".join(sorted(ORDINALS, key=len, reverse=True))
_ORDINAL_EN = re.compile(
    rf"\b(?:the\s+)?({_ORD_WORDS}|last|latest)\s+{_NOUN}\b"
    rf"|\b(?:photo|picture|pic|image|upload)\s*#?\s*(\d{{1,2}})\b|#(\d{{1,2}})\b"
)
_ORDINAL_ZH = re.compile(rf"第\s*({NUM_ZH})\s*(?:张|个|幅|副)?|(最后)一?(?:张|个|幅)")


@dataclass(frozen=True)
class Photo:
    """One photo of the session.

    Attributes:
        name: What the user calls it: an upload's file name, else a generated photo's
            prompt (shortened).
        url: Its latest version (the last edit of it, else itself).
        original: The upload's or generated photo's own URL.
        prompt: The words it was generated from (None for an upload).
        upload: It is an upload.
    """

    name: str
    url: str
    original: str
    prompt: str | None
    upload: bool

    def stem_words(self) -> set[str]:
        """Words of an upload's file name that may name it ("the box" for box_01.jpg)."""
        if not self.upload:
            return set()
        stem = self.name.rsplit(".", 1)[0].lower()
        parts = re.findall(r"[a-z]{3,}|[\u3400-\u4dbf\u4e00-\u9fff]+", stem)
        return {part for part in parts if part not in _GENERIC_STEMS}


@dataclass(frozen=True)
class Targets:
    """The photos a message is about, in session order."""

    photos: tuple[Photo, ...]
    how: str
    """``name``, ``ordinal``, ``selected``, ``each``, ``recent`` or ``only``."""


@dataclass(frozen=True)
class Ambiguous:
    """Several photos fit; the agent asks which."""

    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Missing:
    """A name or ordinal that points at no photo; ``asked`` is what the user said."""

    asked: str
    photos: tuple[Photo, ...]


Address = Targets | Ambiguous | Missing


def media_path(url: Any) -> str:
    """A media URL without scheme, host and query, so relative and absolute forms compare."""
    text = str(url or "")
    if "/media/" in text:
        text = "/media/" + text.split("/media/", 1)[1]
    return text.split("?", 1)[0]


def is_image(item: Any) -> bool:
    """An upload that is an image, by its type or by its file name."""
    name = (item.filename or item.cdn_url or "").lower()
    return item.file_type == "image" or (item.file_type is None and name.endswith(_IMAGE_EXT))


def session_photos(ctx: AgentContext) -> list[Photo]:
    """The session's photos: image uploads, then generated photos; each at its latest edit."""
    latest = _latest_versions(ctx.generated)
    photos = []
    for upload in ctx.uploads:
        if is_image(upload) and upload.cdn_url:
            key = media_path(upload.cdn_url)
            name = upload.filename or key.rsplit("/", 1)[-1]
            photos.append(Photo(name, latest.get(key, upload.cdn_url), upload.cdn_url, None, True))
    unused = _unused_candidates(ctx)
    for made in ctx.generated:
        url = made.get("url")
        if made.get("source") or not isinstance(url, str) or not url:
            continue
        if media_path(url) in unused:
            continue
        prompt = str(made.get("prompt") or "photo")
        name = "“" + (prompt if len(prompt) <= 40 else prompt[:39].rstrip() + "…") + "”"
        photos.append(Photo(name, latest.get(media_path(url), url), url, prompt, False))
    return photos


def _timeline_paths(ctx: AgentContext) -> set[str]:
    """Media paths of the stills on the timeline."""
    return {
        media_path(seg.m.get("url"))
        for track in ctx.draft.tracks_of(TrackType.VIDEO)
        for seg in track.sg
        if seg.m.get("url")
    }


def _unused_candidates(ctx: AgentContext) -> set[str]:
    """Media paths of candidates of a grid of several that were never used (not on the
    timeline): they are choices, not yet the session's photos. A grid of one is the photo."""
    sizes = Counter(m.get("grid") for m in ctx.generated if m.get("grid") and not m.get("source"))
    shown = _timeline_paths(ctx)
    return {
        media_path(m.get("url"))
        for m in ctx.generated
        if sizes.get(m.get("grid"), 0) > 1 and media_path(m.get("url")) not in shown
    }


def _latest_versions(generated: tuple[dict[str, Any], ...]) -> dict[str, str]:
    """Original media path -> URL of its newest edit, following edits of edits."""
    root: dict[str, str] = {}
    latest: dict[str, str] = {}
    for item in generated:
        source, url = item.get("source"), item.get("url")
        if not source or not url or item.get("reverted"):
            continue
        origin = root.get(media_path(source), media_path(source))
        root[media_path(url)] = origin
        latest[origin] = url
    return latest


def address(low: str, ctx: AgentContext) -> Address | None:
    """The photos ``low`` (a lower-cased message) is about; None when the session has none."""
    photos = session_photos(ctx)
    if not photos:
        return None
    named = _by_name(low, photos)
    if named:
        return Targets(tuple(named), "name") if len(named) == 1 else Ambiguous(tuple(named))
    position = _ordinal(low)
    if position is not None:
        return _by_ordinal(position, low, photos)
    pool = [p for p in photos if p.upload] or photos
    if _EACH.search(low):
        return Targets(tuple(pool), "each")
    selected = _selected(ctx, photos)
    if selected is not None and (_THIS.search(low) or len(pool) > 1):
        return Targets((selected,), "selected")
    return _default(ctx, pool)


def _by_name(low: str, photos: list[Photo]) -> list[Photo]:
    """Photos named in full ("can.webp") win; else those whose file-name words appear."""
    full = [p for p in photos if p.upload and p.name.lower() in low]
    if full:
        return full
    found = set(_DEFINITE.findall(low))  # "the box": a bare "box" may describe a new photo
    text_zh = "".join(re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", low))
    return [
        p
        for p in photos
        if any(word in found or (not word.isascii() and word in text_zh) for word in p.stem_words())
    ]


def _ordinal(low: str) -> int | None:
    """A 0-based position, -1 for "the last photo", or None."""
    match = _ORDINAL_ZH.search(low)
    if match:
        if match.group(2):
            return -1
        number = to_number(match.group(1))
        return int(number) - 1 if number and number >= 1 else None
    match = _ORDINAL_EN.search(low)
    if match is None:
        return None
    if match.group(1):
        word = match.group(1)
        return -1 if word in ("last", "latest") else ORDINALS[word]
    number = int(match.group(2) or match.group(3))
    return number - 1 if number >= 1 else None


def _by_ordinal(position: int, low: str, photos: list[Photo]) -> Address:
    """Ordinals count uploads when the message says "upload" or the session has uploads."""
    uploads = [p for p in photos if p.upload]
    pool = uploads if uploads and ("upload" in low or "上传" in low or len(uploads) > 1) else photos
    if position == -1:
        return Targets((pool[-1],), "ordinal")
    if position < len(pool):
        return Targets((pool[position],), "ordinal")
    return Missing(f"#{position + 1}", tuple(pool))


def _selected(ctx: AgentContext, photos: list[Photo]) -> Photo | None:
    """The photo the client says is selected (any version of it: an older edit counts)."""
    if not ctx.selected_url:
        return None
    root = _root_of(ctx, media_path(ctx.selected_url))
    for photo in photos:
        if root == media_path(photo.original):
            return photo
    return None


def _root_of(ctx: AgentContext, path: str) -> str:
    """The original a media path is an edit of (itself when it is no edit)."""
    parents = {media_path(g.get("url")): media_path(g.get("source")) for g in ctx.generated}
    seen = set()
    while path in parents and parents[path] and path not in seen:
        seen.add(path)
        path = parents[path]
    return path


_KEEP_ORIGINAL = re.compile(
    r"\b(?:keep|use|go\s+back\s+to|back\s+to|restore|revert\s+to)\s+(?:the\s+|my\s+)?original\b"
    r"|\bundo\b|保留原图|用原图|恢复原图|还原|撤销"
)


def keeps_original(low: str) -> bool:
    """The user takes the last edit back ("keep the original", "undo", "保留原图")."""
    return bool(_KEEP_ORIGINAL.search(low))


def last_edit(ctx: AgentContext, cutout: bool = False) -> tuple[dict[str, Any], Photo] | None:
    """The newest edit still in force (a cut-out onto a background, when asked) and its photo."""
    photos = session_photos(ctx)
    for item in reversed(ctx.generated):
        if not item.get("source") or not item.get("url") or item.get("reverted"):
            continue
        if cutout and (item.get("edit_args") or {}).get("background") is None:
            continue
        root = _root_of(ctx, media_path(item["url"]))
        for photo in photos:
            if media_path(photo.original) == root and media_path(photo.url) == media_path(
                item["url"]
            ):
                return item, photo
    return None


_BOX = re.compile(
    r"\bsubject\s+in\s+(?:the\s+)?box\s+"
    r"([01](?:\.\d+)?)[\s,]+([01](?:\.\d+)?)[\s,]+([01](?:\.\d+)?)[\s,]+([01](?:\.\d+)?)"
)


def subject_box(low: str) -> tuple[float, float, float, float] | None:
    """ "cut out the subject in box 0.1 0.2 0.6 0.9" (what the app's box picker sends)."""
    match = _BOX.search(low)
    if match is None:
        return None
    left, top, right, bottom = (float(v) for v in match.groups())
    return (left, top, right, bottom) if right > left and bottom > top else None


def _default(ctx: AgentContext, pool: list[Photo]) -> Address:
    """Nothing names a photo: the only one, else the one edited last, else ask."""
    if len(pool) == 1:
        return Targets((pool[0],), "only")
    last = ctx.generated[-1] if ctx.generated else None
    if last and last.get("source"):
        root = _root_of(ctx, media_path(last.get("url")))
        for photo in pool:
            if media_path(photo.original) == root:
                return Targets((photo,), "recent")
    if last and not last.get("source") and not pool[0].upload:
        return Targets((pool[-1],), "recent")  # generated photos only: the newest one
    return Ambiguous(tuple(pool))
