"""The rule-based agent's plans for the product's requests, in English and Chinese."""

from __future__ import annotations

from dataclasses import replace

import pytest

from photogen.server.agent import Say, ToolStep, plan_turn
from tests.server.test_agent_support import (
    BUSY,
    FRESH,
    GENERATED_ONLY,
    PHOTO,
    only_tool,
    says,
    tools,
)

# --- generate ----------------------------------------------------------------

GENERATE = [
    # (message, prompt, aspect, count)
    (
        "generate a realistic photo of a product on a white background",
        "a realistic photo of a product on a white background",
        "1:1",
        1,
    ),
    (
        "sunset over mountain lake, cinematic style",
        "sunset over mountain lake, cinematic style",
        "1:1",
        1,
    ),
    ("a perfume bottle on marble, 9:16", "a perfume bottle on marble", "9:16", 1),
    ("Make me a photo of a coffee cup in portrait format", "a photo of a coffee cup", "9:16", 1),
    ("a sneaker on a wooden table, vertical", "a sneaker on a wooden table", "9:16", 1),
    ("generate a city skyline at night in landscape", "a city skyline at night", "16:9", 1),
    ("a jar of honey, square", "a jar of honey", "1:1", 1),
    ("a latte on a cafe table for instagram", "a latte on a cafe table", "4:5", 1),
    ("a desert road for my instagram story", "a desert road", "9:16", 1),
    ("a watch on black velvet 4:5", "a watch on black velvet", "4:5", 1),
    ("Please generate 3 realistic photos of a mug, 16:9", "a realistic photo of a mug", "16:9", 3),
    ("3 variations of a sunset over the sea", "a sunset over the sea", "1:1", 3),
    ("generate 10 photos of a beach", "a photo of a beach", "1:1", 9),
    ("a portrait of a woman in a studio", "a portrait of a woman in a studio", "1:1", 1),
    ("a red bicycle leaning on a wall", "a red bicycle leaning on a wall", "1:1", 1),
    ("GENERATE A PHOTO OF A MUG!!!", "A PHOTO OF A MUG", "1:1", 1),
    ("生成一张白色背景的产品照片", "白色背景的产品照片", "1:1", 1),
    ("日落时的山湖，电影感", "日落时的山湖，电影感", "1:1", 1),
    ("帮我生成一张竖屏的城市夜景", "城市夜景", "9:16", 1),
    ("画一张大理石上的香水瓶，横屏", "大理石上的香水瓶", "16:9", 1),
    ("生成三张海边日落", "海边日落", "1:1", 3),
    ("做一张方形的咖啡杯照片", "咖啡杯照片", "1:1", 1),
]


@pytest.mark.parametrize(("text", "prompt", "aspect", "count"), GENERATE)
def test_generate_reads_prompt_aspect_and_count(
    text: str, prompt: str, aspect: str, count: int
) -> None:
    plan = plan_turn(text, FRESH)
    assert isinstance(plan[0], Say)
    step = plan[1]
    assert isinstance(step, ToolStep) and step.name == "generate_image"
    assert step.args == {"prompt": prompt, "aspect_ratio": aspect, "seed": 0, "count": count}
    assert step.long_running


def test_generate_acknowledges_with_aspect_and_size() -> None:
    text = says("a perfume bottle on marble, 9:16", FRESH)[0]
    assert text.startswith("Got it — generating")
    assert "9:16" in text and "1080×1920" in text


def test_generate_in_chinese_answers_in_chinese() -> None:
    plan = plan_turn("生成一张白色背景的产品照片", FRESH)
    assert "正在生成" in plan[0].text  # type: ignore[union-attr]
    assert plan[1].label == "正在生成照片…"  # type: ignore[union-attr]


def test_generate_uses_the_canvas_ratio_when_no_aspect_is_said() -> None:
    assert only_tool("a mug on a wooden table", BUSY).args["aspect_ratio"] == "4:5"
    assert only_tool("a mug on a wooden table, 16:9", BUSY).args["aspect_ratio"] == "16:9"


def test_generate_with_nothing_to_draw_asks_what() -> None:
    assert tools("generate", FRESH) == []
    assert "What should I generate" in says("generate", FRESH)[0]


# --- variations ---------------------------------------------------------------

VARIATIONS = [
    "another one",
    "Another one please!",
    "variation",
    "try again",
    "more like this",
    "again",
    "one more",
    "换一个",
    "再来一张",
    "再生成",
    "重新生成一下",
]


@pytest.mark.parametrize("text", VARIATIONS)
def test_variation_reuses_last_prompt_with_next_seed(text: str) -> None:
    step = only_tool(text, BUSY)
    assert step.name == "generate_image"
    assert step.args["prompt"] == "a mug on marble"
    assert step.args["seed"] == 5
    assert step.args["aspect_ratio"] == "4:5"


