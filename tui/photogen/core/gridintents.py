"""The grid vocabulary on the client: what a message does to the current grid, and what
it will cost before it is sent.

Midjourney's short forms: ``1``..``9`` / ``u2`` use candidate 2, ``v2`` subtle and
``V2`` strong variations, ``r`` reroll, ``seed 1234`` / ``--seed 1234`` lock the
seed; and words: "use the second one", "用第二张", "more like 3 but warmer",
"variations of 2", "reroll". Numbers and ordinals address the current grid's
candidates (an upload is addressed by its name or "the first photo" when there is
no grid: that is the agent's business). The embedded server reads the same
vocabulary itself; the client reads it to price a message, to act on grid keys and
to make grids by its own turns against a server that makes one photo per turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

USE = "use"
VARY = "vary"
REROLL = "reroll"

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "last": -1,
}  # fmt: skip
_ZH_NUMBERS = dict(zip("一二两三四五六七八九", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "a couple of": 2, "a few": 3,
}  # fmt: skip

_USE_SHORT = re.compile(r"^\s*u?([1-9])\s*[.!。！]?\s*$", re.IGNORECASE)
_VARY_SHORT = re.compile(r"^\s*([vV])([1-9])\s*$")
_REROLL_SHORT = re.compile(r"^\s*(?:r|re-?roll)\s*[.!]?\s*$", re.IGNORECASE)
_SEED = re.compile(r"(?:^|\s)(?:--seed|seed|种子)\s*[=:：]?\s*(\d{1,10})\b", re.IGNORECASE)
_USE_WORDS = re.compile(
    r"\b(?:use|pick|choose|select|keep|take|go\s+with)\b|用|选|要|保留", re.IGNORECASE
)
_VARY_WORDS = re.compile(
    r"\b(?:variations?|vary|variants?|more\s+like|similar\s+to)\b|变体|变化|类似|像", re.IGNORECASE
)
_STRONG_WORDS = re.compile(
    r"\b(?:strong(?:ly)?|a\s+lot|big|bold|very\s+different|wild)\b|大胆|大幅", re.IGNORECASE
)
_REROLL_WORDS = re.compile(r"\b(?:re-?roll|new\s+seeds?)\b|换一组|重抽", re.IGNORECASE)
_ORDINAL_EN = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b", re.IGNORECASE)
_ORDINAL_ZH = re.compile(r"第\s*([1-9一二两三四五六七八九])")
_NUMBER_REF = re.compile(r"(?:\b(?:like|of|number|no\.?|candidate|option)\s*|#\s*)([1-9])\b", re.I)
_COUNT = re.compile(
    r"\b([1-9]|one|two|three|four|five|six|seven|eight|nine|a\s+couple\s+of|a\s+few)\s+"
    r"(?:[a-z-]+\s+){0,2}?(?:options?|variations?|versions?|takes?|alternatives?"
    r"|photos?|pictures?|images?|shots?|pics?|candidates?)\b",
    re.IGNORECASE,
)
_COUNT_ZH = re.compile(r"([1-9一二两三四五六七八九])\s*(?:张|幅|个版本|版|种)")
_PHOTO_WORDS = re.compile(
    r"\b(?:photos?|pictures?|images?|shots?|pics?|portraits?|generate|draw|render|imagine"
    r"|options?|packshot|product|bottle|mug|landscape|sunset|mountains?|lake|beach|city)\b"
    r"|照片|图片|生成|画|拍",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GridAction:
    """What a message does to the current grid.

    Attributes:
        kind: ``use``, ``vary`` or ``reroll``.
        number: The candidate (1-based); None for a reroll.
        strength: ``subtle`` or ``strong`` for a variation.
    """

    kind: str
    number: int | None = None
    strength: str | None = None

    @property
    def text(self) -> str:
        """The short form the agent reads (``u2``, ``v2``, ``V2``, ``r``)."""
        if self.kind == USE:
            return f"u{self.number}"
        if self.kind == VARY:
            return f"{'V' if self.strength == 'strong' else 'v'}{self.number}"
        return "r"


def grid_action(text: str, grid_size: int) -> GridAction | None:
    """The grid action of ``text``, or None (no grid, or not about it)."""
    if grid_size < 1:
        return None
    action = _short(text) or _in_words(text, grid_size)
    if action is None or (action.number is not None and not 1 <= action.number <= grid_size):
        return None
    return action


def _short(text: str) -> GridAction | None:
    if match := _USE_SHORT.match(text):
        return GridAction(USE, int(match.group(1)))
    if match := _VARY_SHORT.match(text):
        strength = "strong" if match.group(1) == "V" else "subtle"
        return GridAction(VARY, int(match.group(2)), strength)
    return GridAction(REROLL) if _REROLL_SHORT.match(text) else None


def _in_words(text: str, grid_size: int) -> GridAction | None:
    number = _number(text, grid_size)
    if number is not None and _VARY_WORDS.search(text):
        strength = "strong" if _STRONG_WORDS.search(text) else "subtle"
        return GridAction(VARY, number, strength)
    if number is not None and _USE_WORDS.search(text):
        return GridAction(USE, number)
    return GridAction(REROLL) if _REROLL_WORDS.search(text) else None


def _number(text: str, grid_size: int) -> int | None:
    if match := _ORDINAL_ZH.search(text):
        token = match.group(1)
        return int(token) if token.isdigit() else _ZH_NUMBERS[token]
    if match := _ORDINAL_EN.search(text):
        value = _ORDINALS[match.group(1).lower()]
        return grid_size if value == -1 else value
    match = _NUMBER_REF.search(text)
    return int(match.group(1)) if match else None


def locked_seed(text: str) -> int | None:
    """The seed a message locks ("seed 1234", "--seed 1234", "种子 1234"), or None."""
    match = _SEED.search(text)
    return int(match.group(1)) % 2**31 if match else None


def stated_count(text: str) -> int | None:
    """How many photos a message asks for ("give me 6 options", "三张"), 1 to 9, or None."""
    if match := _COUNT.search(text):
        token = " ".join(match.group(1).lower().split())
        value = int(token) if token.isdigit() else _WORD_NUMBERS[token]
        return max(1, min(9, value))
    if match := _COUNT_ZH.search(text):
        token = match.group(1)
        return int(token) if token.isdigit() else _ZH_NUMBERS[token]
    return None


def looks_like_photo_prompt(text: str) -> bool:
    """The message reads as a request for new photos (for the cost shown before sending)."""
    return bool(_PHOTO_WORDS.search(text) or stated_count(text))


@dataclass(frozen=True)
class Estimate:
    """What a message will cost before it runs."""

    photos: int
    credits: int

    @property
    def text(self) -> str:
        """``4 photos · 40 credits``."""
        noun = "photo" if self.photos == 1 else "photos"
        return f"{self.photos} {noun} · {self.credits} credits"


def estimate(text: str, grid_size: int, candidates: int, price: int) -> Estimate | None:
    """The photos a message makes and their price; None when it makes none.

    Args:
        text: The message.
        grid_size: Candidates in the current grid (0 without one).
        candidates: The grid size of a new photo prompt (the ``candidates`` setting).
        price: Credits per photo (0 on the local backend).
    """
    action = grid_action(text, grid_size)
    if action is not None:
        photos = 0 if action.kind == USE else grid_size
    elif looks_like_photo_prompt(text):
        photos = stated_count(text) or candidates
    else:
        return None
    return Estimate(photos, photos * price) if photos else None
