"""Stills: PNG, JPG and WEBP with embedded metadata that reads back, atomic writes, HEIC."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from photogen.stills import (
    FORMATS,
    convert_still,
    heic_to_jpeg,
    read_still_meta,
    save_still,
)

META = {
    "prompt": "一瓶香水放在白色背景上 ✨🧴 perfume on white, café",
    "seed": "1234567",
    "engine": "studio",
    "size": "1080x1080",
}


def _picture(mode: str = "RGB") -> Image.Image:
    ramp = np.linspace(0, 255, 96 * 64 * 3).reshape(64, 96, 3).astype(np.uint8)
    image = Image.fromarray(ramp)
    if mode == "RGBA":
        image.putalpha(Image.new("L", image.size, 128))
    return image


@pytest.mark.parametrize("fmt", FORMATS)
def test_metadata_round_trips_with_chinese_and_emoji(tmp_path: Path, fmt: str) -> None:
    path = save_still(_picture(), tmp_path / f"still.{fmt}", fmt, meta=META)
    assert path == str(tmp_path / f"still.{fmt}")
    assert read_still_meta(path) == META
    with Image.open(path) as image:
        assert image.size == (96, 64)
        assert image.format == {"png": "PNG", "jpg": "JPEG", "webp": "WEBP"}[fmt]


def test_png_uses_text_for_latin_and_itxt_otherwise(tmp_path: Path) -> None:
    path = save_still(_picture(), tmp_path / "a.png", "png", meta=META)
    raw = Path(path).read_bytes()
    assert b"tEXtseed" in raw and b"iTXtprompt" in raw


def test_jpeg_quality_changes_the_file_and_jpeg_alias(tmp_path: Path) -> None:
    noisy = Image.fromarray(np.random.default_rng(0).integers(0, 255, (128, 128, 3), np.uint8))
    low = save_still(noisy, tmp_path / "low.jpg", "jpeg", quality=40)
    high = save_still(noisy, tmp_path / "high.jpg", "jpg", quality=95)
    assert os.path.getsize(low) < os.path.getsize(high)
    assert read_still_meta(low) == {}


def test_transparent_image_goes_on_white_for_jpeg_and_keeps_alpha_elsewhere(
    tmp_path: Path,
) -> None:
    clear = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    with Image.open(save_still(clear, tmp_path / "c.jpg", "jpg")) as jpg:
        assert jpg.mode == "RGB" and min(jpg.getpixel((16, 16))) >= 250
    with Image.open(save_still(_picture("RGBA"), tmp_path / "c.png", "png")) as png:
        assert png.mode == "RGBA"
    with Image.open(save_still(_picture("RGBA"), tmp_path / "c.webp", "webp")) as webp:
        assert webp.mode == "RGBA"


def test_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="png, jpg, webp"):
        save_still(_picture(), tmp_path / "x.gif", "gif")
    assert not list(tmp_path.iterdir())


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "same.png"
    save_still(_picture(), target, "png", meta={"seed": "1"})
    save_still(_picture(), target, "png", meta={"seed": "2"})
    assert read_still_meta(target) == {"seed": "2"}
    assert [p.name for p in tmp_path.iterdir()] == ["same.png"]


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.png"
    save_still(_picture(), target, "png", meta={"seed": "1"})
    with pytest.raises((OSError, ValueError)):
        save_still(Image.new("RGB", (0, 0)), target, "png")
    assert read_still_meta(target) == {"seed": "1"}
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_convert_still_carries_metadata_across_formats(tmp_path: Path) -> None:
    source = save_still(_picture("RGBA"), tmp_path / "src.png", "png", meta=META)
    webp = convert_still(source, tmp_path / "out.webp", "webp")
    jpg = convert_still(webp, tmp_path / "out.jpg", "jpg", meta={"engine": "x"})
    assert read_still_meta(webp) == META
    assert read_still_meta(jpg) == {"engine": "x"}


def test_heic_to_jpeg(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    heif = pillow_heif.from_pillow(_picture())
    try:
        heif.save(str(tmp_path / "photo.heic"), quality=90)
    except (RuntimeError, ValueError, OSError) as error:
        pytest.skip(f"this libheif build cannot encode HEIC: {error}")
    out = heic_to_jpeg(tmp_path / "photo.heic", tmp_path / "photo.jpg")
    with Image.open(out) as image:
        assert image.format == "JPEG" and image.size == (96, 64)


def test_unreadable_heic_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "broken.heic"
    bogus.write_bytes(b"not an image at all")
    with pytest.raises(ValueError, match="cannot read"):
        heic_to_jpeg(bogus, tmp_path / "out.jpg")
    with pytest.raises(ValueError, match="no such image"):
        heic_to_jpeg(tmp_path / "missing.heic", tmp_path / "out.jpg")


def test_an_export_and_a_server_still_share_one_metadata_layout(tmp_path: Path) -> None:
    """A still converted for export reads back like one the server wrote."""
    server = save_still(_picture(), tmp_path / "made.jpg", "jpg", meta=META)
    exported = convert_still(
        save_still(_picture(), tmp_path / "made.png", "png", meta=META), tmp_path / "out.jpg", "jpg"
    )
    assert read_still_meta(exported) == read_still_meta(server) == META
    with Image.open(server) as a, Image.open(exported) as b:
        assert a.getexif()[0x010E] == b.getexif()[0x010E]  # the prompt, for photo apps
        assert a.getexif()[0x0131] == b.getexif()[0x0131] == "photogen-tui"


def test_a_still_already_in_the_format_is_copied_byte_for_byte(tmp_path: Path) -> None:
    source = Path(save_still(_picture(), tmp_path / "a.webp", "webp", meta=META))
    copy = convert_still(source, tmp_path / "b.webp", "webp")
    assert copy.read_bytes() == source.read_bytes()
