"""Prompt parsing: English and Chinese words -> SceneSpec, never raising."""

from __future__ import annotations

import pytest

from photogen.engine.prompt import SceneSpec, describe_scene, parse_prompt
from photogen.engine.sizes import ASPECTS, normalise_aspect, size_for_aspect


@pytest.mark.parametrize(
    ("prompt", "subject", "setting"),
    [
        ("a realistic photo of a product on a white background", "bottle", "white_sweep"),
        ("a red bottle on a white background", "bottle", "white_sweep"),
        ("coffee mug on a wooden table", "mug", "wood"),
        ("perfume bottle on marble", "perfume", "marble"),
        ("running shoes on a blue background", "sneaker", "color_backdrop"),
        ("a wrist watch", "watch", "white_sweep"),
        ("smartphone product shot", "phone", "white_sweep"),
        ("a can of soda on the beach", "can", "beach"),
        ("cosmetic jar", "jar", "white_sweep"),
        ("toothpaste tube", "tube", "white_sweep"),
        ("gift box", "box", "white_sweep"),
        ("白色背景上的瓶子", "bottle", "white_sweep"),
        ("红色马克杯 木桌", "mug", "wood"),
        ("运动鞋 大理石", "sneaker", "marble"),
        ("香水", "perfume", "white_sweep"),
        ("手机", "phone", "white_sweep"),
        ("手表", "watch", "white_sweep"),
        ("盒子", "box", "white_sweep"),
        ("易拉罐", "can", "white_sweep"),
        ("a pair of headphones on a desk", "headphones", "wood"),
        ("lipstick on a pink backdrop", "lipstick", "color_backdrop"),
        ("makeup on marble", "lipstick", "marble"),
        ("a leather handbag", "bag", "white_sweep"),
        ("a tote bag on a wooden table", "bag", "wood"),
        ("口红 白底", "lipstick", "white_sweep"),
        ("耳机", "headphones", "white_sweep"),
        ("包装盒", "box", "white_sweep"),
    ],
)
def test_products(prompt: str, subject: str, setting: str) -> None:
    spec = parse_prompt(prompt)
    assert (spec.subject, spec.setting, spec.kind) == (subject, setting, "product")


@pytest.mark.parametrize(
    ("prompt", "setting", "time_of_day"),
    [
        ("mountains at sunset", "mountains", "sunset"),
        ("a lake at golden hour", "lake", "golden"),
        ("beach at night", "beach", "night"),
        ("desert dunes on an overcast day", "desert", "overcast"),
        ("foggy forest", "forest", "overcast"),
        ("a field of wheat", "field", "day"),
        ("city skyline at night", "city", "night"),
        ("山 日落", "mountains", "sunset"),
        ("湖 黄昏", "lake", "sunset"),
        ("海滩 夜晚", "beach", "night"),
        ("沙漠 阴天", "desert", "overcast"),
        ("森林", "forest", "day"),
        ("田野 清晨", "field", "golden"),
        ("城市 夜晚", "city", "night"),
    ],
)
def test_scenes(prompt: str, setting: str, time_of_day: str) -> None:
    spec = parse_prompt(prompt)
    assert (spec.setting, spec.time_of_day, spec.kind) == (setting, time_of_day, "scene")


@pytest.mark.parametrize(
    ("prompt", "style", "lens"),
    [
        ("cinematic mountains, letterbox", ("cinematic",), ("letterbox",)),
        ("black and white city", ("bw",), ()),
        ("vintage film photo of a lake, grainy", ("film",), ("grain",)),
        ("vivid desert with vignette", ("vivid",), ("vignette",)),
        ("pastel beach, bokeh", ("pastel",), ("dof",)),
        ("moody forest", ("moody",), ()),
        ("电影感 山", ("cinematic",), ()),
        ("黑白 城市", ("bw",), ()),
        ("复古 胶片 湖", ("film",), ()),
        ("鲜艳 沙漠", ("vivid",), ()),
        ("柔和 海滩", ("pastel",), ()),
        ("暗调 森林 景深", ("moody",), ("dof",)),
        ("mountains", ("realistic",), ()),
    ],
)
def test_styles_and_lens(prompt: str, style: tuple[str, ...], lens: tuple[str, ...]) -> None:
    spec = parse_prompt(prompt)
    assert (spec.style, spec.lens) == (style, lens)


def test_colours() -> None:
    assert parse_prompt("a red bottle on a white background").colour == (200, 40, 45)
    assert parse_prompt("红色马克杯").colour == (200, 40, 45)
    assert parse_prompt("black and white mountains").colour is None
    assert parse_prompt("mountains at golden hour").colour is None
    backdrop = parse_prompt("mug on a blue background")
    assert backdrop.setting == "color_backdrop" and backdrop.colour == (45, 90, 190)


