"""Output sizes by aspect ratio, and the words people use for them.

The four aspects are the ones the social platforms want: square, Instagram
portrait, vertical stories/reels and widescreen. ``scale=2`` doubles both sides.
"""

from __future__ import annotations

import re

ASPECTS: dict[str, tuple[int, int]] = {
    "1:1": (1080, 1080),
    "4:5": (1080, 1350),
    "9:16": (1080, 1920),
    "16:9": (1920, 1080),
}
"""Canonical aspect name -> (width, height) in pixels at scale 1."""

_ASPECT_WORDS: dict[str, str] = {
    "square": "1:1",
    "方形": "1:1",
    "正方形": "1:1",
    "portrait": "9:16",
    "vertical": "9:16",
    "story": "9:16",
    "stories": "9:16",
    "reels": "9:16",
    "tiktok": "9:16",
    "竖屏": "9:16",
    "竖版": "9:16",
    "landscape": "16:9",
    "horizontal": "16:9",
    "widescreen": "16:9",
    "wide": "16:9",
    "youtube": "16:9",
    "横屏": "16:9",
    "横版": "16:9",
    "instagram": "4:5",
    "ig": "4:5",
}

_RATIO = re.compile(r"^(\d{1,2})\s*[:x×/：\-]\s*(\d{1,2})$")


def size_for_aspect(aspect: str, scale: int = 1) -> tuple[int, int]:
    """Return the pixel size for a canonical aspect.

    Args:
        aspect: One of the keys of :data:`ASPECTS`, e.g. ``"9:16"``.
        scale: 1 for the standard size, 2 for double resolution.

    Returns:
        ``(width, height)`` in pixels.

    Raises:
        ValueError: The aspect or the scale is not one we make.
    """
    if aspect not in ASPECTS:
        accepted = ", ".join(ASPECTS)
        raise ValueError(f"unknown aspect {aspect!r}; accepted: {accepted}")
    if scale not in (1, 2):
        raise ValueError(f"scale must be 1 or 2, not {scale!r}")
    width, height = ASPECTS[aspect]
    return width * scale, height * scale


def normalise_aspect(text: str) -> str | None:
    """Turn an aspect as a person writes it into a canonical aspect.

    Accepts ratios (``"9:16"``, ``"9x16"``, ``"16/9"``) and words in English and
    Chinese (``"portrait"``, ``"竖屏"``, ``"square"``, ``"instagram"`` ...).

    Args:
        text: What the person wrote.

    Returns:
        A key of :data:`ASPECTS`, or None when the text names no aspect we make.
    """
    cleaned = text.strip().lower()
    match = _RATIO.match(cleaned)
    if match:
        ratio = f"{int(match.group(1))}:{int(match.group(2))}"
        return ratio if ratio in ASPECTS else None
    return _ASPECT_WORDS.get(cleaned)
