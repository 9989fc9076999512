"""Built-in music beds: deterministic, audible, never clipping, seamless, and named
from everyday words in English and Chinese."""

from __future__ import annotations

import numpy as np
import pytest

from photogen.engine.music import BUILTIN_BEDS, synth_bed
from photogen.engine.render import MusicClip
from photogen.engine.render.audio import RATE, mix


@pytest.mark.parametrize("name", BUILTIN_BEDS)
def test_bed_is_deterministic_audible_and_not_clipping(name: str) -> None:
    a = synth_bed(name, 6.0)
    b = synth_bed(name, 6.0)
    assert a.dtype == np.float32 and a.shape == (6 * 48000, 2)
    assert np.array_equal(a, b)
    rms = float(np.sqrt(np.mean(a**2)))
    assert 0.05 < rms < 0.4
    assert float(np.abs(a).max()) <= 0.75
    assert not np.array_equal(a[:, 0], a[:, 1]), "beds are stereo"


@pytest.mark.parametrize("name", BUILTIN_BEDS)
def test_bed_loops_without_a_click(name: str) -> None:
    long = synth_bed(name, 80.0, sample_rate=16000)
    jumps = np.abs(np.diff(long[:, 0]))
    # the biggest sample-to-sample step anywhere is musical, not a seam
    step = float(np.percentile(jumps, 99.99))
    assert jumps.max() < max(0.35, 4 * step)


def test_beds_differ_and_lengths_are_exact() -> None:
    beds = [synth_bed(n, 2.0, sample_rate=8000) for n in BUILTIN_BEDS]
    assert all(b.shape == (16000, 2) for b in beds)
    assert not np.allclose(beds[0], beds[1]) and not np.allclose(beds[1], beds[2])
    assert synth_bed("lofi", 0.0).shape == (0, 2)


def test_unknown_bed_lists_the_names() -> None:
    with pytest.raises(ValueError, match="lofi, upbeat, ambient"):
        synth_bed("polka", 1.0)


def test_mix_fades_scales_and_stays_inside_the_video() -> None:
    track = mix((MusicClip("builtin:upbeat", start_s=1.0, volume=0.5),), 4.0)
    assert track is not None
    assert len(track) <= 4 * RATE and len(track) % 1024 == 0
    assert np.abs(track[: RATE - 10]).max() == 0.0  # silent before the start
    fade_in = np.abs(track[RATE : RATE + 2400]).max()
    body = np.abs(track[2 * RATE : 3 * RATE]).max()
    assert fade_in < 0.2 * body  # first 50 ms of a 1-s fade in
    assert body <= 0.5 * 0.75 + 1e-6  # volume applied to a bed that peaks at 0.7
    assert np.abs(track[-200:]).max() < 0.05 * body  # faded out at the end
    assert mix((), 4.0) is None
    assert mix((MusicClip("builtin:lofi", start_s=9.0),), 4.0) is None