def test_fallback_for_unknown_subjects() -> None:
    dragon = parse_prompt("a dragon")
    assert dragon.fallback == (
        'I can\'t draw "a dragon" offline; I drew the nearest scene I know: mountains at sunset.'
    )
    assert parse_prompt("a dog on the beach").setting == "beach"
    assert "a dog" in (parse_prompt("a dog on the beach").fallback or "")
    assert "龙" in (parse_prompt("一条龙").fallback or "")
    assert parse_prompt("qwzx blorp").fallback is not None
    assert parse_prompt("mountains at sunset").fallback is None
    assert parse_prompt("").fallback is None


@pytest.mark.parametrize(
    "prompt",
    ["", "   ", "🐉🔥✨", "x" * 10_000, "山" * 5000, "\x00\x1b[31m", "can you draw?", "1080x1080"],
)
def test_never_raises(prompt: str) -> None:
    assert isinstance(parse_prompt(prompt), SceneSpec)


def test_aspects_in_prompts() -> None:
    assert parse_prompt("city at night 9:16").aspect == "9:16"
    assert parse_prompt("竖屏 山").aspect == "9:16"
    assert parse_prompt("a mountain landscape").aspect is None
    assert parse_prompt("a square shot of a mug").aspect == "1:1"


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("9:16", "9:16"),
        ("9x16", "9:16"),
        ("portrait", "9:16"),
        ("vertical", "9:16"),
        ("竖屏", "9:16"),
        ("square", "1:1"),
        ("方形", "1:1"),
        ("landscape", "16:9"),
        ("横屏", "16:9"),
        ("16:9", "16:9"),
        ("widescreen", "16:9"),
        ("4:5", "4:5"),
        ("instagram", "4:5"),
        ("3:2", None),
        ("banana", None),
    ],
)
def test_normalise_aspect(text: str, aspect: str | None) -> None:
    assert normalise_aspect(text) == aspect


def test_sizes() -> None:
    assert size_for_aspect("9:16") == (1080, 1920)
    assert size_for_aspect("16:9", 2) == (3840, 2160)
    assert set(ASPECTS) == {"1:1", "4:5", "9:16", "16:9"}
    with pytest.raises(ValueError, match="accepted: 1:1, 4:5, 9:16, 16:9"):
        size_for_aspect("3:2")
    with pytest.raises(ValueError):
        size_for_aspect("1:1", 3)


def test_words_inside_other_words_are_not_subjects() -> None:
    assert parse_prompt("headphones").subject == "headphones"
    assert parse_prompt("a smartphone").subject == "phone"
    assert parse_prompt("a scandinavian beach").subject is None


def test_the_backdrop_and_the_subject_each_keep_their_colour() -> None:
    spec = parse_prompt("a red sneaker on a blue backdrop")
    assert (spec.setting, spec.colour, spec.subject_colour) == (
        "color_backdrop",
        (45, 90, 190),
        (200, 40, 45),
    )
    assert describe_scene(spec) == "a red sneaker on a blue backdrop"
    assert parse_prompt("a sneaker on pink").setting == "color_backdrop"
    empty = parse_prompt("a green backdrop")
    assert (empty.kind, empty.setting, describe_scene(empty)) == (
        "scene",
        "color_backdrop",
        "an empty green backdrop",
    )


def test_light_framing_and_count_are_read() -> None:
    spec = parse_prompt("close-up of three perfume bottles on marble at sunset")
    assert (spec.framing, spec.count, spec.time_of_day) == ("close", 3, "sunset")
    assert describe_scene(spec) == (
        "a close-up of three perfumes on a marble tabletop in warm sunset light"
    )
    assert parse_prompt("a pair of sneakers").count == 2
    assert parse_prompt("a pair of headphones").count == 1
    assert parse_prompt("wide shot of a bottle").framing == "wide"
    assert parse_prompt("twelve bottles").count == 1
    assert parse_prompt("两瓶香水").count == 2


@pytest.mark.parametrize(
    ("prompt", "thing", "made"),
    [
        ("a golden retriever on a beach", "golden retriever", "a beach in daylight"),
        ("a teapot on a pink backdrop", "teapot", "an empty pink backdrop"),
        ("an old lighthouse on a cliff", "old lighthouse", "mountains in daylight"),
    ],
)
def test_an_unknown_subject_is_named_with_what_was_drawn(
    prompt: str, thing: str, made: str
) -> None:
    spec = parse_prompt(prompt)
    assert spec.unknown == thing
    assert spec.fallback == f'I can\'t draw "{thing}" offline; I drew {made}.'


@pytest.mark.parametrize(
    "prompt",
    [
        "a beautiful view of the alps",
        "sunset over mountain lake, cinematic style",
        "misty morning in the forest",
        "minimalist product shot",
        "a red mug on a wooden table",
    ],
)
def test_prompts_the_engine_draws_get_no_apology(prompt: str) -> None:
    assert parse_prompt(prompt).fallback is None
