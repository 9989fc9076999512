"""Help, greetings, unclear and hostile messages: always a short, useful answer."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from photogen.server.agent import Say, ToolStep, plan_turn
from photogen.server.agent.plan import plan_message
from photogen.server.agent.text import read_message
from tests.server.test_agent_support import BUSY, FRESH

HELP_EN = ["help", "Help!", "?", "what can you do", "What can you do?", "how does this work"]
HELP_ZH = ["帮助", "你能做什么", "你能做什么？", "？", "怎么用"]


@pytest.mark.parametrize("text", HELP_EN)
def test_help_in_english(text: str) -> None:
    plan = plan_turn(text, FRESH)
    assert len(plan) == 1 and isinstance(plan[0], Say)
    assert "Generate" in plan[0].text and plan[0].text.count("\n") <= 6


@pytest.mark.parametrize("text", HELP_ZH)
def test_help_in_chinese_for_chinese_text(text: str) -> None:
    plan = plan_turn(text, FRESH)  # the session says "en"; the text decides
    assert "生成" in plan[0].text  # type: ignore[union-attr]


def test_help_falls_back_to_the_session_language() -> None:
    assert "生成" in plan_turn("?", replace(FRESH, language="zh-CN"))[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("hi", "Tell me"),
        ("Hello!", "Tell me"),
        ("你好", "告诉我"),
        ("thanks", "welcome"),
        ("谢谢", "不客气"),
    ],
)
def test_greetings_and_thanks_point_to_a_first_step(text: str, words: str) -> None:
    plan = plan_turn(text, FRESH)
    assert len(plan) == 1 and words in plan[0].text  # type: ignore[union-attr]


UNCLEAR = [
    "",
    "   ",
    "🙂🙂🙂",
    "\x00\x1b[31m\x07",
    "asdf qwer",
    "'; DROP TABLE users; --",
    "SELECT * FROM photos WHERE 1=1",
    "<script>alert(1)</script>",
    "!!!...",
]


@pytest.mark.parametrize("text", UNCLEAR)
def test_unclear_messages_get_examples(text: str) -> None:
    plan = plan_turn(text, BUSY)
    assert len(plan) == 1 and isinstance(plan[0], Say)
    assert plan[0].text.count('"') >= 4 or "？" in plan[0].text or "?" in plan[0].text


def test_a_very_long_message_is_answered_quickly() -> None:
    plan = plan_turn("a mug on marble " * 700, FRESH)
    step = plan[-1]
    assert isinstance(step, ToolStep) and len(step.args["prompt"]) <= 500


def test_export_wording_appears_in_help_and_thanks() -> None:
    assert "Export" in plan_turn("help", FRESH)[0].text  # type: ignore[union-attr]
    assert "导出" in plan_turn("谢谢", FRESH)[0].text  # type: ignore[union-attr]


CONTEXTS = st.sampled_from([FRESH, BUSY, replace(BUSY, language="zh-CN", uploads=())])
_VOCABULARY = """
add remove music title photo the second each seconds 5s 30% it white background 9:16 generate
another 再来 去掉 音乐 标题 每张 秒 竖屏 黑白 第二张 a mug on marble “ ” " ' , 。
"""
WORDS = st.sampled_from(_VOCABULARY.split())


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), ctx=CONTEXTS)
def test_any_text_gets_a_plan_and_never_raises(text: str, ctx) -> None:
    plan = plan_message(read_message(text, ctx.language), ctx)  # no safety net
    assert plan and all(isinstance(item, Say | ToolStep) for item in plan)
    assert all(item.text for item in plan if isinstance(item, Say))


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(WORDS, max_size=12), ctx=CONTEXTS)
def test_jumbled_request_words_get_a_plan(parts: list[str], ctx) -> None:
    plan = plan_message(read_message(" ".join(parts), ctx.language), ctx)
    assert plan
    for step in plan:
        if isinstance(step, ToolStep) and step.name == "edit_multitrack":
            assert step.args["operations"]


def test_plan_turn_is_deterministic() -> None:
    for text in ["another one", "add lo-fi music", "make it warmer", "生成一张白色背景的产品照片"]:
        assert plan_turn(text, BUSY) == plan_turn(text, BUSY)
