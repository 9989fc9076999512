"""The studio engine: deterministic, varied by seed, sized by aspect, and it draws
what it says (checked by content, not by golden images)."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from photogen.engine.studio import ENGINE_NAME, Generated, generate

SMALL = (216, 216)


def _pixels(result: Generated) -> np.ndarray:
    return np.asarray(result.image, dtype=np.float32)


def _digest(result: Generated) -> str:
    return hashlib.sha256(result.image.tobytes()).hexdigest()


def test_same_inputs_same_pixels() -> None:
    first = generate("perfume bottle on marble", seed=7, _size=SMALL)
    second = generate("perfume bottle on marble", seed=7, _size=SMALL)
    assert _digest(first) == _digest(second)
    assert first.engine == ENGINE_NAME and first.seed == 7
    assert first.prompt == "perfume bottle on marble"


@pytest.mark.parametrize("prompt", ["mountains at sunset", "a mug on a white background"])
def test_new_seed_is_a_visible_variation(prompt: str) -> None:
    one = _pixels(generate(prompt, seed=1, _size=SMALL))
    two = _pixels(generate(prompt, seed=2, _size=SMALL))
    assert float(np.abs(one - two).mean()) > 4.0


@pytest.mark.parametrize(
    ("aspect", "scale", "size"),
    [
        ("1:1", 1, (1080, 1080)),
        ("4:5", 1, (1080, 1350)),
        ("9:16", 1, (1080, 1920)),
        ("16:9", 1, (1920, 1080)),
    ],
)
def test_sizes_per_aspect(aspect: str, scale: int, size: tuple[int, int]) -> None:
    result = generate("a can on a blue background", seed=0, aspect=aspect, scale=scale)
    assert result.image.size == size and result.image.mode == "RGB"


def test_scale_two_doubles_the_size() -> None:
    assert generate("lake", aspect="16:9", scale=2).image.size == (3840, 2160)


def test_aspect_from_prompt_when_none_given() -> None:
    assert generate("city at night 9:16", aspect=None, _size=None).image.size == (1080, 1920)


def test_unknown_aspect_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="accepted"):
        generate("lake", aspect="3:2")


CORPUS = [
    "",
    "🐉✨🔥",
    "x" * 10_000,
    "红色马克杯 木桌 电影感",
    "竖屏 山 日落 黑白",
    "qwzx blorp",
    "a dragon over a castle",
    "bottle",
    "jar",
    "box",
    "can",
    "mug",
    "phone",
    "perfume",
    "tube",
    "sneaker",
    "watch",
    "mountains",
    "lake",
    "beach",
    "desert",
    "forest",
    "field",
    "city",
    "cinematic letterbox beach",
    "film grain vignette field",
    "pastel desert",
    "vivid lake",
    "moody city",
    "bokeh watch on wood",
    "phone on marble at night",
    "tube in the forest",
    "box on a pink background",
    "overcast mountains",
    "golden hour sneaker on a beach",
]


@pytest.mark.parametrize("prompt", CORPUS)
def test_corpus_renders(prompt: str) -> None:
    result = generate(prompt, seed=3, _size=(96, 128))
    assert result.image.size == (96, 128)
    assert _pixels(result).std() > 1.0


def test_fallback_is_in_the_notes() -> None:
    result = generate("a dragon", _size=SMALL)
    assert result.spec.fallback and result.notes[0] == result.spec.fallback
    assert "dragon" in result.notes[0]


def test_white_sweep_product_shot_content() -> None:
    pixels = _pixels(
        generate("a realistic photo of a product on a white background", seed=0, _size=(324, 324))
    )
    grey = pixels.mean(axis=2)
    border = np.concatenate([grey[:40].ravel(), grey[:, :40].ravel(), grey[:, -40:].ravel()])
    assert float((border > 215).mean()) > 0.9
    middle = grey[100:240, 130:194]
    assert float(middle.mean()) < float(border.mean()) - 40


def test_night_is_darker_than_day() -> None:
    night = _pixels(generate("mountains at night", seed=4, _size=SMALL)).mean()
    day = _pixels(generate("mountains in the day", seed=4, _size=SMALL)).mean()
    assert night < day * 0.5


def test_black_and_white_has_no_saturation() -> None:
    pixels = _pixels(generate("black and white beach at sunset, film grain", seed=5, _size=SMALL))
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    assert float(spread.max()) == 0.0


def test_letterbox_bars_are_black() -> None:
    pixels = _pixels(generate("cinematic lake, letterbox", seed=1, _size=(320, 180)))
    assert float(pixels[:5].max()) == 0.0 and float(pixels[-5:].max()) == 0.0


def _border(pixels: np.ndarray, width: int = 30) -> np.ndarray:
    """The mean colour of the top rows and the side columns (the backdrop)."""
    return np.concatenate(
        [
            pixels[:width].reshape(-1, 3),
            pixels[:, :width].reshape(-1, 3),
            pixels[:, -width:].reshape(-1, 3),
        ]
    ).mean(axis=0)


def test_a_coloured_backdrop_is_honoured_with_the_subjects_own_colour() -> None:
    result = generate("a red sneaker on a blue backdrop", seed=1, _size=SMALL)
    pixels = _pixels(result).astype(np.float32)
    red, green, blue = _border(pixels)
    assert blue > red + 40 and blue > green + 20, "the backdrop is blue"
    reddish = (pixels[..., 0] > 150) & (pixels[..., 0] > pixels[..., 2] + 60)
    assert reddish.mean() > 0.01, "the sneaker is red"
    assert result.notes == [
        "Made a red sneaker on a blue backdrop (seed 1) with photogen-studio/1."
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "lipstick on a pink backdrop",
        "a pair of headphones on a desk",
        "a leather handbag on marble",
    ],
)
def test_new_products_are_drawn_without_an_apology(prompt: str) -> None:
    result = generate(prompt, seed=2, _size=SMALL)
    assert result.spec.kind == "product" and result.spec.fallback is None
    pixels = _pixels(result)
    centre = pixels[72:160, 72:144].reshape(-1, 3)
    backdrop = _border(pixels)
    assert (np.abs(centre - backdrop).max(axis=1) > 60).mean() > 0.15, "something stands there"


def _object_columns(prompt: str) -> int:
    """How many separate runs of columns hold something darker than a white sweep."""
    pixels = _pixels(generate(prompt, seed=3, _size=(480, 270))).mean(axis=2)
    dark = (pixels[60:230] < 170).mean(axis=0) > 0.05
    return int(np.count_nonzero(np.diff(dark.astype(np.int8)) == 1) + dark[0])


def test_a_count_in_the_prompt_lines_up_that_many_products() -> None:
    assert _object_columns("a bottle on a white background") == 1
    assert _object_columns("three bottles on a white background") == 3


def test_close_ups_fill_more_of_the_frame_than_wide_shots() -> None:
    def covered(prompt: str) -> float:
        return float((_pixels(generate(prompt, seed=1, _size=SMALL)).mean(axis=2) < 170).mean())

    assert covered("close-up of a jar on a white background") > 2 * covered(
        "wide shot of a jar on a white background"
    )


def test_sunset_light_warms_a_studio_set() -> None:
    day = _border(
        _pixels(generate("a mug on a white background", seed=1, _size=SMALL)).astype(float)
    )
    warm = _border(
        _pixels(generate("a mug on a white background at sunset", seed=1, _size=SMALL)).astype(
            float
        )
    )
    assert warm[0] - warm[2] > day[0] - day[2] + 20
