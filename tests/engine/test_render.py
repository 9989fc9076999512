"""The renderer's output at container level: codec, format, size, duration, audio,
faststart; progress, cancel and clear errors. Small canvases keep it quick."""

from __future__ import annotations

import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from photogen.engine.render import (
    MusicClip,
    RenderError,
    RenderSpec,
    StillClip,
    TitleClip,
    canvas_size,
    render_mp4,
)
from photogen.engine.render.audio import decode_file
from photogen.engine.render.spec import segment_starts, segment_windows
from tests.engine.test_render_support import decode_audio, flat_still, probe, textured_still

pytestmark = pytest.mark.slow

W, H = 320, 180


@pytest.fixture(scope="module")
def stills(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("stills")
    return [
        textured_still(folder / "a.png", (640, 400), seed=1),
        textured_still(folder / "b.jpg", (300, 500), seed=2),  # portrait: cover-fitted
        flat_still(folder / "c.png", (40, 120, 200)),
    ]


def small_spec(paths: list[str], **kw: object) -> RenderSpec:
    defaults: dict[str, object] = {
        "width": W,
        "height": H,
        "stills": tuple(StillClip(p, 1.2) for p in paths),
        "crossfade_s": 0.4,
    }
    defaults.update(kw)
    return RenderSpec(**defaults)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("size", "canvas"),
    [
        ((1920, 1080), (1920, 1080)),
        ((1280, 720), (1920, 1080)),
        ((3000, 1000), (1920, 1080)),
        ((1080, 1920), (1080, 1920)),
        ((720, 1280), (1080, 1920)),
        ((1080, 1350), (1080, 1080)),
        ((1000, 1000), (1080, 1080)),
        ((1350, 1080), (1080, 1080)),
        ((0, 0), (1920, 1080)),
    ],
)
def test_canvas_snaps_by_aspect(size: tuple[int, int], canvas: tuple[int, int]) -> None:
    assert canvas_size(*size) == canvas


def test_duration_is_the_timeline_and_crossfades_centre_on_the_cuts(stills: list[str]) -> None:
    spec = small_spec(
        stills,
        stills=(StillClip("x", 2.0), StillClip("y", 0.5), StillClip("z", 3.0)),
        crossfade_s=0.5,
    )
    starts, total = segment_starts(spec)
    assert starts == pytest.approx([0.0, 2.0, 2.5])
    assert total == pytest.approx(2.0 + 0.5 + 3.0)
    # the overlap around the short still is capped at half its length, split over the cut
    windows = segment_windows(spec)
    assert windows == [
        pytest.approx((0.0, 2.125)),
        pytest.approx((1.875, 2.625)),
        pytest.approx((2.375, 5.5)),
    ]


def test_six_stills_of_six_seconds_last_thirty_six() -> None:
    spec = RenderSpec(W, H, stills=tuple(StillClip(f"{i}", 6.0) for i in range(6)))
    assert segment_starts(spec)[1] == pytest.approx(36.0)


def test_mp4_is_h264_yuv420p_faststart_with_aac(stills: list[str], tmp_path: Path) -> None:
    spec = small_spec(
        stills,
        titles=(TitleClip("Hello", 0.5, 1.5),),
        music=(MusicClip("builtin:upbeat", volume=0.8),),
    )
    seen: list[float] = []
    result = render_mp4(spec, tmp_path / "out.mp4", progress=seen.append)

    expected_s = 3 * 1.2
    assert result.frames == round(expected_s * 30)
    assert (result.width, result.height) == (W, H)
    assert result.duration_s == pytest.approx(expected_s, abs=1 / 30)
    assert result.size_bytes == (tmp_path / "out.mp4").stat().st_size
    p = probe(result.path)
    assert (p.video_codec, p.pix_fmt, p.width, p.height) == ("h264", "yuv420p", W, H)
    assert p.frames == result.frames
    assert p.video_s == pytest.approx(expected_s, abs=1 / 30)
    assert p.color == (1, 1, 1, 1)  # BT.709 primaries, transfer, matrix; limited range
    assert p.moov_before_mdat
    assert p.audio_codec == "aac"
    assert p.audio_s is not None
    assert expected_s - 0.1 < p.audio_s <= p.video_s
    assert seen == sorted(seen) and seen[-1] == 100.0 and len(seen) > 10
    assert list(tmp_path.iterdir()) == [tmp_path / "out.mp4"]


