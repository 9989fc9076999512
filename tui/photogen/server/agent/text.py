"""Reading one message: cleaning, language, numbers, durations, volumes, ordinals.

Every function here is total: any string in, a value or None out, never an
exception. Long messages are cut to :data:`MAX_CHARS` before any regex runs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from photogen.server.agent.lexicon import EN_NUMBERS, ORDINALS, ZH_DIGITS

MAX_CHARS = 2000
"""Longest stretch of a message the agent reads; the rest is ignored."""

_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff01-\uff20]")
_LETTER = re.compile(r"[a-z]", re.IGNORECASE)

NUM_EN = r"\d+(?:\.\d+)?|" + "|".join(
    sorted((w for w in EN_NUMBERS if len(w) > 2), key=len, reverse=True)
)
"""A number in English: digits or a number word."""
NUM_ZH = r"\d+(?:\.\d+)?|[零一二两三四五六七八九十]+"
"""A number in Chinese: digits or Chinese numerals."""

LAST = -2
"""Ordinal index meaning "the last one" (``-1`` already means "all")."""


@dataclass(frozen=True)
class Message:
    """One user message, cleaned.

    Attributes:
        text: The message with control characters removed, NFKC-normalised, spaces
            collapsed and cut to :data:`MAX_CHARS`; case kept (titles, prompts).
        low: ``text`` in lower case; what patterns are matched on.
        lang: ``"en"`` or ``"zh"``.
        raw: The message as typed (control characters removed, spaces collapsed), the
            same length as ``text``; prompts are cut from it so "，" stays "，".
    """

    text: str
    low: str
    lang: str
    raw: str = ""


def read_message(raw: object, fallback_language: str) -> Message:
    """Clean a raw message and work out its language.

    Args:
        raw: What the user sent (anything; non-strings read as empty).
        fallback_language: The session's language, used when the text has no letters.

    Returns:
        The cleaned :class:`Message`.
    """
    typed = _strip_controls(raw if isinstance(raw, str) else "")
    text = "".join(_fold(ch) for ch in typed)
    lang = detect_language(typed, fallback_language)  # typed: "？" is a Chinese keyboard's
    return Message(text=text, low=text.lower(), lang=lang, raw=typed)


def _strip_controls(raw: str, limit: int = MAX_CHARS) -> str:
    """Control and format characters become spaces; runs of space become one."""
    kept = "".join(
        " " if unicodedata.category(ch) in _DROP_CATEGORIES else ch for ch in raw[:limit]
    )
    return " ".join(kept.split())


def _fold(ch: str) -> str:
    """NFKC of one character when it stays one character ("９" -> "9", "，" -> ",")."""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def clean_text(raw: str, limit: int = MAX_CHARS) -> str:
    """Drop control/format characters, normalise width (NFKC) and collapse spaces."""
    return " ".join(unicodedata.normalize("NFKC", _strip_controls(raw, limit)).split())[:limit]


def detect_language(text: str, fallback: str) -> str:
    """``"zh"`` for CJK characters, else ``"en"`` for Latin letters, else CJK punctuation.

    Args:
        text: The message.
        fallback: The session language (``"zh-CN"``, ``"en"``...), for text with neither.
    """
    if _CJK.search(text):
        return "zh"
    if _LETTER.search(text):
        return "en"
    if _CJK_PUNCT.search(text):  # "？" alone was typed on a Chinese keyboard
        return "zh"
    return "zh" if str(fallback).lower().startswith("zh") else "en"


def has_cjk(text: str) -> bool:
    """Whether the text contains Chinese characters."""
    return bool(_CJK.search(text))


@lru_cache(maxsize=512)
def word_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a table pattern so English words match whole (Chinese needs no boundary)."""
    return re.compile(rf"(?<![a-z])(?:{pattern})(?![a-z])")


def find(pattern: str, low: str) -> re.Match[str] | None:
    """First whole-word match of a table pattern in lower-cased text."""
    return word_pattern(pattern).search(low)


def first_in(table: tuple[tuple[str, str], ...], low: str) -> str | None:
    """The value of the first ``(pattern, value)`` row that matches, else None."""
    for pattern, value in table:
        if find(pattern, low):
            return value
    return None


