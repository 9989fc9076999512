"""The agent's timeline plans: music, titles, durations, segments, canvas."""

from __future__ import annotations

from typing import Any

import pytest

from photogen.server.agent import Say, ToolStep, plan_turn
from tests.server.test_agent_support import BUSY, FRESH, SONG, only_tool, ops, says

LOFI = {"op": "add_music", "source": "builtin:lofi", "name": "Lo-fi", "volume": 0.35}

TIMELINE: list[tuple[str, list[dict[str, Any]]]] = [
    ("add lo-fi music", [LOFI]),
    ("Add some LOFI music.", [LOFI]),
    (
        "add some upbeat music at 30% volume",
        [{"op": "add_music", "source": "builtin:upbeat", "name": "Upbeat", "volume": 0.3}],
    ),
    (
        "add calm ambient music",
        [{"op": "add_music", "source": "builtin:ambient", "name": "Ambient", "volume": 0.35}],
    ),
    (
        "add my song",
        [{"op": "add_music", "source": SONG.cdn_url, "name": "my song", "volume": 0.6}],
    ),
    ("加上轻音乐", [LOFI]),
    ("remove the music", [{"op": "remove_music"}]),
    ("no music", [{"op": "remove_music"}]),
    ("去掉音乐", [{"op": "remove_music"}]),
    ("turn the music down to 20%", [{"op": "set_volume", "volume": 0.2}]),
    ("音量调到30%", [{"op": "set_volume", "volume": 0.3}]),
    ("音量调到百分之五十", [{"op": "set_volume", "volume": 0.5}]),
    ("make the music louder", [{"op": "set_volume", "volume": 0.55}]),
    ("turn it down", [{"op": "set_volume", "volume": 0.25}]),
    ("mute the music", [{"op": "set_volume", "volume": 0.0}]),
    (
        'add a title "Summer Sale"',
        [{"op": "add_title", "text": "Summer Sale", "start_ms": 0, "duration_ms": 3000}],
    ),
    (
        "add the title Urban Dreams",
        [{"op": "add_title", "text": "Urban Dreams", "start_ms": 0, "duration_ms": 3000}],
    ),
    (
        'add a title "Big Day" for 5 seconds',
        [{"op": "add_title", "text": "Big Day", "start_ms": 0, "duration_ms": 5000}],
    ),
    (
        "add the caption Fresh Drop at the end",
        [{"op": "add_title", "text": "Fresh Drop", "start_ms": 6000, "duration_ms": 3000}],
    ),
    (
        "加标题“夏日促销”",
        [{"op": "add_title", "text": "夏日促销", "start_ms": 0, "duration_ms": 3000}],
    ),
    (
        "加标题：新品上市，5秒",
        [{"op": "add_title", "text": "新品上市", "start_ms": 0, "duration_ms": 5000}],
    ),
    ("remove the title", [{"op": "remove_title"}]),
    ("删除标题", [{"op": "remove_title"}]),
    ("make each photo 4 seconds", [{"op": "set_duration", "index": -1, "duration_ms": 4000}]),
    ("每张 3 秒", [{"op": "set_duration", "index": -1, "duration_ms": 3000}]),
    ("每张三秒", [{"op": "set_duration", "index": -1, "duration_ms": 3000}]),
    ("make the second one 5s long", [{"op": "set_duration", "index": 1, "duration_ms": 5000}]),
    ("第三张 2.5 秒", [{"op": "set_duration", "index": 2, "duration_ms": 2500}]),
    (
        "make it 10 seconds long",
        [
            {"op": "set_duration", "index": i, "duration_ms": ms}
            for i, ms in enumerate((3334, 3333, 3333))
        ],
    ),
    ("remove the second photo", [{"op": "remove_segment", "index": 1}]),
    ("delete the last one", [{"op": "remove_segment", "index": 2}]),
    ("删除第二张", [{"op": "remove_segment", "index": 1}]),
    ("make the video vertical", [{"op": "set_aspect", "aspect_ratio": "9:16"}]),
    ("把视频改成横屏", [{"op": "set_aspect", "aspect_ratio": "16:9"}]),
]


@pytest.mark.parametrize(("text", "expected"), TIMELINE)
def test_timeline_requests_become_operations(text: str, expected: list[dict[str, Any]]) -> None:
    assert ops(text, BUSY) == expected


def test_timeline_step_is_short_running_with_a_label() -> None:
    step = only_tool("add lo-fi music", BUSY)
    assert not step.long_running and step.label == "Editing timeline…"
    assert only_tool("加上轻音乐", BUSY).label == "正在编辑时间线…"


def test_timeline_turn_has_no_text_of_its_own() -> None:
    assert says("remove the music", BUSY) == []


def test_several_requests_in_one_message() -> None:
    assert ops('add lo-fi music and a title "Salt and Pepper" for 5 seconds', BUSY) == [
        LOFI,
        {"op": "add_title", "text": "Salt and Pepper", "start_ms": 0, "duration_ms": 5000},
    ]
    assert ops("去掉音乐，加标题“新品”", BUSY) == [
        {"op": "remove_music"},
        {"op": "add_title", "text": "新品", "start_ms": 0, "duration_ms": 3000},
    ]


def test_generate_and_music_in_one_message() -> None:
    plan = plan_turn("generate a photo of a mug and add lo-fi music", FRESH)
    names = [step.name for step in plan if isinstance(step, ToolStep)]
    assert names == ["generate_image", "edit_multitrack"]
    assert plan[-1].args["operations"] == [LOFI]  # type: ignore[union-attr]


def test_generic_music_prefers_the_uploaded_song() -> None:
    assert ops("添加背景音乐", BUSY)[0]["source"] == SONG.cdn_url
    assert ops("添加背景音乐", FRESH)[0]["source"] == "builtin:lofi"


PROBLEMS = [
    # (message, context, words the reply must contain)
    ("add my song", FRESH, "ctrl+u"),
    ("remove the music", FRESH, "no music"),
    ("turn the music down to 20%", FRESH, "no music"),
    ("remove the title", FRESH, "no title"),
    ("add a title", BUSY, "What should the title say"),
    ("make each photo 4 seconds", FRESH, "no photos"),
    ("remove the second photo", FRESH, "no photos"),
    ("remove the fifth photo", BUSY, "only 3"),
    ("去掉音乐", FRESH, "还没有音乐"),
    ("删除第五张", BUSY, "只有 3 张"),
]


@pytest.mark.parametrize(("text", "ctx", "words"), PROBLEMS)
def test_impossible_timeline_requests_are_explained(text: str, ctx: Any, words: str) -> None:
    plan = plan_turn(text, ctx)
    assert all(isinstance(item, Say) for item in plan)
    assert words in plan[0].text  # type: ignore[union-attr]
