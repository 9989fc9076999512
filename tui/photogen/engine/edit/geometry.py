"""Frame geometry: aspect ratios, centre crops, padding and platform sizes."""

from __future__ import annotations

from PIL import Image, ImageOps

ASPECTS: dict[str, tuple[int, int]] = {
    "1:1": (1, 1),
    "4:5": (4, 5),
    "9:16": (9, 16),
    "16:9": (16, 9),
}
"""Named aspect ratios, width:height."""

PLATFORMS: dict[str, tuple[int, int]] = {
    "instagram": (1080, 1080),
    "instagram_portrait": (1080, 1350),
    "story": (1080, 1920),
    "tiktok": (1080, 1920),
    "reels": (1080, 1920),
    "youtube": (1920, 1080),
}
"""Final pixel size for each platform, width x height."""


def parse_aspect(text: str) -> tuple[int, int]:
    """Reads "W:H" (also "WxH" or "W/H") as a ratio; raises ValueError when unreadable."""
    cleaned = text.strip().lower().replace("x", ":").replace("/", ":").replace("：", ":")
    if cleaned in ASPECTS:
        return ASPECTS[cleaned]
    parts = cleaned.split(":")
    if len(parts) == 2 and all(part.strip().isdigit() for part in parts):
        width, height = (int(part) for part in parts)
        if width > 0 and height > 0:
            return width, height
    raise ValueError(f"unknown aspect ratio {text!r}; use one of {', '.join(ASPECTS)}")


def platform_size(name: str) -> tuple[int, int]:
    """Pixel size for a platform name; raises ValueError listing the known ones."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in PLATFORMS:
        raise ValueError(f"unknown platform {name!r}; use one of {', '.join(PLATFORMS)}")
    return PLATFORMS[key]


def canvas_size(size: tuple[int, int], ratio: tuple[int, int]) -> tuple[int, int]:
    """The smallest canvas of the given ratio that contains ``size`` (for padding)."""
    width, height = size
    ratio_w, ratio_h = ratio
    if width * ratio_h >= height * ratio_w:
        return width, max(1, round(width * ratio_h / ratio_w))
    return max(1, round(height * ratio_w / ratio_h)), height


def centre_crop(image: Image.Image, ratio: tuple[int, int]) -> Image.Image:
    """The largest centred crop of ``image`` with the given ratio."""
    width, height = image.size
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:
        new_width = max(1, round(height * ratio_w / ratio_h))
        left = (width - new_width) // 2
        return image.crop((left, 0, left + new_width, height))
    new_height = max(1, round(width * ratio_h / ratio_w))
    top = (height - new_height) // 2
    return image.crop((0, top, width, top + new_height))


def fit_to_size(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Centre-crops to the size's ratio, then resizes to exactly ``size`` (Lanczos)."""
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
