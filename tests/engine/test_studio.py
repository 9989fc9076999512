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
