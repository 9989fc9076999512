"""Render a grid of sample studio-engine photos with captions.

Run: ``.venv/bin/python bench/contact_sheet.py [out.png]``
(default ``screenshots/engine/contact_sheet.png``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from photogen.engine.studio import generate

PROMPTS = (
    ("a realistic photo of a product on a white background", 2),
    ("red mug on a wooden table", 1),
    ("perfume bottle on marble, bokeh", 3),
    ("running shoes on a blue background", 1),
    ("a wrist watch on a white background", 4),
    ("a can of soda on a pink background", 2),
    ("mountains at sunset", 1),
    ("a lake at golden hour", 1),
    ("city skyline at night, cinematic", 2),
    ("beach at sunset, film", 1),
    ("desert dunes, vivid", 3),
    ("forest in the fog, moody", 1),
    ("黑白 山 湖", 2),  # "black-and-white mountain lake"
    ("gift box on marble", 1),
    ("a dragon", 1),
    ("phone, pastel, on a wooden table", 1),
    ("lipstick on a pink backdrop", 1),
    ("a pair of headphones on a desk", 1),
    ("a leather handbag on marble", 1),
    ("a red sneaker on a blue backdrop", 1),
    ("three perfume bottles at sunset", 2),
    ("close-up of a jar on a green backdrop", 1),
    ("black headphones on a yellow backdrop", 3),
    ("a golden retriever on a beach", 1),
)
TILE, CAPTION, COLUMNS = 360, 34, 4


def main(out: Path) -> None:
    """Render every prompt and save the captioned grid to ``out``."""
    rows = (len(PROMPTS) + COLUMNS - 1) // COLUMNS
    sheet = Image.new("RGB", (TILE * COLUMNS, (TILE + CAPTION) * rows), (24, 24, 26))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=15)
    for index, (prompt, seed) in enumerate(PROMPTS):
        result = generate(prompt, seed=seed)
        x, y = (index % COLUMNS) * TILE, (index // COLUMNS) * (TILE + CAPTION)
        sheet.paste(result.image.resize((TILE, TILE), Image.Resampling.LANCZOS), (x, y))
        caption = (
            prompt if prompt.isascii() else f"(zh) {result.spec.setting}, {result.spec.style[0]}"
        )
        caption = caption if len(caption) < 44 else caption[:41] + "..."
        draw.text(
            (x + 8, y + TILE + 8), f"{caption}  (seed {seed})", fill=(230, 230, 230), font=font
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("screenshots/engine/contact_sheet.png"))
