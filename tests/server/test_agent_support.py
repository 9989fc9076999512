"""Contexts and helpers shared by the agent tests (this module holds no tests)."""

from __future__ import annotations

from typing import Any

from photogen.server.agent import AgentContext, Say, ToolStep, plan_turn
from photogen.wire import Draft, MediaInfo

PHOTO = MediaInfo(filename="mug.jpg", file_type="image", cdn_url="http://u/mug.jpg")
SONG = MediaInfo(filename="my song.mp3", file_type="audio", cdn_url="http://u/song.mp3")
DRAFT = Draft.model_validate(
    {
        "d": 9000,
        "t": [
            {"tt": 0, "sg": [{"d": 3000, "m": {"url": f"http://g/{i}.png"}} for i in range(3)]},
            {"tt": 1, "sg": [{"d": 9000, "m": {"name": "Lo-fi", "volume": 0.4}}]},
            {"tt": 7, "sg": [{"d": 3000, "m": {"text": "Hello"}}]},
        ],
    }
)

FRESH = AgentContext(
    language="en",
    has_generated=False,
    last_prompt=None,
    last_seed=None,
    uploads=(),
    draft=Draft(),
    canvas_ratio=None,
)
"""A new session: nothing made, nothing uploaded."""

BUSY = AgentContext(
    language="en",
    has_generated=True,
    last_prompt="a mug on marble",
    last_seed=4,
    uploads=(PHOTO, SONG),
    draft=DRAFT,
    canvas_ratio="4:5",
)
"""A session with a generated photo, an uploaded photo and song, and a full timeline."""

GENERATED_ONLY = AgentContext(
    language="en",
    has_generated=True,
    last_prompt="a mug on marble",
    last_seed=0,
    uploads=(),
    draft=DRAFT,
    canvas_ratio="1:1",
)
"""A session with generated photos on the timeline and no uploads."""


def tools(text: str, ctx: AgentContext) -> list[ToolStep]:
    """The tool steps of a plan."""
    return [item for item in plan_turn(text, ctx) if isinstance(item, ToolStep)]


def says(text: str, ctx: AgentContext) -> list[str]:
    """The texts of a plan."""
    return [item.text for item in plan_turn(text, ctx) if isinstance(item, Say)]


def only_tool(text: str, ctx: AgentContext) -> ToolStep:
    """The one tool step of a plan (fails the test when there is not exactly one)."""
    steps = tools(text, ctx)
    assert len(steps) == 1, (text, plan_turn(text, ctx))
    return steps[0]


def ops(text: str, ctx: AgentContext) -> list[dict[str, Any]]:
    """The ``edit_multitrack`` operations of a plan's one tool step."""
    step = only_tool(text, ctx)
    assert step.name == "edit_multitrack", step
    return step.args["operations"]
