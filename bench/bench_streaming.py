"""Streaming 5,000 text chunks into the chat: screen updates per second and memory growth.

The app runs headless (Textual's ``run_test``) at 120x40 on a scripted workspace that
sends one long reply as 5,000 provisional chunks in network-like bursts. A frame is one
redraw of the reply bubble. Targets: >= 30 updates/s while streaming, < 50 MB growth.

    .venv/bin/python bench/bench_streaming.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ui.fakes import FakeWorkspace, make_photo  # noqa: E402

from photogen.core import updates as up  # noqa: E402
from photogen.core.settings import Settings  # noqa: E402
from photogen.ui.app import PhotogenApp  # noqa: E402
from photogen.ui.images.detect import Detection  # noqa: E402
from photogen.ui.widgets.chat import AssistantBubble  # noqa: E402

CHUNKS = 5_000


class StreamingWorkspace(FakeWorkspace):
    """One long reply in 5,000 provisional pieces."""

    async def send(self, text: str) -> AsyncIterator[Any]:
        reply = ""
        for n in range(CHUNKS):
            reply += f"word{n} "
            yield up.AssistantText(reply, provisional=True)
            if n % 25 == 0:
                await asyncio.sleep(0.002)
        yield up.AssistantText(reply, provisional=False)
        yield up.TurnFinished(ok=True)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


async def one_round(tmp: Path) -> tuple[float, int, float]:
    """Frames per second, frames drawn, and peak-memory growth in MB for one stream."""
    settings = Settings(download_dir=tmp / "out", data_dir=tmp / "data")
    workspace = StreamingWorkspace(make_photo(tmp / "photo.png"), settings=settings)

    async def opened(*_a: Any, **_k: Any) -> StreamingWorkspace:
        return workspace

    app = PhotogenApp(
        settings,
        workspace_factory=opened,
        detection=Detection("halfblock", False, "bench"),
        animate_spinners=False,
    )
    frames: list[float] = []
    original = AssistantBubble.render_lines

    def counting(self: AssistantBubble, crop: Any) -> Any:
        frames.append(time.perf_counter())
        return original(self, crop)

    AssistantBubble.render_lines = counting  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            before = _peak_rss()
            await pilot.press(*"go", "enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            grown = (_peak_rss() - before) / 2**20
    finally:
        AssistantBubble.render_lines = original  # type: ignore[method-assign]
    rate = (len(frames) - 1) / (frames[-1] - frames[0])
    return rate, len(frames), grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(asyncio.run(one_round(Path(tmp))))
    rate = statistics.median(r[0] for r in rows)
    print(f"chunks streamed:        {CHUNKS}")
    print(f"screen updates/s:       {rate:.0f} (median of {args.rounds}; target >= 30)")
    print(f"frames drawn per round: {statistics.median(r[1] for r in rows):.0f}")
    print(f"peak memory growth:     {max(r[2] for r in rows):.1f} MB (target < 50)")


if __name__ == "__main__":
    main()