def to_number(token: str) -> float | None:
    """Read digits, an English number word or Chinese numerals (``"三十"``)."""
    token = token.strip()
    try:
        return float(token)
    except ValueError:
        pass
    if token in EN_NUMBERS:
        return float(EN_NUMBERS[token])
    return _zh_number(token)


def _zh_number(token: str) -> float | None:
    if not token or any(ch not in ZH_DIGITS and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return float(ZH_DIGITS[token]) if len(token) == 1 else None
    tens, _, ones = token.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return float((ZH_DIGITS[tens] if tens else 1) * 10 + (ZH_DIGITS[ones] if ones else 0))


_DURATION_EN = re.compile(
    rf"(?<![\w.])({NUM_EN})\s*-?\s*(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?)(?![a-z])"
)
_DURATION_ZH = re.compile(rf"({NUM_ZH})\s*(秒钟|秒|分钟)")
_UNIT_MS = {
    "ms": 1,
    "mil": 1,
    "s": 1000,
    "se": 1000,
    "秒": 1000,
    "秒钟": 1000,
    "分钟": 60000,
    "mi": 60000,
}


def durations_ms(low: str) -> list[tuple[int, tuple[int, int]]]:
    """Every duration in the text, as ``(milliseconds, span)`` in order of appearance."""
    found = []
    for regex in (_DURATION_EN, _DURATION_ZH):
        for match in regex.finditer(low):
            value = to_number(match.group(1))
            unit = match.group(2)
            scale = _UNIT_MS.get(unit) or _UNIT_MS.get(unit[:3]) or _UNIT_MS.get(unit[:2], 1000)
            if value is not None:
                found.append((int(value * scale), match.span()))
    return sorted(found, key=lambda item: item[1])


_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|per\s*cent)")
_PERCENT_ZH = re.compile(rf"百分之({NUM_ZH})")
_VOLUME_NUMBER = re.compile(r"(?:volume|音量)\D{0,16}?(\d+(?:\.\d+)?)")


def percent(low: str) -> float | None:
    """A level 0..1 from "30%", "30 percent", "百分之三十" or "volume 0.3" / "音量调到30"."""
    for regex in (_PERCENT, _PERCENT_ZH):
        match = regex.search(low)
        if match and (value := to_number(match.group(1))) is not None:
            return clamp(value / 100, 0.0, 1.0)
    match = _VOLUME_NUMBER.search(low)
    if match and (value := to_number(match.group(1))) is not None:
        return clamp(value if value <= 1 else value / 100, 0.0, 1.0)
    return None


_ORDINAL_EN = re.compile(r"\b(" + "|".join(ORDINALS) + r"|last|final)\b")
_ORDINAL_NUM = re.compile(
    r"(?:#\s*|\b(?:photo|picture|pic|image|slide|segment|clip|shot|number|no\.?)\s*)(\d{1,3})\b"
)
_ORDINAL_ZH = re.compile(rf"第\s*({NUM_ZH})|(最后)")


def ordinal(low: str) -> int | None:
    """A 0-based position ("the second photo", "#2", "第二张"), :data:`LAST`, or None."""
    low = _DURATION_EN.sub(" ", low)  # "a 5 second shot" names no second photo
    match = _ORDINAL_ZH.search(low)
    if match:
        number = to_number(match.group(1)) if match.group(1) else None
        return LAST if match.group(2) else (int(number) - 1 if number and number >= 1 else None)
    match = _ORDINAL_EN.search(low)
    if match:
        return LAST if match.group(1) in ("last", "final") else ORDINALS[match.group(1)]
    match = _ORDINAL_NUM.search(low)
    if match and int(match.group(1)) >= 1:
        return int(match.group(1)) - 1
    return None


def clamp(value: float, low: float, high: float) -> float:
    """``value`` limited to ``[low, high]``."""
    return max(low, min(high, value))


def words(low: str) -> list[str]:
    """English words and single CJK characters of a text, punctuation dropped."""
    return re.findall(r"[a-z0-9']+|[\u3400-\u4dbf\u4e00-\u9fff]", low)
