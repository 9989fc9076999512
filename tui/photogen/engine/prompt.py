"""Prompt understanding: English and Chinese words -> a :class:`SceneSpec`.

The studio engine draws a fixed vocabulary of products, places, light and looks.
This module finds those words in a prompt; when the prompt names something the
engine cannot draw, the spec carries an honest ``fallback`` sentence saying what
was made instead. Parsing never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from photogen.engine.sizes import normalise_aspect

PRODUCTS = ("bottle", "jar", "box", "can", "mug", "phone", "perfume", "tube", "sneaker", "watch")
PRODUCT_SETTINGS = ("white_sweep", "color_backdrop", "marble", "wood")
SCENE_SETTINGS = ("mountains", "lake", "beach", "desert", "forest", "field", "city")

# Each table is searched in order; the first hit wins, so specific words come first.
# English entries are regexes matched on word boundaries; Chinese ones are substrings.
_SUBJECT_WORDS: tuple[tuple[str, str], ...] = (
    ("perfume", r"perfumes?|fragrances?|colognes?|香水"),
    ("sneaker", r"sneakers?|trainers?|running shoes?|shoes?|运动鞋|球鞋|鞋"),
    ("watch", r"wrist ?watch(?:es)?|watch(?:es)?|手表|腕表"),
    ("phone", r"smart ?phones?|iphones?|phones?|mobiles?|手机"),
    ("mug", r"mugs?|cups?|teacups?|coffee cups?|马克杯|杯子|咖啡杯|杯"),
    ("tube", r"tubes?|toothpaste|lotion tubes?|牙膏|软管"),
    ("jar", r"jars?|cream pots?|moisturi[sz]ers?|面霜|罐子|瓶罐"),
    (
        "can",
        r"(?<!i )(?<!you )(?<!we )cans?(?!\s+(?:you|i|we|u|it|they)\b)|soda|tins?|易拉罐|罐头|罐",
    ),
    ("box", r"box(?:es)?|packag(?:e|ing)|cartons?|gift boxe?s?|盒子|包装盒|礼盒|盒"),
    ("bottle", r"bottles?|flasks?|瓶子|水瓶|瓶|products?|merchandise|产品|商品"),
)
_SETTING_WORDS: tuple[tuple[str, str], ...] = (
    ("white_sweep", r"white (?:background|backdrop|studio|sweep)|studio|白色背景|白底|白背景|纯白"),
    ("marble", r"marble|大理石"),
    ("wood", r"wood(?:en)?|oak|walnut|table ?top|木"),
    ("city", r"city|skyline|urban|downtown|street|城市|都市|街"),
    ("beach", r"beach(?:es)?|seas?|ocean|coast|shore|seaside|海滩|沙滩|海边|海"),
    ("lake", r"lakes?|pond|river|湖|河"),
    ("desert", r"deserts?|dunes?|sahara|沙漠|沙丘"),
    ("forest", r"forests?|woods|trees?|pines?|森林|树林|树"),
    ("field", r"fields?|meadows?|grass(?:land)?|farm|prairie|wheat|田野|草地|草原|麦田"),
    ("mountains", r"mountains?|peaks?|alps|hills?|valley|landscape|山"),
)
_TIME_WORDS: tuple[tuple[str, str], ...] = (
    ("night", r"night|midnight|stars?|starry|moon(?:lit)?|夜晚|夜|星空|月"),
    ("sunset", r"sunsets?|dusk|twilight|evening|黄昏|日落|傍晚|夕阳"),
    ("golden", r"golden hour|sunrise|dawn|morning|golden light|黄金时刻|日出|清晨|早晨"),
    ("overcast", r"overcast|cloudy|rain(?:y)?|fog(?:gy)?|mist(?:y)?|grey sky|阴天|多云|雾|雨"),
    ("day", r"day(?:light|time)?|noon|sunny|blue sky|白天|晴"),
)
_STYLE_WORDS: tuple[tuple[str, str], ...] = (
    ("bw", r"black and white|black & white|b&w|b/w|monochrome|grayscale|greyscale|黑白"),
    ("cinematic", r"cinematic|movie|film still|blockbuster|电影感|电影"),
    ("film", r"film|vintage|retro|analog(?:ue)?|polaroid|kodak|35mm|复古|胶片|老照片"),
    ("vivid", r"vivid|vibrant|saturated|colou?rful|punchy|鲜艳|艳丽"),
    ("pastel", r"pastel|soft colou?rs?|dreamy|muted|柔和|粉彩|淡雅"),
    ("moody", r"moody|dark|dramatic|gloomy|noir|暗调|暗黑|阴郁"),
    ("realistic", r"realistic|photo ?realistic|photograph|realism|写实|真实"),
)
_LENS_WORDS: tuple[tuple[str, str], ...] = (
    ("dof", r"depth of field|bokeh|shallow|blurr?(?:ed|y)? background|portrait mode|景深|虚化"),
    ("grain", r"grain(?:y)?|noisy|颗粒"),
    ("vignette", r"vignett(?:e|ing)|暗角"),
    ("letterbox", r"letterbox(?:ed)?|anamorphic|2\.39|black bars|宽银幕|黑边"),
)
_COLOURS: tuple[tuple[tuple[int, int, int], str], ...] = (
    ((200, 40, 45), r"red|crimson|scarlet|红色?"),
    ((235, 120, 40), r"orange|橙色?"),
    ((240, 200, 50), r"yellow|黄色"),
    ((70, 150, 80), r"green|emerald|绿色?"),
    ((40, 150, 150), r"teal|turquoise|cyan|青色"),
    ((45, 90, 190), r"blue|navy|cobalt|蓝色?"),
    ((120, 70, 170), r"purple|violet|lavender|紫色?"),
    ((235, 140, 170), r"pink|rose|粉色|粉红"),
    ((200, 160, 80), r"gold(?:en)?|金色"),
    ((190, 192, 198), r"silver|银色"),
    ((120, 80, 50), r"brown|chocolate|棕色|咖啡色"),
    ((225, 210, 185), r"beige|cream|米色"),
    ((40, 40, 44), r"black|黑色"),
    ((128, 130, 134), r"gr[ae]y|灰色"),
    ((246, 246, 246), r"white|白色"),
)
# Things people ask for that the engine cannot draw -> the nearest scene it knows.
_UNDRAWABLE: tuple[tuple[str, str, str], ...] = (
    ("dragon", r"dragons?|龙", "mountains"),
    ("castle", r"castles?|palace|城堡", "mountains"),
    (
        "person",
        r"person|people|man|woman|girl|boy|child|model|人物|女人|男人|女孩|男孩|人",
        "field",
    ),
    ("cat", r"cats?|kittens?|猫", "field"),
    ("dog", r"dogs?|puppy|puppies|狗", "field"),
    ("horse", r"horses?|马", "field"),
    ("bird", r"birds?|鸟", "forest"),
    ("flower", r"flowers?|roses?|tulips?|花", "field"),
    ("car", r"cars?|trucks?|vehicles?|汽车|车", "city"),
    ("house", r"houses?|buildings?|cabin|房子|房屋", "city"),
    ("boat", r"boats?|ships?|yachts?|船", "lake"),
    ("robot", r"robots?|机器人", "city"),
    ("food", r"food|pizza|burger|cake|fruit|apple|食物|蛋糕|水果", "wood"),
)
_NOISE_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "with",
        "and",
        "or",
        "for",
        "to",
        "my",
        "me",
        "please",
        "make",
        "create",
        "generate",
        "draw",
        "render",
        "photo",
        "photograph",
        "picture",
        "image",
        "shot",
        "pic",
        "realistic",
        "high",
        "quality",
        "hd",
        "4k",
        "8k",
        "some",
        "background",
        "backdrop",
        "style",
        "look",
        "like",
        "very",
        "nice",
        "beautiful",
    ]
)


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


def _matches(text: str, pattern: str) -> re.Match[str] | None:
    """Search ``pattern`` in ``text``: ASCII words on word boundaries, CJK anywhere."""
    return re.search(rf"(?<![a-z]){pattern}(?![a-z])", text)


def _first(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """Return the name of the first table entry found in ``text``."""
    return next((name for name, pattern in table if _matches(text, pattern)), None)


def _all(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Return the names of every table entry found in ``text``, in table order."""
    return tuple(name for name, pattern in table if _matches(text, pattern))


