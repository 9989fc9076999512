"""Turning a request into the prompt for ``generate_image``, and reading its count.

"Please generate 3 realistic photos of a mug, 9:16" -> prompt "a realistic photo
of a mug", count 3 (the aspect is read by :func:`~photogen.server.agent.edits.prompt_aspect`).
"""

from __future__ import annotations

import re

from photogen.server.agent.text import NUM_EN, NUM_ZH, to_number
from photogen.server.tools.registry import MAX_IMAGES_PER_CALL

MAX_PROMPT = 500
"""Longest prompt handed to the engine."""
MAX_COUNT = MAX_IMAGES_PER_CALL
"""Most photos one request makes (as many as one ``generate_image`` call makes)."""

_TAKES = r"variations?|versions?|options?|takes?|alternatives?"
_PHOTOS = r"photos?|pictures?|images?|shots?|pics?|photographs?"
_COUNT_EN = re.compile(
    rf"\b({NUM_EN})\s+((?:(?!(?:{_TAKES}|{_PHOTOS})\b)[a-z-]+\s+){{0,2}}?)"
    rf"(?:(?:{_TAKES})(?:\s+of)?|({_PHOTOS})|more)\b",
    re.IGNORECASE,
)
_COUNT_ZH = re.compile(rf"(?<![第每])({NUM_ZH})\s*(?:张|幅|个版本|版|种)")
_LEAD_EN = re.compile(
    r"^(?:(?:please|pls|plz|hey|hi|hello|good\s+(?:morning|afternoon|evening)|ok(?:ay)?|so|now|just"
    r"|can|could|would|will|you)[\s,!.]+)*"
    r"(?:(?:i\s+(?:want|need|would\s+like)|i'd\s+like|let's|lets|go\s+ahead\s+and)(?:\s+you\s+to)?\s+)?"
    r"(?:(?:generate|create|make|draw|render|produce|design|shoot|imagine|give|show|get|take"
    r"|photograph)(?:\s+(?:me|us))?\b[\s,:]*)?(?:(?:another|one\s+more)\s+)?",
    re.IGNORECASE,
)
_LEAD_ZH = re.compile(
    r"^(?:你好|您好|请|麻烦|帮我|给我|帮忙|我想要|我想|我要|能不能|可以|再)*[,，!！\s]*"
    r"(?:生成|做|画|来|制作|创作|拍|设计)?(?:一下)?(?:一个|一幅|一张)?"
)
_EDGES = " \t,.;:!?，。；：！？、-—"
_TAIL = re.compile(r"(?:[\s,]+(?:please|thanks|thank\s+you)|吧|谢谢)+$", re.IGNORECASE)


def photo_count(low: str, default: int = 1) -> int:
    """How many photos a request asks for ("3 variations", "三张"), 1 to :data:`MAX_COUNT`;
    ``default`` when it names no number."""
    for regex in (_COUNT_EN, _COUNT_ZH):
        match = regex.search(low)
        if match and (number := to_number(match.group(1).lower())) is not None:
            return int(max(1, min(MAX_COUNT, number)))
    return max(1, min(MAX_COUNT, default))


def count_spans(low: str) -> list[tuple[int, int]]:
    """Spans of the count phrases, for cutting them out of a message."""
    return [m.span() for regex in (_COUNT_EN, _COUNT_ZH) for m in regex.finditer(low)]


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (possibly overlapping) spans replaced by one space each."""
    kept, position = [], 0
    for start, end in sorted(spans):
        if start > position:
            kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return " ".join(" ".join(kept).split())


def clean_prompt(text: str, aspect_spans: list[tuple[int, int]]) -> str:
    """The picture description in a request: command words, counts and aspects removed.

    Args:
        text: The request in its original case.
        aspect_spans: Spans of the aspect phrases in ``text`` (from ``prompt_aspect``).

    Returns:
        The prompt, at most :data:`MAX_PROMPT` characters; empty when nothing is left.
    """
    prompt = cut(text, aspect_spans)
    prompt = _COUNT_EN.sub(_count_replacement, prompt)
    prompt = _COUNT_ZH.sub("", prompt).strip(_EDGES)
    for regex in (_LEAD_EN, _LEAD_ZH):
        prompt = regex.sub("", prompt, count=1).strip(_EDGES)
    prompt = _TAIL.sub("", prompt).strip(_EDGES)
    return prompt[:MAX_PROMPT].strip()


def _count_replacement(match: re.Match[str]) -> str:
    """ "3 realistic photos" -> "a realistic photo"; "3 variations of" -> nothing."""
    if not match.group(3):
        return " "
    return f"a {match.group(2)}photo"
