"""How long a picture takes to encode, and how many bytes it sends, per protocol.

For the preview (56x23 cells), a chat thumbnail (24x8) and the full-screen viewer
(150x41), at 9x19-pixel cells, on a 1080x1080 photo made here (a gradient with
detail) or on a file given on the command line::

    .venv/bin/python bench/bench_pictures.py [photo.jpg]

Encoding runs in a worker thread in the app; the bytes are what the terminal
receives each time the picture's lines are painted (kitty: once, then a short
placement).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from photogen.ui.images.detect import Detection
from photogen.ui.images.encode import encode_picture

BOXES = {"thumbnail": (24, 8), "preview": (56, 23), "viewer": (150, 41)}
PROTOCOLS = ("sixel", "kitty", "iterm", "quadrant", "halfblock")
REPEATS = 3


def sample_photo(folder: Path) -> Path:
    """A 1080x1080 photo-like picture: smooth gradients and fine detail."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.radial_gradient("L").resize((1080, 1080)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, 1080, 24):
        draw.line((i, 0, 1080 - i, 1080), fill=(200, 80 + i % 150, 40), width=3)
    draw.ellipse((380, 380, 700, 700), fill=(255, 200, 20))
    path = folder / "sample.png"
    image.filter(ImageFilter.GaussianBlur(1)).save(path)
    return path


def measure(path: str, protocol: str, box: tuple[int, int]) -> tuple[float, int]:
    """Best-of-3 seconds and the bytes sent per paint."""
    detection = Detection(protocol, False, "bench", cell_px=(9, 19), cell_source="terminal")  # type: ignore[arg-type]
    best = float("inf")
    sent = 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        encoded = encode_picture(path, *box, detection)
        best = min(best, time.perf_counter() - started)
        text_cells = (
            sum(len(row) for row in encoded.quads) or encoded.grid.width * encoded.grid.height // 2
        )
        sent = len(encoded.payload) or text_cells * 40  # a text cell with two truecolor SGRs ~40 B
        if protocol == "kitty":
            sent = len(encoded.upload) + len(encoded.payload)
    return best, sent


def main() -> int:
    """Print one line per protocol and box."""
    with tempfile.TemporaryDirectory() as tmp:
        path = sys.argv[1] if len(sys.argv) > 1 else str(sample_photo(Path(tmp)))
        print(f"photo: {path}")
        print(f"{'protocol':<10} {'box':<10} {'cells':>8} {'encode ms':>10} {'bytes':>10}")
        for protocol in PROTOCOLS:
            for name, box in BOXES.items():
                seconds, sent = measure(path, protocol, box)
                print(
                    f"{protocol:<10} {name:<10} {box[0]:>4}x{box[1]:<3} "
                    f"{seconds * 1000:>10.0f} {sent:>10,}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
