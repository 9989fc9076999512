"""Streaming 5,000 chunks keeps the screen updating and memory flat."""

from __future__ import annotations

import resource
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from photogen.core import updates as up
from photogen.ui.app import PhotogenApp
from photogen.ui.widgets.chat import AssistantBubble
from tests.ui.conftest import SIZE
from tests.ui.fakes import FakeWorkspace

CHUNKS = 5_000


class StreamingWorkspace(FakeWorkspace):
    """Sends one long reply in 5,000 provisional pieces."""

    async def send(self, text: str) -> AsyncIterator[Any]:
        import asyncio

        self.sent.append(text)
        reply = ""
        for n in range(CHUNKS):
            reply += f"word{n} "
            yield up.AssistantText(reply, provisional=True)
            if n % 25 == 0:
                await asyncio.sleep(0.002)  # the network's pace: chunks arrive in bursts
        yield up.AssistantText(reply, provisional=False)
        yield up.TurnFinished(ok=True)


@pytest.mark.slow
async def test_5000_chunks_stay_above_30_frames_per_second(
    make_app: Callable[..., PhotogenApp], fake: FakeWorkspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = StreamingWorkspace(fake.photo, settings=fake.settings)
    app = make_app(workspace_factory=lambda settings, **_: _opened(workspace))
    frames: list[float] = []
    original = AssistantBubble.render_lines

    def counting_render(self: AssistantBubble, crop: Any) -> Any:
        frames.append(time.perf_counter())
        return original(self, crop)

    monkeypatch.setattr(AssistantBubble, "render_lines", counting_render)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        before = _rss()
        started = time.perf_counter()
        await pilot.press(*"go", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        elapsed = time.perf_counter() - started
        grown = _rss() - before
        bubble = app.screen.query_one(AssistantBubble)
        assert str(bubble.content).startswith("word0 word1") and "word4999" in str(bubble.content)
    span = frames[-1] - frames[0]
    rate = (len(frames) - 1) / span
    assert bubble.frames < CHUNKS / 10, "chunks must be batched, not drawn one by one"
    print(
        f"{len(frames)} frames in {span:.2f}s = {rate:.0f}/s (turn {elapsed:.2f}s), "
        f"{bubble.frames} bubble updates, peak RSS +{grown >> 20} MB"
    )
    assert rate >= 30, f"{rate:.0f} frames/s over {span:.2f}s"
    assert grown < 50 * 1024 * 1024


def _rss() -> int:
    """Peak resident memory of this process, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def _opened(workspace: FakeWorkspace) -> FakeWorkspace:
    return workspace
