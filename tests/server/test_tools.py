"""The tool registry: one declaration drives the agent's labels, the cost, the stream;
tool progress goes out as partial function responses that clients may ignore."""

from __future__ import annotations

import pytest

from photogen.client.stream import ToolResultItem, classify
from photogen.server.agent import AgentContext, ToolStep, plan_turn
from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.tools import TOOLS, Label, Tool, ToolError, ToolRegistry

from .conftest import parse_frames
from .fakes import fake_engines, fake_generate


def _refuse(tc, args):
    raise ToolError("no can do")


def test_every_tool_is_declared_once_with_its_cost_label_and_flag():
    config = ServerConfig(credits_per_image=10, credits_per_edit=2)
    assert set(TOOLS) == {"generate_image", "edit_image", "use_candidate", "edit_multitrack"}
    assert TOOLS.cost("generate_image", {"count": 3}, config) == 30
    assert TOOLS.cost("generate_image", {"count": 99}, config) == 90  # nine at most
    assert TOOLS.cost("use_candidate", {"index": 2}, config) == 0
    assert TOOLS.cost("edit_image", {}, config) == 10
    assert TOOLS.cost("edit_multitrack", {"operations": []}, config) == 2
    assert TOOLS.cost("no_such_tool", {}, config) == 0
    assert [name for name, tool in TOOLS.items() if tool.long_running] == [
        "generate_image",
        "edit_image",
    ]
    label = TOOLS["generate_image"].label
    assert label.text({"count": 1}, "en") == "Generating photo…"
    assert label.text({"count": 3}, "zh") == "正在生成 3 张照片…"
    assert label.text({}, "fr") == "Generating photo…"  # English for other languages


def test_the_agent_takes_labels_and_flags_from_the_registry():
    (_, step) = plan_turn("generate 2 photos of a red mug", AgentContext())
    assert isinstance(step, ToolStep) and step.name == "generate_image"
    tool = TOOLS["generate_image"]
    assert step.long_running is tool.long_running
    assert step.label == tool.label.text(step.args, "en") == "Generating 2 photos…"


def test_a_registry_refuses_two_tools_with_one_name_and_words_refusals():
    tool = Tool("refuse", _refuse, Label({"en": "Refusing…"}))
    with pytest.raises(ValueError):
        ToolRegistry(tool, tool)
    answer = ToolRegistry(tool).run(None, "refuse", {})
    assert answer == {"status": "error", "message": "no can do"}


def _slow_generate(prompt, seed, aspect, progress=None, cancel=None):
    """Reports eight steps, as a diffusion engine does."""
    for step in range(1, 9):
        if progress is not None:
            progress(step / 8)
    return fake_generate(prompt, seed, aspect)


def _progress_events(frames):
    return [
        (f, part["functionResponse"])
        for f in frames
        if isinstance(f, dict) and f.get("partial") and "content" in f
        for part in f["content"]["parts"]
        if "functionResponse" in part
    ]


def test_tool_progress_streams_as_partial_function_responses(server, api_for):
    api = api_for(server(engines=fake_engines(generate=_slow_generate)).url)
    r = api.run_raw("photos2: two mugs")
    frames = parse_frames(r.text)
    progress = _progress_events(frames)
    call_id = next(
        p["functionCall"]["id"]
        for f in frames
        if isinstance(f, dict) and "content" in f
        for p in f["content"]["parts"]
        if "functionCall" in p
    )
    percents = [resp["response"]["progress"] for _, resp in progress]
    assert percents == [6, 12, 18, 25, 31, 37, 43, 50, 56, 62, 68, 75, 81, 87, 93, 100]
    assert all(resp["id"] == call_id and resp["name"] == "generate_image" for _, resp in progress)
    assert {resp["response"]["message"] for _, resp in progress} == {"1/2", "2/2"}
    assert all(f["content"]["role"] == "user" and "actions" in f for f, _ in progress)
    result_at = next(
        i
        for i, f in enumerate(frames)
        if isinstance(f, dict)
        and not f.get("partial")
        and any("functionResponse" in p for p in f.get("content", {}).get("parts", []))
    )
    assert frames.index(progress[-1][0]) < result_at, "progress comes before the result"
    # the client acts on the final response only: progress adds no tool result
    items = [item for block in r.text.split("\n\n") if block for item in classify(block[6:])]
    results = [i for i in items if isinstance(i, ToolResultItem)]
    assert len(results) == 1 and results[0].response["status"] == "success"


def test_between_images_progress_without_an_engine_that_reports(server, api_for):
    api = api_for(server(engines=Engines(generate=fake_generate)).url)
    progress = _progress_events(api.run("photos2: two mugs"))
    assert [resp["response"] for _, resp in progress] == [
        {"status": "running", "progress": 50, "message": "1/2"}
    ]


def test_the_simple_shape_leaves_progress_out(server, api_for):
    api = api_for(server(sse_shape="simple", engines=fake_engines(generate=_slow_generate)).url)
    kinds = [f["type"] for f in api.run("photos2: two mugs") if f["type"] != "heartbeat"]
    assert kinds == ["tool_call", "tool_result", "text"]
