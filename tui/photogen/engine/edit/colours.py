"""Colour words to RGB: CSS names, hex codes, rgb(), tints ("pastel pink"), and Chinese."""

from __future__ import annotations

import re

from PIL import ImageColor

CHINESE_COLOURS: dict[str, tuple[int, int, int]] = {
    "白": (255, 255, 255),
    "黑": (0, 0, 0),
    "红": (220, 30, 40),
    "蓝": (30, 90, 220),
    "绿": (40, 160, 70),
    "黄": (245, 210, 40),
    "灰": (128, 128, 128),
    "粉": (245, 170, 190),
    "粉红": (245, 160, 180),
    "紫": (130, 60, 170),
    "橙": (245, 140, 30),
    "棕": (130, 80, 45),
    "咖啡": (110, 75, 50),
    "米": (240, 230, 205),
    "金": (212, 175, 55),
    "银": (192, 192, 192),
    "青": (0, 170, 170),
    "天蓝": (135, 206, 235),
    "藏青": (20, 40, 90),
    "酒红": (128, 20, 40),
}
"""Chinese colour stems; "色" after them is optional."""

_CHINESE_TINTS = {"浅": "light", "淡": "light", "深": "dark", "暗": "dark", "亮": "bright"}
_TINTS: dict[str, tuple[str, float]] = {
    "pastel": ("white", 0.55),
    "light": ("white", 0.4),
    "pale": ("white", 0.55),
    "soft": ("white", 0.3),
    "dark": ("black", 0.4),
    "deep": ("black", 0.3),
    "bright": ("white", 0.0),
}
_EXTRA_NAMES = {
    "off white": (245, 243, 238),
    "offwhite": (245, 243, 238),
    "cream": (255, 250, 230),
    "charcoal": (54, 69, 79),
    "sky blue": (135, 206, 235),
    "off-white": (245, 243, 238),
}
_RGB_CALL = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")


def parse_colour(text: str) -> tuple[int, int, int] | None:
    """Reads a colour description.

    Args:
        text: e.g. "white", "red", "#ff8800", "#f80", "rgb(10, 20, 30)", "pastel pink",
            "light grey", "白色", "浅蓝色".

    Returns:
        (r, g, b) in 0-255, or None when the text names no colour.
    """
    cleaned = " ".join(text.strip().lower().replace("colour", "").replace("color", "").split())
    if not cleaned:
        return None
    if match := _RGB_CALL.fullmatch(cleaned):
        values = tuple(min(255, int(v)) for v in match.groups())
        return values[0], values[1], values[2]
    return _english(cleaned) or _chinese(cleaned.replace(" ", ""))


def _english(text: str) -> tuple[int, int, int] | None:
    words = text.split()
    if words and words[0] in _TINTS and len(words) > 1:
        base = _named(" ".join(words[1:]))
        return None if base is None else _tint(base, *_TINTS[words[0]])
    named = _named(text)
    if named is None and len(words) > 1:  # "navy blue", "baby blue": one word names it
        named = _named(words[0]) or _named(words[-1])
    return named


def _named(text: str) -> tuple[int, int, int] | None:
    if text in _EXTRA_NAMES:
        return _EXTRA_NAMES[text]
    for candidate in (text, text.replace(" ", ""), text.replace("gray", "grey")):
        try:
            rgb = ImageColor.getrgb(candidate)
        except ValueError:
            continue
        return rgb[0], rgb[1], rgb[2]
    return None


def _chinese(text: str) -> tuple[int, int, int] | None:
    tint = None
    if text[:1] in _CHINESE_TINTS:
        tint, text = _CHINESE_TINTS[text[0]], text[1:]
    stem = text.removesuffix("色")
    base = CHINESE_COLOURS.get(stem)
    if base is None:
        return None
    return base if tint is None else _tint(base, *_TINTS[tint])


def _tint(rgb: tuple[int, int, int], towards: str, amount: float) -> tuple[int, int, int]:
    target = 255 if towards == "white" else 0
    r, g, b = (round(c + (target - c) * amount) for c in rgb)
    return r, g, b
