"""Bench: the whole render of a 10-s 1080p clip against libx264 encoding alone.

Both are measured in one run, in alternating rounds (this host's core count swings),
each round in a fresh child process so that caches and peak memory are per-render:

- floor: the same number of pre-rendered 1080p frames (composed in memory first, not
  timed), encoded with libx264 at the same preset, CRF and thread settings;
- full: ``render_mp4`` end to end (decode 3 stills, Ken Burns motion, 2 crossfades, a
  title, the built-in lo-fi bed synthesised and AAC-encoded, faststart MP4).

Usage: ``python bench/bench_render.py [--rounds 5] [--preset veryfast]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from photogen.engine.render import MusicClip, RenderSpec, StillClip, TitleClip, render_mp4

DURATION_S = 10.0
STILLS = 3


def make_stills(folder: Path) -> list[str]:
    """Photo-like 3000x2000 stills: soft shapes over a gradient, with film grain."""
    paths = []
    for i in range(STILLS):
        rng = np.random.default_rng(100 + i)
        h, w = 2000, 3000
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        img = np.dstack([40 + 150 * x / w, 60 + 120 * y / h, 200 - 120 * x / w])
        for _ in range(40):
            c = tuple(int(v) for v in rng.integers(0, 255, 3))
            centre = (int(rng.integers(0, w)), int(rng.integers(0, h)))
            cv2.circle(img, centre, int(rng.integers(40, 400)), c, -1)
        img = cv2.GaussianBlur(img, (0, 0), 6) + rng.normal(0, 4, (h, w, 3))
        path = folder / f"still{i}.jpg"
        cv2.imwrite(
            str(path), np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 92]
        )
        paths.append(str(path))
    return paths


def make_spec(paths: list[str], preset: str) -> RenderSpec:
    xf = 0.5
    each = (DURATION_S + xf * (STILLS - 1)) / STILLS
    return RenderSpec(
        1920,
        1080,
        stills=tuple(StillClip(p, each) for p in paths),
        titles=(TitleClip("A weekend by the sea", 1.0, 4.0),),
        music=(MusicClip("builtin:lofi", volume=0.8),),
        crossfade_s=xf,
        preset=preset,
    )


def child_full(folder: Path, paths: list[str], preset: str) -> dict[str, float]:
    spec = make_spec(paths, preset)
    cpu, start = cpu_seconds(), time.perf_counter()
    result = render_mp4(spec, folder / "full.mp4")
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "frames": result.frames,
    }


def child_floor(folder: Path, paths: list[str], preset: str) -> dict[str, float]:
    import av

    from photogen.engine.render.encode import _video_stream, frame_planes
    from photogen.engine.render.frames import Composer

    spec = make_spec(paths, preset)
    composer = Composer(spec, (1920, 1080))
    frames = []
    for n in range(composer.frames):
        frame = av.VideoFrame(1920, 1080, "yuv420p")
        composer.compose(n, frame_planes(frame))
        frames.append(frame)
    cpu, start = cpu_seconds(), time.perf_counter()
    with av.open(
        str(folder / "floor.mp4"), "w", format="mp4", options={"movflags": "+faststart"}
    ) as container:
        stream = _video_stream(container, spec, (1920, 1080))
        for n, frame in enumerate(frames):
            frame.pts = n
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "frames": len(frames),
    }


def cpu_seconds() -> float:
    """CPU time of this process, all threads, user + system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_child(kind: str, folder: Path, preset: str) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", kind, "--dir", str(folder), "--preset", preset]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--preset", default="veryfast")
    parser.add_argument("--child", choices=("floor", "full"))
    parser.add_argument("--dir")
    args = parser.parse_args()
    if args.child:
        folder = Path(args.dir)
        paths = sorted(str(p) for p in folder.glob("still*.jpg"))
        fn = child_full if args.child == "full" else child_floor
        figures = fn(folder, paths, args.preset)
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        folder = Path(tmp)
        make_stills(folder)
        times: dict[str, list[float]] = {"floor": [], "full": []}
        cpus: dict[str, list[float]] = {"floor": [], "full": []}
        rss: dict[str, float] = {"floor": 0.0, "full": 0.0}
        for r in range(args.rounds):
            order = ("floor", "full") if r % 2 == 0 else ("full", "floor")
            for kind in order:
                fig = run_child(kind, folder, args.preset)
                times[kind].append(fig["seconds"])
                cpus[kind].append(fig["cpu"])
                rss[kind] = max(rss[kind], fig["peak_rss_mb"])
            print(
                f"round {r + 1}: floor {times['floor'][-1]:.2f} s, full {times['full'][-1]:.2f} s",
                flush=True,
            )
    floor, full = statistics.median(times["floor"]), statistics.median(times["full"])
    print(
        f"preset {args.preset}, 1920x1080, {DURATION_S:.0f} s at 30 fps, "
        f"{args.rounds} alternating rounds (medians)"
    )
    print(f"floor (libx264 on pre-rendered frames): {floor:.2f} s")
    print(f"full render (stills, motion, crossfades, title, music): {full:.2f} s")
    print(f"ratio full/floor: {full / floor:.3f}")
    cpu_floor, cpu_full = statistics.median(cpus["floor"]), statistics.median(cpus["full"])
    print(
        f"CPU seconds (all threads; independent of other load on the host): floor "
        f"{cpu_floor:.2f}, full {cpu_full:.2f}, ratio {cpu_full / cpu_floor:.3f}"
    )
    print(f"load average after the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"peak RSS: full render {rss['full']:.0f} MB "
        f"(floor process, holding every frame in memory: {rss['floor']:.0f} MB)"
    )


if __name__ == "__main__":
    main()
