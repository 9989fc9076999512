"""Built-in music beds, synthesised in code so "add lo-fi music" works offline.

Each bed is one seamless loop (a few bars) rendered once per sample rate and tiled to
the length asked for. Everything is deterministic: fixed tempo, fixed notes and seeded
noise. Notes that ring past the end of the loop wrap to its start, and the final tone
shaping is a circular FFT filter, so the loop point is inaudible.

- lofi: 78 bpm, mellow electric-piano seventh chords, round bass, soft swung drums and
  vinyl crackle, low-passed.
- upbeat: 116 bpm, pop progression, plucked arpeggios, driving bass, four-on-the-floor.
- ambient: 64 bpm, slow evolving pads, a sparse bell melody and a breath of air.
"""

from __future__ import annotations

import functools

import numpy as np

from .render import synth as sy

BUILTIN_BEDS = ("lofi", "upbeat", "ambient")


def synth_bed(name: str, duration_s: float, sample_rate: int = 48000) -> np.ndarray:
    """Synthesises ``duration_s`` seconds of a built-in bed.

    Args:
        name: One of :data:`BUILTIN_BEDS`.
        duration_s: Length of the result in seconds.
        sample_rate: Samples per second.

    Returns:
        float32 array of shape ``(n, 2)`` with values in [-1, 1]; the same arguments
        always give the same samples.

    Raises:
        ValueError: ``name`` is not a built-in bed.
    """
    if name not in BUILTIN_BEDS:
        raise ValueError(
            f"Unknown music bed {name!r}; the built-in beds are: {', '.join(BUILTIN_BEDS)}."
        )
    n = max(0, int(round(duration_s * sample_rate)))
    loop = _loop(name, sample_rate)
    reps = -(-n // len(loop)) if n else 0
    return np.tile(loop, (reps, 1))[:n].copy()


@functools.cache
def _loop(name: str, sample_rate: int) -> np.ndarray:
    builders = {"lofi": _lofi, "upbeat": _upbeat, "ambient": _ambient}
    loop = builders[name](sample_rate)
    loop.setflags(write=False)
    return loop


def _lofi(sr: int) -> np.ndarray:
    bpm, bars = 78.0, 4
    mix = sy.Loop(sr, bars * 4 * 60 / bpm)
    beat = mix.seconds / (bars * 4)
    chords = ((53, 57, 60, 64, 67), (52, 55, 59, 62), (50, 53, 57, 60, 64), (48, 52, 55, 59))
    roots = (41, 40, 38, 36)
    for bar, (chord, root) in enumerate(zip(chords, roots, strict=True)):
        t0 = bar * 4 * beat
        for hit, vel in ((0.0, 0.9), (2.5, 0.5)):
            for k, note in enumerate(chord):
                mix.add(
                    sy.epiano(sy.hz(note), 3.2 * beat, sr) * 0.11 * vel,
                    t0 + hit * beat + 0.018 * k,
                    pan=-0.3 + 0.15 * k,
                )
        mix.add(sy.bass(sy.hz(root), 2.6 * beat, sr) * 0.3, t0)
        mix.add(sy.bass(sy.hz(root + 7), 1.2 * beat, sr) * 0.18, t0 + 2.75 * beat)
    rng = np.random.default_rng(7801)
    sy.drums(
        mix, beat, bars, rng, kicks=(0.0, 1.5, 2.75), snares=(1.0, 3.0), swing=0.16, level=0.55
    )
    mix.add_noise(sy.crackle(mix.length, sr, rng) * 0.9)
    return sy.master(mix.stereo(), sr, cutoff=3800.0, peak=0.7)


def _upbeat(sr: int) -> np.ndarray:
    bpm, bars = 116.0, 4
    mix = sy.Loop(sr, bars * 4 * 60 / bpm)
    beat = mix.seconds / (bars * 4)
    chords = ((60, 64, 67, 72), (59, 62, 67, 71), (57, 60, 64, 69), (57, 60, 65, 69))
    roots = (36, 43, 45, 41)
    arp = (0, 1, 2, 3, 2, 1, 2, 3)
    for bar, (chord, root) in enumerate(zip(chords, roots, strict=True)):
        t0 = bar * 4 * beat
        for step in range(8):
            note = chord[arp[step]] + 12
            mix.add(
                sy.pluck(sy.hz(note), 0.9 * beat, sr) * 0.14,
                t0 + step * beat / 2,
                pan=0.35 if step % 2 else -0.35,
            )
            bass_note = root + (12 if step % 2 else 0)
            mix.add(sy.bass(sy.hz(bass_note), 0.45 * beat, sr) * 0.26, t0 + step * beat / 2)
        for note in chord:
            mix.add(sy.pad(sy.hz(note), 4 * beat, sr, attack=0.15) * 0.035, t0)
    rng = np.random.default_rng(11601)
    sy.drums(
        mix,
        beat,
        bars,
        rng,
        kicks=(0.0, 1.0, 2.0, 3.0),
        snares=(1.0, 3.0),
        swing=0.0,
        level=0.75,
        open_hats=True,
    )
    return sy.master(mix.stereo(), sr, cutoff=7000.0, peak=0.7)


def _ambient(sr: int) -> np.ndarray:
    bpm, chord_beats = 64.0, 8
    chords = (
        (48, 55, 62, 64, 71),
        (45, 52, 59, 60, 67),
        (41, 48, 55, 57, 64),
        (43, 50, 57, 59, 62),
    )
    mix = sy.Loop(sr, len(chords) * chord_beats * 60 / bpm)
    beat = mix.seconds / (len(chords) * chord_beats)
    for i, chord in enumerate(chords):
        t0 = i * chord_beats * beat
        for k, note in enumerate(chord):
            mix.add(
                sy.pad(sy.hz(note), chord_beats * beat + 2.5, sr, attack=2.2) * 0.075,
                t0,
                pan=-0.5 + 0.25 * k,
            )
    rng = np.random.default_rng(6401)
    scale = (72, 74, 76, 79, 81, 84)
    for step in range(0, len(chords) * chord_beats, 2):
        if rng.random() < 0.55:
            note = scale[int(rng.integers(len(scale)))]
            mix.add(
                sy.bell(sy.hz(note), 3.5, sr) * 0.08, step * beat, pan=float(rng.uniform(-0.6, 0.6))
            )
    mix.add_noise(sy.air(mix.length, sr, rng) * 0.006)
    return sy.master(mix.stereo(), sr, cutoff=6000.0, peak=0.6)
