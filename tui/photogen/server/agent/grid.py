"""Grid commands: use, vary, reroll and seed lock, short or in words.

The short forms are Midjourney's: ``2`` / ``u2`` use candidate 2 (it goes on the
timeline), ``v2`` subtle variations of it, ``V2`` strong ones, ``r`` rerolls the
grid's prompt with new seeds, ``seed 1234`` / ``--seed 1234`` locks the seed.
In words: "use the second one", "用第二张", "variations of 3", "vary the first
one a lot", "more like 3 but warmer", "第三张的变体", "reroll", "重新生成这组".

Numbers and ordinals here address the session's current grid (``ctx.grid``);
without a grid these readers say nothing and the message goes on to the rest of
the planner (where ordinals may address uploads).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from photogen.server.agent.text import Message, find, ordinal

_USE_SHORT = re.compile(r"^\s*u?([1-9])\s*[.!。！]?\s*$", re.IGNORECASE)
_VARY_SHORT = re.compile(r"^\s*([vV])([1-9])\s*$")
_REROLL_SHORT = re.compile(r"^\s*(?:r|reroll|re-roll|🔄)\s*[.!]?\s*$", re.IGNORECASE)
_SEED = re.compile(r"(?:^|\s)(?:--seed|seed)\s*[=:]?\s*(\d{1,10})\b", re.IGNORECASE)
_SEED_ZH = re.compile(r"种子\s*[=:：]?\s*(\d{1,10})")

USE_WORDS = r"use|pick|choose|select|keep|take|go\s+with|i\s+(?:like|want)|用|选|要|就用|就要|保留"
"""Verbs that pick a candidate."""
VARY_WORDS = (
    r"variations?\s+(?:of|on)|vary|varia(?:nt|tion)s?|more\s+like|similar\s+to|like\s+(?:number\s+)?"
    r"|变体|变化|类似|像"
)
"""Words that ask for variations of a candidate."""
STRONG_WORDS = r"strong(?:ly)?|a\s+lot|big|bold|very\s+different|more\s+different|wild|大胆|大幅|强"
"""Words that make a variation strong."""
REROLL_WORDS = (
    r"re-?roll|new\s+seeds?|re-?generate\s+(?:the\s+)?(?:grid|all|them)|重新生成这组|换一组|重抽"
)
"""Words that reroll the grid."""
_BUT = re.compile(r"\b(?:but|and|with)\s+(.+)$|(?:但是|但|而且|并且|要)(.+)$")


_MEDIA = re.compile(r"(?:https?://[^\s/]+)?(/media/[\w\-./]+\.(?:png|jpe?g|webp))", re.IGNORECASE)


@dataclass(frozen=True)
class Use:
    """Put candidate ``number`` (1-based) on the timeline, or the photo at ``url``."""

    number: int
    url: str | None = None


@dataclass(frozen=True)
class Vary:
    """Variations of candidate ``number``; ``extra`` words go into the prompt ("warmer")."""

    number: int
    strength: str
    extra: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Reroll:
    """The grid's prompt again with new seeds."""


GridCommand = Use | Vary | Reroll


def locked_seed(text: str) -> tuple[int | None, str]:
    """``(seed, text without the seed phrase)`` for "seed 1234" / "--seed 1234" / "种子 1234"."""
    for regex in (_SEED, _SEED_ZH):
        match = regex.search(text)
        if match:
            rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,，")
            return int(match.group(1)) % 2**31, " ".join(rest.split())
    return None, text


def read_command(msg: Message, grid_size: int) -> GridCommand | None:
    """The grid command in ``msg``, or None (no grid, or not a command for it)."""
    media = _MEDIA.search(msg.text)
    if media is not None:  # a photo of the session named by its path (the history view)
        return _media_command(msg, media.group(1))
    if grid_size < 1:
        return None
    short = _short_command(msg.text)
    if short is not None:
        return short if _number(short) <= grid_size else None
    number = _candidate_number(msg.low)
    if number is not None and not 1 <= number <= grid_size:
        return None
    if number is not None and find(VARY_WORDS, msg.low):
        return Vary(number, _strength(msg.low), _extra(msg))
    if number is not None and find(USE_WORDS, msg.low):
        return Use(number)
    if find(REROLL_WORDS, msg.low):
        return Reroll()
    return None


def _media_command(msg: Message, url: str) -> GridCommand | None:
    if find(VARY_WORDS, msg.low):
        return Vary(0, _strength(msg.low), url=url)
    if find(USE_WORDS, msg.low):
        return Use(0, url=url)
    return None


def _short_command(text: str) -> GridCommand | None:
    match = _USE_SHORT.match(text)
    if match:
        return Use(int(match.group(1)))
    match = _VARY_SHORT.match(text)
    if match:
        return Vary(int(match.group(2)), "strong" if match.group(1) == "V" else "subtle")
    if _REROLL_SHORT.match(text):
        return Reroll()
    return None


def _number(command: GridCommand) -> int:
    return command.number if isinstance(command, Use | Vary) else 0


def _candidate_number(low: str) -> int | None:
    """1-based candidate named by an ordinal ("the second one", "第二张", "#2") or a bare digit."""
    position = ordinal(low)
    if position is not None and position >= 0:
        return position + 1
    match = re.search(r"(?:\b(?:like|of|on|number|no\.?|candidate|option)\s*|#\s*)([1-9])\b", low)
    return int(match.group(1)) if match else None


def _strength(low: str) -> str:
    return "strong" if find(STRONG_WORDS, low) else "subtle"


def _extra(msg: Message) -> str:
    """What follows "but" in "more like 3 but warmer": words added to the prompt."""
    match = _BUT.search(msg.text)
    if not match:
        return ""
    return (match.group(1) or match.group(2) or "").strip(" .,!。！，")[:120]
