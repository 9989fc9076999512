"""Timeline requests: split a message into clauses and read each for ``edit_multitrack``.

"add lo-fi music and a title "Sale"" is two clauses, each read by the table of
:data:`READERS`. A clause that asks for a new picture ("generate a mug photo")
is left for the generate planner; the rest of the message comes back too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from photogen.server.agent.edits import edit_aspect
from photogen.server.agent.intents import has_generate_verb, is_descriptive
from photogen.server.agent.lexicon import REMOVE_VERBS, SEGMENT_NOUNS, TITLE_WORDS
from photogen.server.agent.model import AgentContext
from photogen.server.agent.text import LAST, Message, clamp, durations_ms, find, ordinal
from photogen.server.agent.tracks import Clause, Found, read_music, read_title
from photogen.wire import TrackType

_QUOTE = re.compile(
    r"\"([^\"]{1,200})\"|“([^”]{1,200})”|「([^」]{1,200})」|『([^』]{1,200})』|‘([^’]{1,200})’"
    r"|(?<![A-Za-z])'([^']{1,200})'(?![A-Za-z])"
)
_SPLIT = re.compile(
    r"\s*(?:;|；|\band\s+then\b|\bthen\b|\balso\b|\bplus\b|\band\b|然后|并且|同时|另外|还要|以及"
    r"|[,，]\s*(?=(?:add|remove|delete|make|set|turn|change|put|use|drop|mute)\b"
    r"|加|添加|去掉|删除|删掉|把|调|设|换|改|移除|不要))\s*",
    re.IGNORECASE,
)
_EACH = r"each|every|all|per|both|每张|每一张|每个|每段|每幅|全部|所有|都"
_TOTAL = (
    r"it|the\s+(?:video|clip|slideshow|movie|whole\s+thing)|total|overall|in\s+all"
    r"|总共|总长|整个|一共|视频"
)
_DURATION_VERB = (
    r"make|set|change|show|hold|keep|display|last|long|longer|shorter|duration|length"
    r"|时长|长|显示|停留|设为|设置|调成|改成|改为"
)
_CANVAS = r"video|canvas|timeline|slideshow|movie|mp4|视频|画布|时间线|成片"
_CANVAS_VERB = r"make|set|change|switch|turn|convert|改|换|设|调|变|做成"
MIN_MS, MAX_MS = 500, 60000
"""Bounds of one segment's duration."""


@dataclass(frozen=True)
class TimelineRead:
    """The timeline part of a message.

    Attributes:
        ops: ``edit_multitrack`` operations, in the order asked.
        problems: ``(reply key, params)`` for requests that cannot be done now.
        rest: The clauses that were no timeline request, rejoined (the whole message
            when none was).
    """

    ops: tuple[dict[str, Any], ...]
    problems: tuple[tuple[str, dict[str, Any]], ...]
    rest: str


def read_timeline(msg: Message, ctx: AgentContext) -> TimelineRead:
    """Read every timeline request in a message.

    Args:
        msg: The cleaned message.
        ctx: The session as the agent sees it.

    Returns:
        The operations, problems and the rest of the message.
    """
    ops: list[dict[str, Any]] = []
    problems: list[tuple[str, dict[str, Any]]] = []
    rest: list[str] = []
    for clause in split_clauses(msg.text):
        picture = _asks_for_picture(clause)
        readers = READERS[:2] if picture else READERS
        found = [item for reader in readers if (item := reader(clause, ctx)) is not None]
        for item in found:
            ops.extend(item.ops)
            if item.problem:
                problems.append((item.problem, item.params))
        if not found or picture:
            rest.append(_unmask(clause))
    whole = not ops and not problems
    return TimelineRead(tuple(ops), tuple(problems), msg.text if whole else " ".join(rest))


def split_clauses(text: str) -> list[Clause]:
    """Split at "and", "then", ";", "然后" ... with quoted text masked so it never splits."""
    quotes: list[str] = []

    def mask(match: re.Match[str]) -> str:
        quotes.append(next(group for group in match.groups() if group is not None))
        return chr(0xE000 + len(quotes) - 1)

    masked = _QUOTE.sub(mask, text)
    parts = [part for part in _SPLIT.split(masked) if part and part.strip()]
    return [Clause(part, part.lower(), _quotes_in(part, quotes)) for part in parts]


