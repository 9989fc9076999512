"""A grid of four candidates against one photo, prompt to thumbnails on screen.

The real app (headless, ``run_test``) on the real workspace starts the embedded server
as a child process (studio engine, candidates drawn side by side in worker processes).
One round sends a one-photo prompt ("one photo of …": its thumbnail decoded on screen)
and a grid prompt (four candidates, all four thumbnails decoded in the grid strip),
alternating which goes first; the clock runs from Enter to the last thumbnail on
screen. Medians are printed, and the grid's time as a multiple of one photo's
(target: at most 1.5x). While it runs, the event loop's longest stall is measured
(a 10 ms ticker), to show that decoding and drawing stay off it. Last, the server's
part alone: four candidates drawn and saved by the worker processes against the same
four one after another (the parallel speed-up the machine's free cores allow), and the
load average, since other work on the host takes cores away.

    .venv/bin/python bench/bench_grid.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (140, 45)


def isolate(root: Path) -> None:
    """HOME and the XDG dirs in ``root``; no NemoVideo settings."""
    for name in [key for key in os.environ if key.startswith("NEMO_")]:
        del os.environ[name]
    os.environ["HOME"] = str(root)
    for var, sub in (("CONFIG", "config"), ("DATA", "data"), ("CACHE", "cache")):
        os.environ[f"XDG_{var}_HOME"] = str(root / sub)


async def wait_until(pilot: Any, ready: Callable[[], bool], timeout: float = 120) -> None:
    """Let the app run until ``ready()``."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.005)


class Stalls:
    """The longest gap between ticks of a 10 ms timer on the app's event loop."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            self.worst = max(self.worst, now - last - 0.01)
            last = now

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


async def timed(pilot: Any, text: str, done: Callable[[], bool]) -> float:
    """Seconds from Enter to ``done()``."""
    prompt = pilot.app.screen.query_one("#prompt")
    prompt.focus()
    prompt.load_text(text)
    start = time.perf_counter()
    await pilot.press("enter")
    await wait_until(pilot, done)
    elapsed = time.perf_counter() - start
    await wait_until(pilot, lambda: not any(_settling(w) for w in pilot.app.workers))
    return elapsed


LASTING = ("server", "watch")
"""Worker groups that run for the app's life (the local server's watch)."""


def _settling(worker: Any) -> bool:
    """A worker of this run that is still busy (not one that lasts the app's life)."""
    return worker.is_running and not any(word in str(worker.group) for word in LASTING)


async def run(rounds: int, root: Path) -> tuple[list[float], list[float], float]:
    from photogen.core.settings import Settings
    from photogen.ui.app import PhotogenApp
    from photogen.ui.images.detect import Detection
    from photogen.ui.widgets.chat import PhotoThumb
    from photogen.ui.widgets.grid_strip import GridStrip

    settings = Settings(download_dir=root / "out", data_dir=root / "data", candidates=4)
    detection = Detection("halfblock", False, "bench")
    app = PhotogenApp(settings, detection=detection, animate_spinners=False)
    one: list[float] = []
    grid: list[float] = []
    stalls = Stalls()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app, "workspace", None) is not None)
        await pilot.pause(3.0)  # the server's worker processes start in the background

        def strips() -> list[Any]:
            return list(app.screen.query(GridStrip))

        def thumbs() -> list[Any]:
            return list(app.screen.query(PhotoThumb))

        async def one_photo(n: int) -> float:
            count = len(thumbs())
            return await timed(
                pilot,
                f"one photo of a red mug on a wooden table, take {n}",
                lambda: len(thumbs()) > count and thumbs()[-1].picture.encoded is not None,
            )

        async def four(n: int) -> float:
            count = len(strips())
            return await timed(
                pilot,
                f"a perfume bottle on marble, take {n}",
                lambda: (
                    len(strips()) > count
                    and all(strips()[-1].thumbs)
                    and len(strips()[-1].thumbs) == 4
                ),
            )

        await one_photo(0)  # warm-up: imports, first draws in each worker
        await four(0)
        stalls.start()
        for n in range(1, rounds + 1):
            if n % 2:
                one.append(await one_photo(n))
                grid.append(await four(n))
            else:
                grid.append(await four(n))
                one.append(await one_photo(n))
        stalls.stop()
        app.exit()
    return one, grid, stalls.worst


def pool_speedup(rounds: int, folder: Path) -> tuple[float, float]:
    """Medians: four candidates drawn and saved by the worker processes, and the same four
    drawn and saved one after another in this process (rounds alternate)."""
    import threading

    from photogen.server.engines import _real_generate
    from photogen.server.parallel import STUDIO_POOL, draw_many
    from photogen.stills import save_still

    STUDIO_POOL.pool().submit(os.getpid).result()
    time.sleep(2)  # every worker has started
    prompt, pooled, serial = "a perfume bottle on marble", [], []
    for n in range(rounds):
        seeds = [n * 10 + i for i in range(4)]
        paths = [str(folder / f"p{n}-{i}.png") for i in range(4)]
        start = time.perf_counter()
        draw_many(_real_generate, prompt, seeds, "1:1", lambda i, s: None, threading.Event(), paths)
        pooled.append(time.perf_counter() - start)
        start = time.perf_counter()
        for seed, path in zip(seeds, paths, strict=True):
            save_still(_real_generate(prompt, seed, "1:1").image, path, "png")
        serial.append(time.perf_counter() - start)
    STUDIO_POOL.shutdown()
    return statistics.median(pooled), statistics.median(serial)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grid-") as tmp:
        isolate(Path(tmp))
        one, grid, worst = asyncio.run(run(args.rounds, Path(tmp)))
        pooled, serial = pool_speedup(args.rounds, Path(tmp))
    one_median, grid_median = statistics.median(one), statistics.median(grid)
    print(f"cores: {os.cpu_count()}, rounds: {args.rounds}")
    print(f"one photo, prompt to its thumbnail:   median {one_median:.2f} s  {_all(one)}")
    print(f"grid of 4, prompt to four thumbnails: median {grid_median:.2f} s  {_all(grid)}")
    ratio = grid_median / one_median
    verdict = "meets" if ratio <= 1.5 else "misses"
    print(f"grid / one photo: {ratio:.2f}x ({verdict} the 1.5x target)")
    print(f"longest event-loop stall while they ran: {worst * 1000:.0f} ms")
    print(
        f"four candidates drawn and saved: {pooled:.2f} s in worker processes, "
        f"{serial:.2f} s one after another ({serial / pooled:.2f}x)"
    )
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    return 0


def _all(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:.2f}" for v in values) + "]"


if __name__ == "__main__":
    sys.exit(main())