@pytest.mark.parametrize("text", VARIATIONS)
def test_variation_without_a_previous_photo_explains(text: str) -> None:
    plan = plan_turn(text, FRESH)
    assert len(plan) == 1 and isinstance(plan[0], Say)
    assert "describe" in plan[0].text.lower() or "描述" in plan[0].text


@pytest.mark.parametrize(
    ("text", "count", "aspect"),
    [("give me 3 variations", 3, "4:5"), ("再来三张", 3, "4:5"), ("another one, 9:16", 1, "9:16")],
)
def test_variation_keeps_count_and_aspect(text: str, count: int, aspect: str) -> None:
    step = only_tool(text, BUSY)
    assert (step.args["seed"], step.args["count"], step.args["aspect_ratio"]) == (5, count, aspect)


def test_variation_seed_increments_from_the_last_seed() -> None:
    assert only_tool("another one", GENERATED_ONLY).args["seed"] == 1


# --- edits of an uploaded photo ----------------------------------------------------------

EDITS = [
    # (message, the edit_image arguments that must be set)
    ("put it on a white background", {"background": "white"}),
    ("remove the background", {"background": "white"}),
    ("make the background blue", {"background": "blue"}),
    ("change the background from white to pink", {"background": "pink"}),
    ("put it on marble", {"background": "marble"}),
    ("make the background #ff8800", {"background": [255, 136, 0]}),
    ("crop it to 9:16", {"aspect_ratio": "9:16"}),
    ("make it square", {"aspect_ratio": "1:1"}),
    ("make it warmer", {"grade": "warm"}),
    ("make it cooler", {"grade": "cool"}),
    ("make it cinematic", {"grade": "cinematic"}),
    ("make it black and white", {"grade": "bw"}),
    ("make this photo vintage", {"grade": "vintage"}),
    ("more vivid please", {"grade": "vivid"}),
    ("auto levels", {"auto_levels": True}),
    ("fix the exposure", {"auto_levels": True}),
    ("resize for instagram", {"platform": "instagram"}),
    ("resize it for tiktok", {"platform": "tiktok"}),
    ("fit it to an instagram story", {"platform": "story"}),
    ("把背景换成白色", {"background": "white"}),
    ("去掉背景", {"background": "white"}),
    ("背景改成蓝色", {"background": "blue"}),
    ("裁成竖屏", {"aspect_ratio": "9:16"}),
    ("黑白", {"grade": "bw"}),
    ("暖色调", {"grade": "warm"}),
    ("复古", {"grade": "vintage"}),
    ("电影感", {"grade": "cinematic"}),
    ("自动色阶", {"auto_levels": True}),
    ("把它调成冷色调", {"grade": "cool"}),
]


@pytest.mark.parametrize(("text", "expected"), EDITS)
def test_edit_reads_the_edit_and_targets_the_latest_upload(text: str, expected: dict) -> None:
    step = only_tool(text, BUSY)
    assert step.name == "edit_image" and step.long_running
    assert {key: step.args[key] for key in expected} == expected
    assert step.args["source_url"] == PHOTO.cdn_url  # the latest *image*: the song came after
    assert set(step.args) == {
        "source_url",
        "background",
        "aspect_ratio",
        "grade",
        "auto_levels",
        "platform",
        "prompt",
        "photo",
    }


@pytest.mark.parametrize(("text", "_"), EDITS)
def test_edit_with_nothing_to_edit_says_how_to_upload(text: str, _: dict) -> None:
    plan = plan_turn(text, FRESH)
    assert len(plan) == 1 and isinstance(plan[0], Say)
    assert "ctrl+u" in plan[0].text


def test_edit_of_the_only_upload_passes_none() -> None:
    ctx = replace(FRESH, uploads=(PHOTO,))
    assert only_tool("put it on a white background", ctx).args["source_url"] is None


def test_edit_without_upload_uses_the_last_generated_photo() -> None:
    step = only_tool("make it black and white", GENERATED_ONLY)
    assert step.name == "edit_image"
    assert step.args["source_url"] == "http://g/2.png"


def test_edit_acknowledges_what_changes() -> None:
    assert says("put it on a white background", BUSY)[0] == (
        "On it — a clean white background for mug.jpg."
    )
    assert "黑白" in says("黑白", BUSY)[0]


def test_generate_with_a_background_is_not_an_edit() -> None:
    assert only_tool(
        "generate a realistic photo of a product on a white background", BUSY
    ).name == ("generate_image")
    assert only_tool("sunset over mountain lake, cinematic style", BUSY).name == "generate_image"
    assert only_tool("日落时的山湖，电影感", BUSY).name == "generate_image"
