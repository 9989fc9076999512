"""Time to first paint and peak memory of photogen-tui against a bare Textual app.

Each app runs in a real pseudo-terminal (120x40). "First paint" is the moment the
screen shows the app's footer text. Memory is the process's peak resident set
(VmHWM) read the moment the first paint is seen ("at paint"), and again a little
later ("settled": photogen-tui then loads the client stack and starts its server).
Rounds alternate between the apps (this host's core count swings), medians are printed.
The apps run with their bytecode, as an installed app does: ``PYTHONDONTWRITEBYTECODE``
is dropped and one warm-up round (not counted) writes it.

    .venv/bin/python bench/bench_tui.py [--rounds 7] [--extra NAME=CMD ...]

``--extra NAME=COMMAND`` adds another Textual app to compare (its footer must show "Quit"),
e.g. ``--extra harlequin=/tmp/cmp-harlequin/bin/harlequin`` after installing it in its own venv.
An app that exits before painting (a crash) is reported as such.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shlex
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def _set_size(fd: int, rows: int = 40, cols: int = 120) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def first_paint(
    cmd: list[str], marker: bytes, env: dict[str, str], timeout: float = 30.0
) -> tuple[float, float, float]:
    """Start ``cmd`` in a pty: seconds until ``marker`` is drawn, peak RSS (MiB) then and later."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(cmd[0], cmd, env)
    _set_size(fd)
    start = time.perf_counter()
    seen = b""
    elapsed = at_paint = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen += chunk
            if marker in seen:
                elapsed = time.perf_counter() - start
                at_paint = _peak_rss_mb(pid)
                break
        time.sleep(0.3)  # what the process grows to right after its first frame
        settled = _peak_rss_mb(pid)
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed, at_paint, settled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--extra", action="append", default=[], help="NAME=COMMAND")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="photogen-bench-")
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_DATA_HOME": f"{home}/data",
        "XDG_CACHE_HOME": f"{home}/cache",
        "HOME": home,
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiling every module each start is no user's
    apps: dict[str, tuple[list[str], bytes]] = {
        "bare textual": ([PYTHON, str(HERE / "bare_textual_app.py")], b"Quit"),
        "photogen-tui": ([PYTHON, "-m", "photogen.cli"], b"Quit"),
    }
    for extra in args.extra:
        name, _, command = extra.partition("=")
        apps[name] = (shlex.split(command), b"Quit")
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in apps}
    for cmd, marker in apps.values():  # warm-up: writes the bytecode
        first_paint(cmd, marker, env)
    for _ in range(args.rounds):
        for name, (cmd, marker) in apps.items():
            results[name].append(first_paint(cmd, marker, env))
    header = f"{'app':<16} {'first paint (s)':>16} {'RSS at paint (MiB)':>19} {'settled (MiB)':>14}"
    print(header)
    for name, rows in results.items():
        painted = [r for r in rows if r[0] == r[0]]  # NaN: it never painted
        if not painted:
            print(f"{name:<16} {'never painted':>16} {'-':>19} {'-':>14}")
            continue
        paint, at_paint, settled = (statistics.median(r[i] for r in painted) for i in range(3))
        print(f"{name:<16} {paint:>16.3f} {at_paint:>19.1f} {settled:>14.1f}")
    base = statistics.median(r[0] for r in results["bare textual"])
    ours = statistics.median(r[0] for r in results["photogen-tui"])
    rss = statistics.median(r[1] for r in results["photogen-tui"])
    print(f"ratio photogen-tui / bare textual: {ours / base:.2f} (target <= 1.30)")
    for name, rows in results.items():
        if name != "bare textual":  # each round's pair ran back to back: steadier on a busy host
            paired = [r[0] / b[0] for r, b in zip(rows, results["bare textual"], strict=True)]
            print(f"  {name}: median of the per-round ratios {statistics.median(paired):.2f}")
    print(f"photogen-tui peak RSS at first paint: {rss:.1f} MiB (target <= 50)")


if __name__ == "__main__":
    main()
