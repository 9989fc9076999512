"""Time the studio engine on one core: median seconds per image per aspect, and peak RSS.

Run: ``.venv/bin/python bench/bench_studio.py [repeats]``
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import cv2  # noqa: E402

from photogen.engine.studio import generate  # noqa: E402

PROMPTS = (
    "a realistic photo of a product on a white background",
    "red mug on a wooden table",
    "perfume bottle on marble, bokeh",
    "mountains at sunset",
    "a lake at golden hour",
    "city skyline at night, cinematic",
    "beach at sunset, film grain",
    "forest in the fog, moody",
)


def main(repeats: int = 2) -> None:
    """Print the median time per image for 1:1, 9:16 and 16:9, then peak memory."""
    cv2.setNumThreads(1)
    generate("warm up", seed=0)
    for aspect in ("1:1", "9:16", "16:9"):
        times = []
        for seed in range(repeats):
            for prompt in PROMPTS:
                start = time.perf_counter()
                generate(prompt, seed=seed, aspect=aspect)
                times.append(time.perf_counter() - start)
        print(
            f"{aspect:>5}: median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s over {len(times)} images (1 thread)"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