def _strip(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """Remove every phrase of ``table`` from ``text`` (so "black and white" is no colour)."""
    for _, pattern in table:
        text = re.sub(rf"(?<![a-z]){pattern}(?![a-z])", " ", text)
    return text


def _colour(text: str) -> tuple[tuple[int, int, int] | None, bool]:
    """Find a colour word; say whether it names the backdrop (``"blue background"``)."""
    for rgb, pattern in _COLOURS:
        hit = _matches(text, pattern)
        if hit:
            after = text[hit.end() : hit.end() + 14]
            return rgb, bool(re.match(r"\s*(background|backdrop|wall|背景|底)", after))
    return None, False


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
    return [word for word in words if word not in _NOISE_WORDS]


def describe_scene(spec: SceneSpec) -> str:
    """Return a short human description of a spec, e.g. ``"mountains at sunset"``."""
    light = {
        "day": "in daylight",
        "golden": "at golden hour",
        "sunset": "at sunset",
        "night": "at night",
        "overcast": "under an overcast sky",
    }[spec.time_of_day]
    surfaces = {
        "white_sweep": "a white studio background",
        "color_backdrop": "a coloured backdrop",
        "marble": "a marble tabletop",
        "wood": "a wooden tabletop",
    }
    place = {
        "mountains": "mountains",
        "lake": "a mountain lake",
        "beach": "a beach",
        "desert": "desert dunes",
        "forest": "a forest",
        "field": "a field",
        "city": "a city skyline",
    }
    if spec.kind == "product" and spec.subject:
        where = surfaces.get(spec.setting) or f"{place.get(spec.setting, 'a scene')} {light}"
        return f"a {spec.subject} on {where}"
    if spec.setting in surfaces:
        return "an empty " + surfaces[spec.setting].removeprefix("a ")
    return f"{place.get(spec.setting, spec.setting)} {light}"


def parse_prompt(prompt: str) -> SceneSpec:
    """Read a prompt into a :class:`SceneSpec`. Never raises.

    Args:
        prompt: Free text in English and/or Chinese.

    Returns:
        The spec; ``fallback`` is set when the prompt named something we cannot draw.
    """
    text = " ".join(str(prompt or "").lower().split())[:2000]
    style = _all(text, _STYLE_WORDS)
    lens = _all(text, _LENS_WORDS)
    text_wo_style = _strip(_strip(text, _STYLE_WORDS[:1]), _LENS_WORDS)
    subject = _first(text_wo_style, _SUBJECT_WORDS)
    setting = _first(text_wo_style, _SETTING_WORDS)
    time_of_day = _first(text_wo_style, _TIME_WORDS) or "day"
    colour, colour_is_backdrop = _colour(_strip(text_wo_style, _TIME_WORDS))
    if subject and colour_is_backdrop and colour and setting in (None, "white_sweep"):
        setting = "white_sweep" if colour == (246, 246, 246) else "color_backdrop"
    if colour == (246, 246, 246) and setting == "white_sweep":
        colour = None
    unknown = _undrawable(_strip(text_wo_style, _SUBJECT_WORDS))
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
    )
    return _with_fallback(spec, text, unknown, recognised=bool(subject or setting))


def _undrawable(text: str) -> tuple[str, str] | None:
    """Find a thing we cannot draw: (the phrase as written, the nearest setting)."""
    for _, pattern, nearest in _UNDRAWABLE:
        hit = _matches(text, pattern)
        if hit:
            word = hit.group(0)
            article = "" if not word.isascii() else ("an " if word[0] in "aeiou" else "a ")
            return article + word, nearest
    return None


def _with_fallback(
    spec: SceneSpec, text: str, unknown: tuple[str, str] | None, *, recognised: bool
) -> SceneSpec:
    """Attach the honest fallback sentence when the prompt asked for the undrawable."""
    made = describe_scene(spec)
    if unknown:
        sentence = f'I can\'t draw "{unknown[0]}" yet; I made the nearest scene I know: {made}.'
    elif not recognised and _leftover_words(_strip(text, _TIME_WORDS)):
        shown = text if len(text) <= 40 else text[:37] + "..."
        sentence = f'I don\'t know how to draw "{shown}" yet; I made {made} instead.'
    else:
        return spec
    return SceneSpec(**{**spec.__dict__, "fallback": sentence})
