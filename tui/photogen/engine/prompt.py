"""Prompt understanding: English and Chinese words -> a :class:`SceneSpec`.

The studio engine draws a fixed vocabulary of products, places, light and looks.
This module finds those words in a prompt; when the prompt names something the
engine cannot draw, the spec carries an honest ``fallback`` sentence saying what
was made instead. Parsing never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from photogen.engine import prompt_words as vocab
from photogen.engine.sizes import normalise_aspect

PRODUCTS = (
    "bottle",
    "jar",
    "box",
    "can",
    "mug",
    "phone",
    "perfume",
    "tube",
    "sneaker",
    "watch",
    "lipstick",
    "headphones",
    "bag",
)
MAX_OBJECTS = 3
"""Most copies of the product one photo shows ("three bottles")."""
PRODUCT_SETTINGS = ("white_sweep", "color_backdrop", "marble", "wood")
SCENE_SETTINGS = ("mountains", "lake", "beach", "desert", "forest", "field", "city")


@dataclass(frozen=True)
class SceneSpec:
    """What a prompt asks the studio engine to draw."""

    subject: str | None = None
    """A product from :data:`PRODUCTS`, or None for a scene without one."""
    kind: str = "scene"
    """``"product"`` when a product is the subject, else ``"scene"``."""
    setting: str = "mountains"
    """A product surface (:data:`PRODUCT_SETTINGS`) or a place (:data:`SCENE_SETTINGS`)."""
    time_of_day: str = "day"
    """One of day, golden, sunset, night, overcast."""
    style: tuple[str, ...] = ("realistic",)
    """Looks to apply: realistic, cinematic, film, bw, vivid, pastel, moody."""
    lens: tuple[str, ...] = ()
    """Lens cues: dof, grain, vignette, letterbox."""
    colour: tuple[int, int, int] | None = None
    """The backdrop colour for ``color_backdrop``, else the product's colour."""
    fallback: str | None = None
    """An honest sentence when the prompt named something we cannot draw."""
    aspect: str | None = None
    """An aspect named in the prompt, canonical (see :mod:`photogen.engine.sizes`)."""
    subject_colour: tuple[int, int, int] | None = None
    """The product's own colour on a coloured backdrop ("a red sneaker on a blue backdrop")."""
    framing: str = ""
    """``"close"`` (close-up: the product fills the frame), ``"wide"``, or "" (normal)."""
    count: int = 1
    """How many of the product stand in the photo (1 to :data:`MAX_OBJECTS`)."""
    unknown: str | None = None
    """What the prompt asked for that the engine could not draw, as written."""


def _matches(text: str, pattern: str) -> re.Match[str] | None:
    """Search ``pattern`` in ``text``: ASCII words on word boundaries, CJK anywhere."""
    return re.search(rf"(?<![a-z])(?:{pattern})(?![a-z])", text)


