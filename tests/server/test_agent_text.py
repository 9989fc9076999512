"""The agent's readers: aspects, numbers, durations, volumes, ordinals, language."""

from __future__ import annotations

import pytest

from photogen.server.agent.edits import edit_aspect, prompt_aspect
from photogen.server.agent.lexicon import ASPECT_SIZES, BEDS
from photogen.server.agent.prompts import photo_count
from photogen.server.agent.text import (
    LAST,
    detect_language,
    durations_ms,
    ordinal,
    percent,
    read_message,
    to_number,
)

ASPECTS = [
    ("a mug, 9:16", "9:16"),
    ("a mug 9x16", "9:16"),
    ("a mug in 16:9", "16:9"),
    ("a mug 4:5", "4:5"),
    ("a mug 3:4", "4:5"),
    ("a mug 1:1", "1:1"),
    ("a vertical shot of a mug", "9:16"),
    ("a mug in portrait", "9:16"),
    ("a mug, portrait format", "9:16"),
    ("a mug for my story", "9:16"),
    ("a mug for tiktok", "9:16"),
    ("a mug, square", "1:1"),
    ("a lake in landscape", "16:9"),
    ("a widescreen lake", "16:9"),
    ("a mug for instagram", "4:5"),
    ("a mug for an instagram story", "9:16"),
    ("竖屏的山", "9:16"),
    ("横屏的山", "16:9"),
    ("方形的杯子", "1:1"),
    ("a mug，９：１６", "9:16"),
    ("a portrait of a woman", None),
    ("a landscape photo of hills", None),
    ("a mug at 5:30", None),
    ("a mug", None),
]


@pytest.mark.parametrize(("text", "aspect"), ASPECTS)
def test_prompt_aspect(text: str, aspect: str | None) -> None:
    msg = read_message(text, "en")
    assert prompt_aspect(msg.low)[0] == aspect


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("make it portrait", "9:16"),
        ("landscape please", "16:9"),
        ("crop to 4:5", "4:5"),
        ("裁成方形", "1:1"),
    ],
)
def test_edit_aspect_reads_every_aspect_word(text: str, aspect: str) -> None:
    assert edit_aspect(text) == aspect


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("3 variations", 3),
        ("three photos of a cat", 3),
        ("a couple of shots of a cat", 2),
        ("2 more", 2),
        ("twenty photos", 9),
        ("三张", 3),
        ("两张海报", 2),
        ("第二张", 1),
        ("每张 3 秒", 1),
        ("a photo of two cats", 1),
    ],
)
def test_photo_count(text: str, count: int) -> None:
    assert photo_count(text) == count


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("3", 3),
        ("2.5", 2.5),
        ("three", 3),
        ("三", 3),
        ("十", 10),
        ("十五", 15),
        ("三十", 30),
        ("两", 2),
        ("九十九", 99),
        ("十十", None),
        ("abc", None),
        ("", None),
    ],
)
def test_to_number(token: str, value: float | None) -> None:
    assert to_number(token) == value


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("4 seconds", [4000]),
        ("5s long", [5000]),
        ("a 10-second clip", [10000]),
        ("1.5 sec", [1500]),
        ("500ms", [500]),
        ("3 秒", [3000]),
        ("三秒钟", [3000]),
        ("1 minute", [60000]),
        ("3 sunsets", []),
        ("9:16", []),
    ],
)
def test_durations(text: str, ms: list[int]) -> None:
    assert [value for value, _ in durations_ms(text)] == ms


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("30%", 0.3),
        ("at 45 percent", 0.45),
        ("百分之三十", 0.3),
        ("音量调到30", 0.3),
        ("volume 0.5", 0.5),
        ("150%", 1.0),
        ("no number", None),
    ],
)
def test_percent(text: str, level: float | None) -> None:
    assert percent(text) == level


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the second photo", 1),
        ("the 3rd one", 2),
        ("photo 4", 3),
        ("#2", 1),
        ("the last one", LAST),
        ("第二张", 1),
        ("第10张", 9),
        ("最后一张", LAST),
        ("a 5 second shot", None),
        ("each photo", None),
    ],
)
def test_ordinal(text: str, index: int | None) -> None:
    assert ordinal(text) == index


@pytest.mark.parametrize(
    ("text", "fallback", "lang"),
    [
        ("hello", "zh-CN", "en"),
        ("你好", "en", "zh"),
        ("add 音乐", "en", "zh"),
        ("？", "en", "zh"),
        ("?", "zh-CN", "zh"),
        ("123", "en", "en"),
        ("🙂", "zh", "zh"),
    ],
)
def test_language(text: str, fallback: str, lang: str) -> None:
    assert detect_language(read_message(text, fallback).raw, fallback) == lang
    assert read_message(text, fallback).lang == lang


def test_message_is_cleaned_and_cut() -> None:
    msg = read_message("  ＡＤＤ\x00 \x1b[31m  music\u200b ", "en")
    assert (
        msg.text == "ADD [31m music"
        and msg.low == "add [31m music"
        and msg.raw == "ＡＤＤ [31m music"
    )
    assert len(read_message("x" * 50_000, "en").text) == 2000
    assert read_message(None, "en").text == ""


def test_sizes_and_beds_match_the_engine() -> None:
    sizes = pytest.importorskip("photogen.engine.sizes")
    assert sizes.ASPECTS == ASPECT_SIZES
    music = pytest.importorskip("photogen.engine.music")
    assert {bed for _, bed, _ in BEDS} == set(music.BUILTIN_BEDS)
