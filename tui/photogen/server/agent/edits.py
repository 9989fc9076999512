"""Aspects for new photos, and the edits a message asks of an existing photo.

Two readers of aspect words: :func:`prompt_aspect` is strict (in a prompt,
"portrait" is usually a person) and also returns the spans to cut out of the
prompt; :func:`edit_aspect` is loose (an edit is about the frame).
"""

from __future__ import annotations

import re
from typing import Any

from photogen.server.agent.lexicon import (
    ASPECT_TERMS,
    ASPECT_TERMS_ZH,
    AUTO_LEVELS,
    BACKDROPS,
    BACKGROUND_REMOVAL,
    BACKGROUND_WORDS,
    COLOURS,
    GRADES,
    PLATFORMS,
    RATIO_ALIASES,
)
from photogen.server.agent.text import find, first_in

_RATIO = re.compile(r"(?<![\d.:])(\d{1,2})\s*[:x×/]\s*(\d{1,2})(?![\d.:])")
_PRE = r"(?:,\s*|\b(?:in|as|to|into|for|at)\s+(?:an?\s+|the\s+|my\s+|our\s+|your\s+)?)"
_SUF = (
    r"(?:\s+(?:format|orientation|mode|aspect\s+ratio|aspect|ratio|size|crop|version|post|shape))"
)
_ZH_SUF = r"(?:的|比例|格式|尺寸|构图|画幅)*"
_HEX = re.compile(r"#([0-9a-f]{6})\b")

Span = tuple[int, int]

EDIT_WORDS: tuple[str, ...] = (  # longest phrases first: "黑白" must go before "白"
    *(pattern for pattern, _ in (*GRADES, *PLATFORMS, *ASPECT_TERMS_ZH)),
    *(pattern for pattern, _, _ in ASPECT_TERMS),
    AUTO_LEVELS,
    BACKGROUND_REMOVAL,
    r"\d{1,2}\s*[:x×/]\s*\d{1,2}",
    r"crop|resize|fit|size|sized|format|ratio|aspect|裁|剪|尺寸|比例",
    *(pattern for pattern, _ in (*BACKDROPS, *COLOURS)),
    BACKGROUND_WORDS,
)
"""Every word an edit is made of: a message of only these is an edit ("黑白", "auto levels")."""


def prompt_aspect(low: str) -> tuple[str | None, list[Span]]:
    """The aspect a generate request names, and the spans of text that named it.

    Args:
        low: Lower-cased message.

    Returns:
        ``(aspect or None, spans to cut from the prompt)``. Ratios win over words.
    """
    aspect, spans = None, []
    for match in _RATIO.finditer(low):
        ratio = RATIO_ALIASES.get(f"{int(match.group(1))}:{int(match.group(2))}")
        if ratio:
            aspect = aspect or ratio
            spans.append(_widen(low, match.span()))
    for pattern, value, ambiguous in ASPECT_TERMS:
        for match in _term_matches(low, pattern, ambiguous):
            aspect = aspect or value
            spans.append(match.span())
    for word, value in ASPECT_TERMS_ZH:
        for match in re.finditer(rf"[,，、]?\s*{word}{_ZH_SUF}", low):
            aspect = aspect or value
            spans.append(match.span())
    return aspect, spans


def _term_matches(low: str, pattern: str, ambiguous: bool) -> list[re.Match[str]]:
    """Format phrases ("in portrait", "square format") always; bare words when unambiguous."""
    term = rf"(?<![a-z])(?:{pattern})(?![a-z])"
    phrase = re.compile(rf"{_PRE}{term}{_SUF}?(?!\s+of\b)|{term}{_SUF}")
    found = list(phrase.finditer(low))
    if not found and not ambiguous:
        found = list(re.finditer(term, low))
    return found


def _widen(low: str, span: Span) -> Span:
    """Grow a ratio's span over a leading "in"/"," and a trailing "format"."""
    before = re.search(rf"{_PRE}$", low[: span[0]])
    after = re.match(_SUF, low[span[1] :])
    return (before.start() if before else span[0], span[1] + (after.end() if after else 0))


def edit_aspect(low: str) -> str | None:
    """The aspect an edit asks for, reading every aspect word ("make it portrait")."""
    match = _RATIO.search(low)
    if match and (ratio := RATIO_ALIASES.get(f"{int(match.group(1))}:{int(match.group(2))}")):
        return ratio
    for pattern, value, _ in ASPECT_TERMS:
        if find(pattern, low):
            return value
    return first_in(tuple((word, value) for word, value in ASPECT_TERMS_ZH), low)


def background(low: str) -> str | list[int] | None:
    """The background an edit asks for: a colour name, ``[r, g, b]``, a backdrop, or None."""
    named = _on_colour(low)
    if not (named or find(BACKGROUND_WORDS, low)):
        return None
    hex_colour = _HEX.search(low)
    if hex_colour:
        value = hex_colour.group(1)
        return [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return first_in(BACKDROPS, low) or _pick_colour(low) or "white"


_TARGET = re.compile(r"\b(?:to|into|with|for)\b|换成|改成|变成|成")


def _pick_colour(low: str) -> str | None:
    """The colour asked for: the first after the last "to"/"换成", else the first in the text."""
    found = sorted(
        (match.start(), value)
        for pattern, value in COLOURS
        for match in re.finditer(rf"(?<![a-z])(?:{pattern})(?![a-z])", low)
    )
    targets = [match.end() for match in _TARGET.finditer(low)]
    after = [value for start, value in found if targets and start >= targets[-1]]
    ordered = after or [value for _, value in found]
    return ordered[0] if ordered else None


def _on_colour(low: str) -> bool:
    """ "put it on white", "on a marble slab": a colour or backdrop right after "on"."""
    for pattern, _ in (*COLOURS, *BACKDROPS):
        if re.search(rf"\bon\s+(?:an?\s+|the\s+)?(?:{pattern})(?![a-z])", low):
            return True
    return False


def edit_ops(low: str) -> dict[str, Any]:
    """The edits a message names, as ``edit_image`` arguments (only the ones found).

    Keys: ``background``, ``aspect_ratio``, ``grade``, ``auto_levels``, ``platform``.
    A platform word ("for instagram") sets ``platform``; the engine sizes for it.
    """
    ops: dict[str, Any] = {}
    platform = first_in(PLATFORMS, low)
    if platform:
        ops["platform"] = platform
    aspect = edit_aspect(low)
    if aspect and not platform:
        ops["aspect_ratio"] = aspect
    backdrop = background(low)
    if backdrop is not None:
        ops["background"] = backdrop
    grade = first_in(GRADES, low)
    if grade:
        ops["grade"] = grade
    if find(AUTO_LEVELS, low):
        ops["auto_levels"] = True
    return ops


def clears_background(low: str) -> bool:
    """The message asks to remove or cut out the background."""
    return bool(find(BACKGROUND_REMOVAL, low) and find(BACKGROUND_WORDS, low)) or bool(
        re.search(r"抠图|cut\s*(?:it\s+)?out", low)
    )
