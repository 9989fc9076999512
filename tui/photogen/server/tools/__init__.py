"""The agent's tools, executed for real: images made, edits applied, state changed.

:data:`TOOLS` is the one place a tool is declared: its name, the function that
runs it, its status label in each reply language, its cost from the call's
arguments and whether it is long-running. The agent takes labels and the
long-running flag from here, the turn takes costs, and the job runner runs
``Tool.run``. Adding a tool is one entry here (and its ``run`` function)::

    Tool(
        "make_grid",
        grid.make_grid,  # (ToolContext, args) -> function response; may tc.report(0.5)
        Label({"en": "Making a grid…", "zh": "正在生成网格…"}),
        cost=images.per_image,
        long_running=True,
    )
"""

from __future__ import annotations

from photogen.server.tools import grid, images, timeline
from photogen.server.tools.registry import (
    Json,
    Label,
    Tool,
    ToolContext,
    ToolError,
    ToolRegistry,
    image_count,
)

TOOLS = ToolRegistry(
    Tool(
        "generate_image",
        images.generate_image,
        Label(
            one={"en": "Generating photo…", "zh": "正在生成照片…"},
            many={"en": "Generating {count} photos…", "zh": "正在生成 {count} 张照片…"},
        ),
        cost=images.per_image,
        long_running=True,
    ),
    Tool(
        "edit_image",
        images.edit_image,
        Label({"en": "Editing your photo…", "zh": "正在编辑照片…"}),
        cost=images.one_image,
        long_running=True,
    ),
    Tool(
        "use_candidate",
        grid.use_candidate,
        Label({"en": "Putting it on the timeline…", "zh": "正在放到时间线上…"}),
    ),
    Tool(
        "edit_multitrack",
        timeline.edit_multitrack,
        Label({"en": "Editing timeline…", "zh": "正在编辑时间线…"}),
        cost=timeline.per_edit,
    ),
)
"""Every tool the embedded agent can call."""

__all__ = [
    "TOOLS",
    "Json",
    "Label",
    "Tool",
    "ToolContext",
    "ToolError",
    "ToolRegistry",
    "image_count",
]
