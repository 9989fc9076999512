"""A long tool's progress (partial function responses) becomes its row's percent and ETA."""

from __future__ import annotations

from typing import Any

from photogen.client.stream import ToolCallItem, ToolProgressItem, ToolResultItem, classify
from photogen.core.updates import ToolStatus

from .fakes import FakeClient, make_state
from .test_turns_unit import Clock, collect, controller


async def test_progress_shows_percent_then_an_eta_once_the_job_has_run_a_while() -> None:
    clock = Clock()

    async def script() -> Any:
        yield ToolCallItem("c1", "generate_image", {}, "Generating 4 photos…", True)
        clock.now += 1
        yield ToolProgressItem("c1", "generate_image", 0.1)
        clock.now += 9
        yield ToolProgressItem("c1", "generate_image", 0.5)
        yield ToolResultItem("c1", "generate_image", {"status": "success"})

    client = FakeClient(turns=[[]], states=[make_state(), make_state()])
    client.run_sse = lambda sid, text: script()  # type: ignore[method-assign]
    updates = await collect(controller(client, clock))
    rows = [u.label for u in updates if isinstance(u, ToolStatus) and u.running]
    assert rows == [
        "Generating 4 photos…",
        "Generating 4 photos… 10%",  # too early to tell
        "Generating 4 photos… 50% · about 10 s left",
    ]


def test_a_partial_function_response_with_progress_is_read_as_progress() -> None:
    event = (
        '{"partial": true, "content": {"role": "user", "parts": [{"functionResponse": '
        '{"id": "c1", "name": "generate_image", "response": {"status": "running", '
        '"progress": 25, "message": "1/4"}}}]}}'
    )
    assert classify(event) == [ToolProgressItem("c1", "generate_image", 0.25, "1/4")]
