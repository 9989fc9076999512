"""What the agent says after each tool: sizes, notes, errors, and silent edits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from photogen.server.agent import ToolStep, describe_results
from photogen.server.agent.results import SILENT_OPS, describe_timeline
from tests.server.test_agent_support import BUSY, FRESH, only_tool

OK_IMAGE = {
    "status": "success",
    "image_url": "http://g/1.png",
    "width": 1080,
    "height": 1920,
    "seed": 0,
    "engine": "studio",
    "notes": ["I can't draw a giraffe yet, so this is the nearest scene I know: a field."],
}


def test_generate_result_names_size_seed_engine_notes_and_export() -> None:
    step = only_tool("a perfume bottle on marble, 9:16", FRESH)
    text = describe_results(step, OK_IMAGE, FRESH)
    assert text is not None
    assert "1080×1920" in text and "9:16" in text and "seed 0" in text and "studio" in text
    assert "I can't draw a giraffe yet" in text
    assert "Click Export" in text


def test_generate_result_suggests_more_on_odd_seeds() -> None:
    step = only_tool("another one", BUSY)  # seed 5
    text = describe_results(step, {**OK_IMAGE, "seed": 5}, BUSY)
    assert text is not None and "seed 5" in text and "Export" not in text


def test_generate_result_in_chinese_follows_the_plan_language() -> None:
    step = only_tool("生成一张白色背景的产品照片", FRESH)
    text = describe_results(step, OK_IMAGE, FRESH)  # the session says "en"
    assert text is not None and "照片好了" in text and "点击导出" in text


def test_generate_error_is_said_plainly() -> None:
    step = only_tool("a mug", FRESH)
    text = describe_results(step, {"status": "error", "message": "engine \x1b[31mbusy"}, FRESH)
    assert text is not None and text.startswith("I couldn't make that photo: engine")
    assert "\x1b" not in text


def test_edit_result_says_what_changed_and_the_size() -> None:
    step = only_tool("put it on a white background", BUSY)
    result = {**OK_IMAGE, "width": 1080, "height": 1080, "notes": []}
    text = describe_results(step, result, BUSY)
    assert text == (
        "Done — mug.jpg: a clean white background. It's 1080×1080 now. Click Export to save it."
    )


def test_edit_error() -> None:
    step = only_tool("黑白", BUSY)
    text = describe_results(step, {"status": "error", "message": "找不到图片"}, BUSY)
    assert text == "图片没编辑成功：找不到图片。"


SPOKEN = ["add lo-fi music", 'add a title "Summer Sale"', "make the video vertical", "加上轻音乐"]
SILENT = [
    "remove the music",
    "turn the music down to 20%",
    "make each photo 4 seconds",
    "make it 10 seconds long",
    "remove the second photo",
    "remove the title",
    "去掉音乐",
    "每张 3 秒",
]


@pytest.mark.parametrize("text", SPOKEN)
def test_adding_edits_are_described(text: str) -> None:
    step = only_tool(text, BUSY)
    reply = describe_results(step, {"result": "ok", "changed": ["audio"]}, BUSY)
    assert reply and ("timeline" in reply or "时间线" in reply)


@pytest.mark.parametrize("text", SILENT)
def test_number_and_removal_edits_are_silent(text: str) -> None:
    step = only_tool(text, BUSY)
    assert describe_results(step, {"result": "ok", "changed": ["draft"]}, BUSY) is None
    assert describe_results(step, {"result": "ok"}, BUSY) is None  # deterministic


def test_silent_edits_are_about_a_third_of_timeline_operations() -> None:
    kinds = {"add_music", "remove_music", "set_volume", "add_title", "remove_title"}
    kinds |= {"set_duration", "remove_segment", "set_aspect"}
    assert kinds >= SILENT_OPS
    assert 0.2 <= len(SILENT) / (len(SILENT) + len(SPOKEN) * 3) <= 0.5


def test_a_failed_silent_edit_is_still_said() -> None:
    step = only_tool("remove the music", BUSY)
    text = describe_results(step, {"status": "error", "message": "no such track"}, BUSY)
    assert text == "I couldn't change the timeline: no such track."


def test_a_mixed_step_describes_every_operation() -> None:
    step = only_tool("add lo-fi music and make each photo 4 seconds", BUSY)
    text = describe_results(step, {"result": "ok"}, BUSY)
    assert text is not None and "Lo-fi music at 35%" in text and "Each photo now lasts 4 s" in text


def test_a_spread_duration_reads_as_a_total() -> None:
    step = ToolStep(
        "edit_multitrack",
        {
            "operations": [
                {"op": "set_duration", "index": i, "duration_ms": 2500} for i in range(4)
            ]
            + [{"op": "set_aspect", "aspect_ratio": "16:9"}]
        },
        label="Editing timeline…",
    )
    text = describe_timeline(step, {"result": "ok"}, "en")
    assert text is not None and "add up to 10 s" in text and "16:9" in text


def test_unknown_tools_are_silent_and_language_comes_from_the_session_without_a_label() -> None:
    assert describe_results(ToolStep("bogus", {}), {}, FRESH) is None
    step = ToolStep(
        "edit_multitrack", {"operations": [{"op": "add_music", "name": "Lo-fi", "volume": 0.3}]}
    )
    assert "已添加" in (
        describe_results(step, {"result": "ok"}, replace(FRESH, language="zh")) or ""
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
RESULT_KEYS = st.sampled_from(
    ["status", "message", "width", "height", "seed", "engine", "notes", "images"]
)


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(["generate_image", "edit_image", "edit_multitrack", "other"]),
    args=st.dictionaries(
        st.sampled_from(["operations", "aspect_ratio", "background", "grade"]), JSON
    ),
    result=st.dictionaries(RESULT_KEYS, JSON),
)
def test_describe_results_never_raises(
    name: str, args: dict[str, Any], result: dict[str, Any]
) -> None:
    text = describe_results(ToolStep(name, args, label="x"), result, FRESH)
    assert text is None or isinstance(text, str)


def test_engine_is_named_once_when_its_note_names_it() -> None:
    step = only_tool("a perfume bottle on marble", FRESH)
    note = "Made a perfume bottle on marble (seed 0) with photogen-studio/1."
    result = {**OK_IMAGE, "engine": "photogen-studio/1", "notes": [note]}
    text = describe_results(step, result, FRESH)
    assert text is not None and text.count("photogen-studio/1") == 1


def test_a_chinese_reply_names_the_engine_in_chinese_not_the_engines_english_note() -> None:
    step = only_tool("生成一张白色背景的产品照片", FRESH)
    note = "Made a bottle on a white studio background (seed 0) with photogen-studio/1."
    result = {**OK_IMAGE, "engine": "photogen-studio/1", "notes": [note]}
    text = describe_results(step, result, FRESH)
    assert text is not None and "Made a bottle" not in text
    assert "photogen-studio/1" in text and "引擎" in text
