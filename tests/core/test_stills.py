"""Still conversion keeps text metadata and never overwrites an existing file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from photogen.core.paths import reserve_path
from photogen.stills import convert_still, read_still_meta

META = {"prompt": "a red mug, café au lait", "seed": "7", "engine": "studio"}


def _source(tmp_path: Path) -> Path:
    info = PngInfo()
    for key, value in META.items():
        info.add_itxt(key, value)
    src = tmp_path / "src.png"
    Image.new("RGBA", (16, 12), (200, 10, 10, 128)).save(src, pnginfo=info)
    return src


def _exif_mapping(path: Path) -> dict[str, str]:
    with Image.open(path) as im:
        comment = im.getexif().get_ifd(0x8769)[0x9286]
    return json.loads(comment[8:].decode("ascii"))


def test_png_to_png_keeps_bytes_and_jpg_webp_keep_prompt(tmp_path: Path) -> None:
    src = _source(tmp_path)
    png = convert_still(src, reserve_path(tmp_path / "out", "a.png"), "png")
    assert png.read_bytes() == src.read_bytes()
    jpg = convert_still(src, reserve_path(tmp_path / "out", "a.jpg"), "jpg", quality=80)
    with Image.open(jpg) as im:
        assert im.format == "JPEG" and im.size == (16, 12)
    assert _exif_mapping(jpg) == META
    webp = convert_still(src, reserve_path(tmp_path / "out", "a.webp"), "webp")
    with Image.open(webp) as im:
        assert im.format == "WEBP"
    assert _exif_mapping(webp) == META


@pytest.mark.parametrize("middle", ["jpg", "webp"])
def test_jpg_to_png_reembeds_text(tmp_path: Path, middle: str) -> None:
    src = _source(tmp_path)
    lossy = convert_still(src, tmp_path / f"x.{middle}", middle)
    png = convert_still(lossy, tmp_path / "x.png", "png")
    with Image.open(png) as im:
        assert im.format == "PNG"
        assert dict(im.text) == META  # every key and value, non-ASCII too
    assert read_still_meta(lossy) == META  # the engine's reader agrees on the EXIF form


def test_a_plain_exif_description_survives_as_text(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "holiday snap"
    camera = tmp_path / "camera.jpg"
    Image.new("RGB", (8, 8), (1, 2, 3)).save(camera, exif=exif.tobytes())
    png = convert_still(camera, tmp_path / "camera.png", "png")
    with Image.open(png) as im:
        assert dict(im.text) == {"Description": "holiday snap"}


def test_reserve_never_overwrites(tmp_path: Path) -> None:
    first = reserve_path(tmp_path, "shot.png")
    first.write_bytes(b"keep")
    second = reserve_path(tmp_path, "shot.png")
    third = reserve_path(tmp_path, "shot.png")
    assert [first.name, second.name, third.name] == ["shot.png", "shot (2).png", "shot (3).png"]
    assert first.read_bytes() == b"keep"