def _first(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """Return the name of the first table entry found in ``text``."""
    return next((name for name, pattern in table if _matches(text, pattern)), None)


def _all(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Return the names of every table entry found in ``text``, in table order."""
    return tuple(name for name, pattern in table if _matches(text, pattern))


def _strip(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """Remove every phrase of ``table`` from ``text`` (so "black and white" is no colour)."""
    for _, pattern in table:
        text = re.sub(rf"(?<![a-z])(?:{pattern})(?![a-z])", " ", text)
    return text


Colour = tuple[int, int, int]


def _colours(text: str) -> tuple[Colour | None, Colour | None]:
    """``(the subject's colour, the backdrop's colour)``, each the first of its kind.

    A colour names the backdrop when a backdrop word follows it ("blue background",
    "pink backdrop") or when it ends the prompt after "on" ("a sneaker on pink").
    """
    hits = sorted(
        (hit.start(), hit.end(), rgb)
        for rgb, pattern in vocab.COLOURS
        for hit in re.finditer(rf"(?<![a-z])(?:{pattern})(?![a-z])", text)
    )
    subject: Colour | None = None
    backdrop: Colour | None = None
    for start, end, rgb in hits:
        after, before = text[end : end + 14], text[max(0, start - 10) : start]
        named_backdrop = re.match(vocab.BACKDROP_AFTER, after) or (
            re.search(r"\bon\s+(?:an?\s+)?$", before) and not text[end:].strip(" .!")
        )
        if named_backdrop:
            backdrop = backdrop or rgb
        else:
            subject = subject or rgb
    return subject, backdrop


def _count(text: str, subject: str | None) -> int:
    """How many of the product the prompt asks for ("three bottles", "a pair of sneakers")."""
    hits = (_matches(text, pattern) for name, pattern in vocab.SUBJECT_WORDS if name == subject)
    hit = next((h for h in hits if h is not None), None)
    if hit is None:
        return 1
    before = text[max(0, hit.start() - 24) : hit.start()]
    near = reversed(before.split()[-2:])  # "three bottles", "three red bottles"
    count = next((vocab.COUNT_WORDS[word] for word in near if word in vocab.COUNT_WORDS), 1)
    if subject == "sneaker" and re.search(r"pair of\s+(?:[a-z]+\s+)?$", before):
        count = 2
    zh = re.search(r"([两二三四五])\s*(?:个|瓶|双|只|支|件|罐|盒)?$", before)
    count = vocab.COUNT_WORDS_ZH[zh.group(1)] if zh and count == 1 else count
    return max(1, min(MAX_OBJECTS, count))


def _aspect(text: str) -> str | None:
    """Find an explicit aspect (a ratio, or an unambiguous word) in the prompt."""
    for token in re.findall(r"(?<!\d)\d{1,2}\s*[:x×/：]\s*\d{1,2}(?!\d)", text):
        aspect = normalise_aspect(token)
        if aspect:
            return aspect
    for word in ("竖屏", "竖版", "横屏", "横版", "方形", "正方形"):
        if word in text:
            return normalise_aspect(word)
    hit = re.search(r"\b(vertical|square|widescreen|instagram|tiktok|reels|stories)\b", text)
    if hit:
        return normalise_aspect(hit.group(1))
    hit = re.search(r"\b(portrait|landscape) (?:format|orientation|mode|aspect)\b", text)
    return normalise_aspect(hit.group(1)) if hit else None


def _leftover_words(text: str) -> list[str]:
    """Words (or CJK runs) that no table recognised."""
    words = re.findall(r"[a-z]{3,}|[\u4e00-\u9fff]+", text)
    return [word for word in words if word not in vocab.NOISE_WORDS]


_LIGHT_WORDS = {
    "day": "in daylight",
    "golden": "at golden hour",
    "sunset": "at sunset",
    "night": "at night",
    "overcast": "under an overcast sky",
}
_SET_LIGHT = {"golden": "in warm golden light", "sunset": "in warm sunset light"}
_SET_LIGHT |= {"night": "in low night light", "overcast": "in soft overcast light"}
_PLACES = {
    "mountains": "mountains",
    "lake": "a mountain lake",
    "beach": "a beach",
    "desert": "desert dunes",
    "forest": "a forest",
    "field": "a field",
    "city": "a city skyline",
}
_NUMBER_WORDS = {1: "a", 2: "two", 3: "three"}
_PLURALS = {"headphones": "pairs of headphones", "box": "boxes", "watch": "watches"}


def _surface(spec: SceneSpec) -> str | None:
    """``"a pink backdrop"``, ``"a marble tabletop"``...; None for a landscape."""
    if spec.setting == "color_backdrop":
        name = vocab.COLOUR_NAMES.get(spec.colour) if spec.colour else None
        return f"a {name} backdrop" if name else "a coloured backdrop"
    return {
        "white_sweep": "a white studio background",
        "marble": "a marble tabletop",
        "wood": "a wooden tabletop",
    }.get(spec.setting)


def _things(spec: SceneSpec) -> str:
    """``"a red sneaker"``, ``"three bottles"``, ``"a pair of headphones"``."""
    subject = spec.subject or "product"
    own = spec.subject_colour if spec.setting == "color_backdrop" else spec.colour
    colour = vocab.COLOUR_NAMES.get(own) if own and own != vocab.WHITE else None
    colour = colour or ("white" if own == vocab.WHITE else None)
    if spec.count > 1:
        noun = _PLURALS.get(subject, subject + "s")
        return " ".join(w for w in (_NUMBER_WORDS[spec.count], colour, noun) if w)
    noun = "pair of headphones" if subject == "headphones" else subject
    article = "an" if (colour or noun)[0] in "aeiou" else "a"
    return " ".join(w for w in (article, colour, noun) if w)


def describe_scene(spec: SceneSpec) -> str:
    """Return a short human description of a spec, e.g. ``"mountains at sunset"``."""
    light = _LIGHT_WORDS[spec.time_of_day]
    surface = _surface(spec)
    if spec.kind == "product" and spec.subject:
        where = surface or f"{_PLACES.get(spec.setting, 'a scene')} {light}"
        shot = "a close-up of " if spec.framing == "close" else ""
        lit = (
            f" {_SET_LIGHT[spec.time_of_day]}" if surface and spec.time_of_day in _SET_LIGHT else ""
        )
        return f"{shot}{_things(spec)} on {where}{lit}"
    if surface:
        return "an empty " + surface.removeprefix("a ")
    return f"{_PLACES.get(spec.setting, spec.setting)} {light}"


def parse_prompt(prompt: str) -> SceneSpec:
    """Read a prompt into a :class:`SceneSpec`. Never raises.

    Args:
        prompt: Free text in English and/or Chinese.

    Returns:
        The spec; ``fallback`` is set when the prompt named something we cannot draw.
    """
    text = " ".join(str(prompt or "").lower().split())[:2000]
    style = _all(text, vocab.STYLE_WORDS)
    lens = _all(text, vocab.LENS_WORDS)
    text_wo_style = _strip(_strip(text, vocab.STYLE_WORDS[:1]), vocab.LENS_WORDS)
    subject = _first(text_wo_style, vocab.SUBJECT_WORDS)
    setting = _first(text_wo_style, vocab.SETTING_WORDS)
    time_of_day = _first(text_wo_style, vocab.TIME_WORDS) or "day"
    subject_colour, backdrop = _colours(_strip(text_wo_style, vocab.TIME_WORDS))
    if backdrop and setting in (None, "white_sweep"):
        setting = "white_sweep" if backdrop == vocab.WHITE else "color_backdrop"
    colour = backdrop if setting == "color_backdrop" else subject_colour
    if colour == vocab.WHITE and setting == "white_sweep":
        colour = None
    unknown = _undrawable(_strip(text_wo_style, vocab.SUBJECT_WORDS))
    if unknown and not setting and not subject:
        setting = unknown[1]
        if setting == "mountains" and time_of_day == "day":
            time_of_day = "sunset"
    spec = SceneSpec(
        subject=subject,
        kind="product" if subject else "scene",
        setting=setting or ("white_sweep" if subject else "mountains"),
        time_of_day=time_of_day,
        style=style or ("realistic",),
        lens=lens,
        colour=colour,
        aspect=_aspect(text),
        subject_colour=subject_colour if setting == "color_backdrop" else None,
        framing=_first(text_wo_style, vocab.FRAMING_WORDS) or "",
        count=_count(text_wo_style, subject),
    )
    return _with_fallback(spec, text, unknown)


def _undrawable(text: str) -> tuple[str, str] | None:
    """Find a thing we cannot draw: (the phrase as written, the nearest setting)."""
    for _, pattern, nearest in vocab.UNDRAWABLE:
        hit = _matches(text, pattern)
        if hit:
            word = hit.group(0)
            article = "" if not word.isascii() else ("an " if word[0] in "aeiou" else "a ")
            return article + word, nearest
    return None


def _unknown_subject(text: str) -> str | None:
    """What the prompt asks to see, as written, when it is nothing the engine draws.

    The subject is the words before the first "on", "in", "at" ... ("a golden retriever"
    of "a golden retriever on a beach"). It counts as unknown when, with every word the
    engine knows (places, light, looks, colours) and filler taken out, words remain.
    """
    head = vocab.PREPOSITIONS.split(f" {text} ", maxsplit=1)[0].strip()
    if _first(head, vocab.SETTING_WORDS) or _first(head, vocab.SUBJECT_WORDS):
        return None
    known = (
        vocab.TIME_WORDS,
        vocab.STYLE_WORDS,
        vocab.LENS_WORDS,
        vocab.FRAMING_WORDS,
        vocab.COLOUR_TABLE,
    )
    rest = head
    for table in known:
        rest = _strip(rest, table)
    if not _leftover_words(rest):
        return None
    words = head.split()
    while words and words[0] in vocab.NOISE_WORDS:
        words.pop(0)
    shown = " ".join(words)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _with_fallback(spec: SceneSpec, text: str, unknown: tuple[str, str] | None) -> SceneSpec:
    """Attach the honest sentence when the prompt asked for something the engine can't draw."""
    made = describe_scene(spec)
    if unknown:
        thing = unknown[0]
        sentence = f'I can\'t draw "{thing}" offline; I drew the nearest scene I know: {made}.'
    elif spec.subject is None and (thing := _unknown_subject(text)) is not None:  # type: ignore[assignment]
        sentence = f'I can\'t draw "{thing}" offline; I drew {made}.'
    else:
        return spec
    return SceneSpec(**{**spec.__dict__, "fallback": sentence, "unknown": thing})