def test_no_music_means_no_audio_stream(stills: list[str], tmp_path: Path) -> None:
    result = render_mp4(small_spec(stills[:1]), tmp_path / "silent.mp4")
    assert probe(result.path).audio_codec is None


def test_odd_canvas_is_rounded_to_even(stills: list[str], tmp_path: Path) -> None:
    result = render_mp4(small_spec(stills[:1], width=181, height=321), tmp_path / "o.mp4")
    assert (result.width, result.height) == (180, 320)
    assert probe(result.path).height == 320


def test_uploaded_music_is_resampled_and_mixed(stills: list[str], tmp_path: Path) -> None:
    song = tmp_path / "song.wav"
    write_wav(song, seconds=1.0, rate=44100, freq=440.0)  # shorter than the video, mono
    spec = small_spec(stills[:2], music=(MusicClip(str(song), start_s=0.5, volume=0.5),))
    result = render_mp4(spec, tmp_path / "m.mp4")
    samples = decode_audio(result.path)
    assert samples.shape[0] == 2
    rate = 48000
    head = samples[:, : int(0.4 * rate)]
    body = samples[:, int(0.9 * rate) : int(1.1 * rate)]
    assert np.abs(head).max() < 0.01  # nothing before the clip starts
    assert 0.1 < np.sqrt((body**2).mean()) < 0.5  # sine at half volume (rms 0.35)


def test_decode_file_gives_48k_stereo(tmp_path: Path) -> None:
    song = tmp_path / "s.wav"
    write_wav(song, seconds=0.5, rate=22050, freq=220.0)
    audio = decode_file(str(song), max_samples=10**9)
    assert audio.dtype == np.float32 and audio.shape[1] == 2
    assert abs(len(audio) - 24000) < 200


def test_progress_and_cancel_leave_no_file(stills: list[str], tmp_path: Path) -> None:
    cancel = threading.Event()
    before = threading.active_count()

    def on_progress(pct: float) -> None:
        if pct >= 30:
            cancel.set()

    with pytest.raises(RenderError, match="cancelled"):
        render_mp4(small_spec(stills), tmp_path / "c.mp4", on_progress, cancel)
    assert list(tmp_path.iterdir()) == []
    assert threading.active_count() == before


def test_missing_still_is_a_clear_error(stills: list[str], tmp_path: Path) -> None:
    spec = small_spec([stills[0], str(tmp_path / "nope.jpg")])
    with pytest.raises(RenderError, match=r"Cannot read a still from .*nope\.jpg"):
        render_mp4(spec, tmp_path / "x.mp4")
    assert list(tmp_path.iterdir()) == []


def test_corrupt_still_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a picture")
    spec = RenderSpec(W, H, stills=(StillClip(str(bad), 1.0, name="cover"),))
    with pytest.raises(RenderError, match="Cannot read still 'cover'"):
        render_mp4(spec, tmp_path / "x.mp4")
    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"stills": ()}, "no stills"),
        ({"music": (MusicClip("builtin:polka"),)}, "lofi, upbeat, ambient"),
        ({"music": (MusicClip("/no/such/song.mp3"),)}, "Cannot read the music file"),
        ({"stills": (StillClip("a.png", 0.0),)}, "must be > 0"),
    ],
)
def test_bad_specs_are_refused(
    stills: list[str], tmp_path: Path, kw: dict[str, object], message: str
) -> None:
    with pytest.raises(RenderError, match=message):
        render_mp4(small_spec(stills, **kw), tmp_path / "x.mp4")
    assert list(tmp_path.iterdir()) == []


def write_wav(path: Path, seconds: float, rate: int, freq: float) -> None:
    t = np.arange(int(seconds * rate)) / rate
    pcm = (np.sin(2 * np.pi * freq * t) * 0.99 * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
