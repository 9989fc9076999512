"""Cut-out on real photographs: IoU per category, honesty, seconds per 1080-px photo.

Run: ``python bench/bench_cutout_real.py [--generated 12] [--sheet screenshots/cutouts]``.

The set is tests/data/real_photos (see bench/real_photos/make_set.py): composites of
real photographed surfaces and backgrounds with an exact mask (IoU per background, and
for subjects touching the frame's edge), and real photographs without a mask (the
engine's own score: does it say when it is unsure?). The generated scenes of
bench_cutout.py are measured the same way, to compare. Times are for ``cutout`` on
the photo scaled to 1080 px on its long side.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engine.test_cutout_scenes import make_scene  # noqa: E402

from photogen.engine.edit.cutout import cutout  # noqa: E402

SET = ROOT / "tests" / "data" / "real_photos"


def iou(found: np.ndarray, truth: np.ndarray) -> float:
    return float((found & truth).sum() / max(1, (found | truth).sum()))


def composites() -> list[tuple[str, Image.Image, np.ndarray]]:
    """(category, photo, mask) of each composite; the category is its background."""
    found = []
    for path in sorted(SET.glob("comp-*.jpg")):
        truth = np.asarray(Image.open(path.with_name(path.stem + "-mask.png")).convert("L")) > 127
        category = "edge" if path.stem.startswith("comp-edge") else path.stem.rsplit("-", 1)[-1]
        found.append((category, Image.open(path).convert("RGB"), truth))
    return found


def photos() -> list[tuple[str, Image.Image]]:
    return [(p.stem[6:], Image.open(p).convert("RGB")) for p in sorted(SET.glob("photo-*.jpg"))]


def at_1080(image: Image.Image) -> Image.Image:
    scale = 1080 / max(image.size)
    return image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)


def timed(image: Image.Image) -> tuple[float, object]:
    start = time.perf_counter()
    result = cutout(image)
    return time.perf_counter() - start, result


def overlay(image: Image.Image, alpha: np.ndarray) -> np.ndarray:
    rgb = np.asarray(image).astype(np.float32)
    a = alpha[..., None]
    shown = rgb * a + (0.35 * rgb + 0.65 * np.array([255, 0, 255])) * (1 - a)
    return np.hstack([np.asarray(image), shown.astype(np.uint8)])


def report_composites(rows: list, sheet: list) -> None:
    by_category: dict[str, list[float]] = defaultdict(list)
    for category, image, truth in composites():
        result = cutout(image)
        by_category[category].append(iou(result.alpha >= 0.5, truth))
        sheet.append(overlay(image, result.alpha))
        rows.append((category, result))
    every = [v for values in by_category.values() for v in values]
    print(f"composites (real surfaces and backgrounds, exact masks): {len(every)}")
    print(f"  all: mean IoU {statistics.mean(every):.3f}, worst {min(every):.3f}")
    for category, values in sorted(by_category.items()):
        mean, worst = statistics.mean(values), min(values)
        print(f"  {category:8s} n={len(values)} mean {mean:.3f} worst {worst:.3f}")


def report_photos(sheet: list) -> list[float]:
    times = []
    print("real photographs (no mask; the engine's own score):")
    for name, image in photos():
        seconds, result = timed(at_1080(image))
        times.append(seconds)
        score = result.score
        verdict = "sure" if score.sure else "UNSURE: " + "; ".join(score.doubts())
        print(f"  {name:10s} confidence {score.confidence:.2f} via {result.method:12s} {verdict}")
        sheet.append(overlay(image, cutout(image).alpha))
    return times


def report_generated(count: int) -> None:
    scores, times, sure = [], [], 0
    for seed in range(1000, 1000 + count):
        image, truth = make_scene(seed, 512)
        result = cutout(Image.fromarray(image))
        scores.append(iou(result.alpha >= 0.5, truth))
        sure += result.score.sure
        big, _ = make_scene(seed, 1080) if seed < 1003 else (None, None)
        if big is not None:
            times.append(timed(Image.fromarray(big))[0])
    mean, worst = statistics.mean(scores), min(scores)
    print(f"generated scenes: {count}, mean IoU {mean:.3f}, worst {worst:.3f}, sure {sure}/{count}")
    print(f"  {statistics.mean(times):.2f} s per 1080-px scene")


def save_sheet(tiles: list[np.ndarray], folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    width = max(t.shape[1] for t in tiles)
    rows = [
        np.pad(t, ((0, 6), (0, width - t.shape[1]), (0, 0)), constant_values=255) for t in tiles
    ]
    Image.fromarray(np.vstack(rows)).save(folder / name, quality=85)
    print(f"saved {folder / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=12, help="generated scenes to compare")
    parser.add_argument("--sheet", type=Path, help="folder for before/after pictures")
    args = parser.parse_args()
    comp_tiles: list[np.ndarray] = []
    photo_tiles: list[np.ndarray] = []
    report_composites([], comp_tiles)
    times = report_photos(photo_tiles)
    print(f"  {statistics.mean(times):.2f} s per 1080-px photo (worst {max(times):.2f} s)")
    report_generated(args.generated)
    if args.sheet:
        save_sheet(photo_tiles, args.sheet, "real-photos-before-after.jpg")
        save_sheet(comp_tiles, args.sheet, "composites-before-after.jpg")


if __name__ == "__main__":
    main()
