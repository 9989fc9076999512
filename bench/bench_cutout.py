"""Cut-out benchmark: mean/min IoU over generated scenes and the time per image.

Run: ``python bench/bench_cutout.py [--count 48] [--size 1080]``. The scenes are the
same ones the IoU test draws (tests/engine/test_cutout_scenes.py), more of them and at
full size; the time covers ``cutout_mask`` alone (GrabCut on a 512-px copy, then edge
refinement at full size).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.engine.test_cutout_scenes import (  # noqa: E402
    BACKGROUND_KINDS,
    OBJECT_KINDS,
    make_scene,
)

from photogen.engine.edit import cutout_mask  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=48, help="number of scenes")
    parser.add_argument("--size", type=int, default=1080, help="scene side in pixels")
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args()
    by_background: dict[str, list[float]] = {kind: [] for kind in BACKGROUND_KINDS}
    scores, times = [], []
    for seed in range(args.first_seed, args.first_seed + args.count):
        image, truth = make_scene(seed, args.size)
        photo = Image.fromarray(image)
        start = time.perf_counter()
        alpha = cutout_mask(photo)
        times.append(time.perf_counter() - start)
        found = alpha >= 0.5
        iou = float((found & truth).sum() / max(1, (found | truth).sum()))
        scores.append(iou)
        background = BACKGROUND_KINDS[(seed // len(OBJECT_KINDS)) % len(BACKGROUND_KINDS)]
        by_background[background].append(iou)
    print(f"scenes: {args.count} at {args.size}x{args.size}")
    print(f"IoU: mean {np.mean(scores):.4f}  min {np.min(scores):.4f}")
    for kind, values in by_background.items():
        if values:
            print(f"  {kind:<9} mean {np.mean(values):.4f}  min {np.min(values):.4f}")
    print(f"time per image: median {statistics.median(times):.3f} s  max {max(times):.3f} s")


if __name__ == "__main__":
    main()
