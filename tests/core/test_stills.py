"""Still conversion keeps text metadata and never overwrites an existing file."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from photogen.core.paths import reserve_path
from photogen.stills import convert_still


def _source(tmp_path: Path) -> Path:
    info = PngInfo()
    info.add_text("prompt", "a red mug")
    src = tmp_path / "src.png"
    Image.new("RGBA", (16, 12), (200, 10, 10, 128)).save(src, pnginfo=info)
    return src


def test_png_to_png_keeps_bytes_and_jpg_webp_keep_prompt(tmp_path: Path) -> None:
    src = _source(tmp_path)
    png = convert_still(src, reserve_path(tmp_path / "out", "a.png"), "png")
    assert png.read_bytes() == src.read_bytes()
    jpg = convert_still(src, reserve_path(tmp_path / "out", "a.jpg"), "jpg", quality=80)
    with Image.open(jpg) as im:
        assert im.format == "JPEG" and im.size == (16, 12)
        assert im.getexif()[0x010E] == "a red mug"
    webp = convert_still(src, reserve_path(tmp_path / "out", "a.webp"), "webp")
    with Image.open(webp) as im:
        assert im.format == "WEBP"
        assert im.getexif()[0x010E] == "a red mug"


def test_jpg_to_png_reembeds_text(tmp_path: Path) -> None:
    src = _source(tmp_path)
    jpg = convert_still(src, tmp_path / "x.jpg", "jpg")
    png = convert_still(jpg, tmp_path / "x.png", "png")
    with Image.open(png) as im:
        assert im.format == "PNG"


def test_reserve_never_overwrites(tmp_path: Path) -> None:
    first = reserve_path(tmp_path, "shot.png")
    first.write_bytes(b"keep")
    second = reserve_path(tmp_path, "shot.png")
    third = reserve_path(tmp_path, "shot.png")
    assert [first.name, second.name, third.name] == ["shot.png", "shot (2).png", "shot (3).png"]
    assert first.read_bytes() == b"keep"
