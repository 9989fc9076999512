"""Seconds to make one photo end to end, offline.

Cold: ``photogen-tui generate "<prompt>" --export png --out shot.png`` as a new process
with an empty home (embedded server start, token, session, the turn, the PNG export).
Warm: one chat turn that makes a 1080x1080 photo, in a workspace that is already open
(what a user waits for in the app after the first prompt).

    .venv/bin/python bench/bench_generate.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROMPT = "a realistic photo of a product on a white background"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEMO_")}
    return {
        **env,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "c"),
        "XDG_DATA_HOME": str(home / "d"),
        "XDG_CACHE_HOME": str(home / "k"),
    }


def cold_once() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "photogen.cli",
                "generate",
                PROMPT,
                "--export",
                "png",
                "--out",
                str(home / "shot.png"),
            ],
            env=_env(home),
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


async def warm_rounds(rounds: int) -> list[float]:
    from photogen.core.settings import Settings
    from photogen.core.updates import TurnFinished
    from photogen.core.workspace import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.update(_env(root))
        settings = Settings(download_dir=root / "out", data_dir=root / "data")
        ws = await Workspace.open(settings, new=True)
        times = []
        try:
            for n in range(rounds + 1):
                started = time.perf_counter()
                async for update in ws.send(f"{PROMPT}, seed {n}" if n else PROMPT):
                    if isinstance(update, TurnFinished):
                        break
                times.append(time.perf_counter() - started)
        finally:
            await ws.close()
        return times[1:]  # the first turn warms imports in the server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cold = [cold_once() for _ in range(args.rounds)]
    warm = asyncio.run(warm_rounds(args.rounds))
    print(
        f"cold generate + PNG export (new process, server start): "
        f"median {statistics.median(cold):.2f} s  {[round(t, 2) for t in cold]}"
    )
    print(
        f"warm photo turn in an open workspace:                    "
        f"median {statistics.median(warm):.2f} s  {[round(t, 2) for t in warm]}"
    )


if __name__ == "__main__":
    main()