def _quotes_in(part: str, quotes: list[str]) -> tuple[str, ...]:
    return tuple(
        quotes[ord(ch) - 0xE000] for ch in part if 0xE000 <= ord(ch) < 0xE000 + len(quotes)
    )


def _unmask(clause: Clause) -> str:
    """The clause with its quotes put back."""
    quotes = iter(clause.quotes)
    return re.sub("[\ue000-\ue0ff]", lambda _match: f'"{next(quotes, "")}"', clause.text)


def _asks_for_picture(clause: Clause) -> bool:
    """A clause like "generate a photo of a mug with lo-fi music" also goes to the generator."""
    probe = Message(clause.text, clause.low, "en")
    return has_generate_verb(probe) and is_descriptive(probe) and not find(TITLE_WORDS, clause.low)


def video_count(ctx: AgentContext) -> int:
    """Number of stills on the draft's first video track."""
    tracks = ctx.draft.tracks_of(TrackType.VIDEO)
    return len(tracks[0].sg) if tracks else 0


def _resolve(index: int, count: int) -> tuple[int | None, Found | None]:
    """Turn an ordinal into a real index, or a problem when it is out of range."""
    if count == 0:
        return None, Found(problem="no_segments")
    real = count - 1 if index == LAST else index
    if real >= count:
        return None, Found(problem="segment_range", params={"count": count, "asked": real + 1})
    return real, None


def read_segment_removal(clause: Clause, ctx: AgentContext) -> Found | None:
    """ "remove the second photo", "删除第二张"."""
    position = ordinal(clause.low)
    if position is None or not find(REMOVE_VERBS, clause.low) or find(TITLE_WORDS, clause.low):
        return None
    if not (find(SEGMENT_NOUNS, clause.low) or re.search(r"第|last|最后", clause.low)):
        return None
    real, problem = _resolve(position, video_count(ctx))
    return problem or Found(ops=({"op": "remove_segment", "index": real},))


def read_duration(clause: Clause, ctx: AgentContext) -> Found | None:
    """ "make each photo 4 seconds", "make the second one 5s long", "make it 10 seconds long"."""
    lengths = durations_ms(clause.low)
    if not lengths or find(TITLE_WORDS, clause.low):
        return None
    ms, position = lengths[0][0], ordinal(clause.low)
    count = video_count(ctx)
    if position is not None:
        real, problem = _resolve(position, count)
        return problem or Found(ops=(_set_duration(real, ms),))
    if find(_EACH, clause.low):
        return Found(ops=(_set_duration(-1, ms),)) if count else Found(problem="no_segments")
    if find(_TOTAL, clause.low) or find(_DURATION_VERB, clause.low):
        return _spread(ms, count)
    return None


def _set_duration(index: int | None, ms: int) -> dict[str, Any]:
    return {"op": "set_duration", "index": index, "duration_ms": int(clamp(ms, MIN_MS, MAX_MS))}


def _spread(total_ms: int, count: int) -> Found:
    """A total length shared over the stills; the remainder goes to the first ones."""
    if count == 0:
        return Found(problem="no_segments")
    if count == 1:
        return Found(ops=(_set_duration(-1, total_ms),))
    share, extra = divmod(int(total_ms), count)
    return Found(ops=tuple(_set_duration(i, share + (1 if i < extra else 0)) for i in range(count)))


def read_canvas(clause: Clause, ctx: AgentContext) -> Found | None:
    """ "make the video vertical", "把视频改成横屏" -> ``set_aspect``."""
    if not (find(_CANVAS, clause.low) and find(_CANVAS_VERB, clause.low)):
        return None
    aspect = edit_aspect(clause.low)
    return Found(ops=({"op": "set_aspect", "aspect_ratio": aspect},)) if aspect else None


# Music and title come first: a clause that asks for a picture is read by those two only.
READERS: tuple[Callable[[Clause, AgentContext], Found | None], ...] = (
    lambda clause, ctx: read_music(clause, ctx.draft, ctx.uploads),
    lambda clause, ctx: read_title(clause, ctx.draft),
    read_segment_removal,
    read_duration,
    read_canvas,
)
"""Every timeline reader, in the order their operations are applied."""
