"""The renderer's pictures: titles where they belong, smooth sub-pixel motion,
crossfades that blend, and one real 1080p render."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from photogen.engine.render import (
    MusicClip,
    RenderSpec,
    StillClip,
    TitleClip,
    render_mp4,
)
from photogen.engine.render.titles import SAFE
from tests.engine.test_render_support import (
    flat_still,
    luma_frames,
    probe,
    rgb_frame,
    shift_between,
    textured_still,
)

pytestmark = pytest.mark.slow

W, H = 320, 180
FPS = 30


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("frames")


def test_title_is_drawn_inside_the_safe_area(folder: Path) -> None:
    still = textured_still(folder / "t.png", seed=5)
    base = RenderSpec(W, H, stills=(StillClip(still, 2.0),), crf=12)
    titled = RenderSpec(
        W, H, stills=(StillClip(still, 2.0),), crf=12, titles=(TitleClip("Hello there", 0.5, 1.0),)
    )
    plain = render_mp4(base, folder / "plain.mp4").path
    text = render_mp4(titled, folder / "titled.mp4").path

    mid = round(1.0 * FPS)
    diff = np.abs(
        rgb_frame(text, mid).astype(np.float32) - rgb_frame(plain, mid).astype(np.float32)
    ).mean(axis=2)
    changed = diff > 24
    ys, xs = np.nonzero(changed)
    assert changed.sum() > 0.01 * W * H, "the title should be visible at its mid time"
    assert xs.min() >= SAFE * W - 1 and xs.max() <= (1 - SAFE) * W + 1
    assert ys.min() >= H / 2 and ys.max() <= (1 - SAFE) * H + 1  # lower half, above margin
    assert abs((xs.min() + xs.max()) / 2 - W / 2) < 0.05 * W  # centred

    before = np.abs(rgb_frame(text, 5).astype(np.float32) - rgb_frame(plain, 5)).mean()
    assert before < 1.0, "nothing is drawn before the title starts"


def test_pan_is_smooth_to_a_fraction_of_a_pixel(folder: Path) -> None:
    flat = flat_still(folder / "flat.png", (90, 90, 90))
    texture = textured_still(folder / "pan.png", (960, 540), seed=9)
    # the second still pans left to right at constant zoom
    spec = RenderSpec(
        W, H, stills=(StillClip(flat, 0.4), StillClip(texture, 2.4)), crossfade_s=0.2, crf=10
    )
    frames = luma_frames(render_mp4(spec, folder / "pan.mp4").path)
    solo = frames[round(0.5 * FPS) : -2]
    shifts = np.array([shift_between(a, b) for a, b in zip(solo, solo[1:], strict=False)])
    # the picture moves left by the working margin (360 - 320 px) over the 2.5 s it is
    # drawn (its 2.4 s slot and half of the 0.2 s crossfade before it)
    expected = -(360 - W) / (2.5 * FPS)
    assert np.abs(shifts[:, 0] - expected).max() < 0.1, shifts[:, 0]
    assert np.abs(shifts[:, 1]).max() < 0.1
    # a whole-pixel stepper (zoompan) would show second differences of 1 px; the phase
    # correlation's own noise at this speed (0.53 px a frame) reaches about 0.17 px
    assert np.abs(np.diff(shifts[:, 0], 2)).max() < 0.25


def test_crossfade_midpoint_blends_both_stills(folder: Path) -> None:
    red = flat_still(folder / "red.png", (220, 30, 30))
    blue = flat_still(folder / "blue.png", (30, 60, 220))
    spec = RenderSpec(W, H, stills=(StillClip(red, 1.0), StillClip(blue, 1.0)), crossfade_s=0.4)
    path = render_mp4(spec, folder / "xf.mp4").path
    first = rgb_frame(path, 3)[H // 4 : -H // 4, W // 4 : -W // 4].mean(axis=(0, 1))
    last = rgb_frame(path, 45)[H // 4 : -H // 4, W // 4 : -W // 4].mean(axis=(0, 1))
    mid = rgb_frame(path, round(1.0 * FPS))[H // 4 : -H // 4, W // 4 : -W // 4].mean(axis=(0, 1))
    assert np.allclose(first, (220, 30, 30), atol=6)
    assert np.allclose(last, (30, 60, 220), atol=6)
    assert np.allclose(mid, (first + last) / 2, atol=8)


def test_a_real_1080p_render(folder: Path) -> None:
    stills = tuple(
        StillClip(textured_still(folder / f"hd{i}.jpg", (1600, 1000), seed=20 + i), 1.2)
        for i in range(2)
    )
    spec = RenderSpec(
        1920,
        1080,
        stills=stills,
        titles=(TitleClip("Summer by the sea", 0.3, 1.5),),
        music=(MusicClip("builtin:lofi", volume=0.7),),
    )
    result = render_mp4(spec, folder / "hd.mp4")
    p = probe(result.path)
    assert (p.video_codec, p.pix_fmt, p.width, p.height) == ("h264", "yuv420p", 1920, 1080)
    assert p.video_s == pytest.approx(1.2 * 2, abs=1 / FPS)  # as long as the timeline
    assert p.audio_codec == "aac" and p.audio_s is not None and p.audio_s <= p.video_s
    assert p.moov_before_mdat
