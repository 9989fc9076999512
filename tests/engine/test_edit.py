"""Edits on uploads: backdrop placement, aspect, grades, levels, platform sizes, colours."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from photogen.engine.edit import (
    BACKDROPS,
    GRADES,
    PLATFORMS,
    EditSpec,
    apply_edit,
    class_size,
    edit_photo,
    parse_colour,
)
from tests.engine.test_cutout_scenes import make_scene


@pytest.fixture(scope="module")
def scene() -> tuple[Image.Image, np.ndarray]:
    image, truth = make_scene(22, 384)
    return Image.fromarray(image), truth


def test_white_background_is_white_with_the_subject_centred(scene) -> None:
    photo, _ = scene
    before = photo.tobytes()
    out = np.asarray(apply_edit(photo, EditSpec(background="white", shadow=False)))
    assert photo.tobytes() == before
    assert out.shape == (384, 384, 3)
    assert (out[:10] == 255).all() and (out[:, :10] == 255).all()
    subject = np.nonzero(np.abs(out.astype(int) - 255).sum(axis=2) > 30)
    centre_x = (subject[1].min() + subject[1].max()) / 2
    centre_y = (subject[0].min() + subject[0].max()) / 2
    assert abs(centre_x - 192) <= 4 and abs(centre_y - 192) <= 4
    assert subject[0].min() >= 0.12 * 384 - 3


def test_shadow_darkens_the_backdrop_under_the_subject(scene) -> None:
    photo, _ = scene
    out = np.asarray(apply_edit(photo, EditSpec(background="white", margin=0.2)))
    rows = np.nonzero((np.abs(out.astype(int) - 255).sum(axis=2) > 30).any(axis=1))[0]
    below = out[rows.max() - 2 : rows.max() + 6, 150:234]
    assert below.mean() < 250
    assert (out[:5] == 255).all()


def test_aspect_pads_with_background_and_crops_without(scene) -> None:
    photo, _ = scene
    padded = apply_edit(photo, EditSpec(background=(10, 20, 30), aspect="9:16"))
    assert padded.size == (1080, 1920)  # the aspect's full 1080-class size
    assert np.asarray(padded)[2, 2].tolist() == [10, 20, 30]
    cropped = edit_photo(photo, EditSpec(aspect="16:9"))
    assert cropped.image.size == (1920, 1080)
    assert cropped.notes and "Upscaled from 384×216 to 1920×1080 (Lanczos)" in cropped.notes[0]


def test_a_big_photo_cropped_to_an_aspect_is_not_called_upscaled() -> None:
    big = Image.new("RGB", (3000, 2000), (120, 130, 140))
    edited = edit_photo(big, EditSpec(aspect="9:16"))
    assert edited.image.size == (1080, 1920) and edited.notes == ()


def test_class_sizes() -> None:
    assert class_size((9, 16)) == (1080, 1920)
    assert class_size((4, 5)) == (1080, 1350)
    assert class_size((3, 2)) == (1620, 1080)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_platform_sets_the_final_size(scene, platform: str) -> None:
    photo, _ = scene
    assert apply_edit(photo, EditSpec(platform=platform)).size == PLATFORMS[platform]


def test_platform_with_background_pads_instead_of_cropping(scene) -> None:
    photo, _ = scene
    out = np.asarray(apply_edit(photo, EditSpec(background="white", platform="story")))
    assert out.shape == (1920, 1080, 3)
    assert (out[:100] == 255).all()


@pytest.mark.parametrize("grade", GRADES)
def test_each_grade_changes_the_picture(scene, grade: str) -> None:
    photo, _ = scene
    out = np.asarray(apply_edit(photo, EditSpec(grade=grade))).astype(int)
    assert np.abs(out - np.asarray(photo).astype(int)).mean() > 2


def test_bw_is_grey_and_warm_is_warmer(scene) -> None:
    photo, _ = scene
    bw = np.asarray(apply_edit(photo, EditSpec(grade="black and white"))).astype(int)
    assert (bw[..., 0] == bw[..., 1]).all() and (bw[..., 1] == bw[..., 2]).all()
    warm = np.asarray(apply_edit(photo, EditSpec(grade="warm"))).astype(float)
    original = np.asarray(photo).astype(float)
    assert (warm[..., 0] - warm[..., 2]).mean() > (original[..., 0] - original[..., 2]).mean()


def test_auto_levels_stretches_a_dull_photo() -> None:
    dull = np.linspace(90, 160, 200 * 200 * 3).reshape(200, 200, 3).astype(np.uint8)
    out = np.asarray(apply_edit(Image.fromarray(dull), EditSpec(auto_levels=True)))
    assert out.min() <= 3 and out.max() >= 252


@pytest.mark.parametrize("backdrop", BACKDROPS)
def test_every_backdrop_renders(scene, backdrop: str) -> None:
    photo, _ = scene
    out = apply_edit(photo, EditSpec(background=backdrop, aspect="4:5", grade="cinematic"))
    assert out.mode == "RGB" and out.size == (1080, 1350)


def test_transparent_upload_uses_its_own_alpha() -> None:
    rgba = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    rgba.paste((200, 30, 30, 255), (50, 50, 150, 150))
    out = np.asarray(apply_edit(rgba, EditSpec(background="black", shadow=False, margin=0.25)))
    assert out[100, 100].tolist() == [200, 30, 30]
    assert out[10, 10].tolist() == [0, 0, 0]
    assert out[48, 100].tolist() == [0, 0, 0] and out[52, 100].tolist() == [200, 30, 30]


@pytest.mark.parametrize(
    "spec, word",
    [
        (EditSpec(grade="sepia-ish"), "grade"),
        (EditSpec(aspect="wide"), "aspect"),
        (EditSpec(platform="myspace"), "platform"),
        (EditSpec(background="bananas"), "background"),
    ],
)
def test_unknown_names_are_clear_errors(scene, spec: EditSpec, word: str) -> None:
    with pytest.raises(ValueError, match=word):
        apply_edit(scene[0], spec)


@pytest.mark.parametrize(
    "text, rgb",
    [
        ("white", (255, 255, 255)),
        ("red", (255, 0, 0)),
        ("#ff8800", (255, 136, 0)),
        ("#F80", (255, 136, 0)),
        ("rgb(1, 2, 3)", (1, 2, 3)),
        ("白色", (255, 255, 255)),
        ("黑色", (0, 0, 0)),
        ("Light Gray", (179, 179, 179)),
    ],
)
def test_parse_colour_reads_names_codes_and_chinese(text: str, rgb: tuple) -> None:
    assert parse_colour(text) == rgb


def test_parse_colour_tints_and_unknowns() -> None:
    pink = parse_colour("pastel pink")
    assert pink is not None and min(pink) > 200 and pink[0] > pink[1]
    red, blue = parse_colour("红色"), parse_colour("蓝色")
    assert red is not None and red[0] > 200 > red[2]
    assert blue is not None and blue[2] > 200 > blue[0]
    assert parse_colour("浅蓝色") is not None and parse_colour("navy blue") == (0, 0, 128)
    assert parse_colour("bananas") is None and parse_colour("") is None


def test_a_small_subject_is_not_blown_up_past_one_and_a_half_times() -> None:
    import numpy as np
    from PIL import Image, ImageDraw

    from photogen.engine.edit import EditSpec, apply_edit
    from photogen.engine.edit.background import MAX_UPSCALE

    photo = Image.new("RGB", (1080, 1080), (120, 130, 140))
    ImageDraw.Draw(photo).rectangle((490, 440, 589, 639), fill=(200, 30, 30))  # 100x200
    out = np.asarray(apply_edit(photo, EditSpec(background="white", aspect="1:1")))
    red = (out[..., 0] > 150) & (out[..., 1] < 90) & (out[..., 2] < 90)
    rows = np.flatnonzero(red.any(axis=1))
    assert rows.size, "the subject is missing"
    assert rows[-1] - rows[0] + 1 <= 200 * MAX_UPSCALE * out.shape[0] / 1080 + 4
