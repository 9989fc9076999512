"""Streaming 5,000 chunks: every chunk lands, redraws are batched, memory stays flat.

The updates-per-second figure is measured by ``bench/bench_streaming.py``, not here.
"""

from __future__ import annotations

import resource
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

    async def send(self, text: str, selected: str | None = None) -> AsyncIterator[Any]:
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
async def test_5000_chunks_are_batched_and_memory_stays_flat(
    make_app: Callable[..., PhotogenApp], fake: FakeWorkspace
) -> None:
    workspace = StreamingWorkspace(fake.photo, settings=fake.settings)
    app = make_app(workspace_factory=lambda settings, **_: _opened(workspace))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        before = _rss()
        await pilot.press(*"go", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        grown = _rss() - before
        bubble = app.screen.query_one(AssistantBubble)
        assert str(bubble.content).startswith("word0 word1") and "word4999" in str(bubble.content)
    assert bubble.frames < CHUNKS / 10, "chunks must be batched, not drawn one by one"
    assert grown < 50 * 1024 * 1024


def _rss() -> int:
    """Peak resident memory of this process, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def _opened(workspace: FakeWorkspace) -> FakeWorkspace:
    return workspace
