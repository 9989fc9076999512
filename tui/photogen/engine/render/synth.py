"""Small synthesiser for the built-in music beds: oscillators, voices, drums, a loop.

Oscillators read one cycle from a band-limited wavetable, which keeps rendering fast.
:class:`Loop` mixes voices into a fixed-length buffer and wraps anything that rings
past its end back onto its start, so the rendered loop tiles seamlessly.
"""

from __future__ import annotations

import functools

import numpy as np

_TABLE_BITS = 13
_TABLE = 1 << _TABLE_BITS


def hz(midi: float) -> float:
    """Frequency of a MIDI note number (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((midi - 69) / 12)


@functools.cache
def _table(harmonics: tuple[float, ...]) -> np.ndarray:
    phase = np.arange(_TABLE) / _TABLE * 2 * np.pi
    wave = sum(a * np.sin((h + 1) * phase) for h, a in enumerate(harmonics))
    return (wave / np.max(np.abs(wave))).astype(np.float32)


def osc(harmonics: tuple[float, ...], freq: float, n: int, sr: int) -> np.ndarray:
    """``n`` samples of a periodic wave with the given harmonic amplitudes.

    The phase is a 32-bit fixed-point accumulator, so it wraps exactly for free.
    """
    step = np.uint32(round(freq / sr * 2**32) % 2**32)
    phase = np.arange(n, dtype=np.uint32) * step
    return _table(harmonics)[phase >> np.uint32(32 - _TABLE_BITS)]


def smooth_length(n: int) -> int:
    """The nearest length to ``n`` with only 2, 3 and 5 as factors (fast to FFT)."""
    best = 1 << max(0, n.bit_length())
    p5 = 1
    while p5 <= 2 * n:
        p35 = p5
        while p35 <= 2 * n:
            p = p35
            while p < n:
                p *= 2
            for cand in (p, p // 2):
                if cand and abs(cand - n) < abs(best - n):
                    best = cand
            p35 *= 3
        p5 *= 5
    return best


def _time(dur: float, sr: int) -> np.ndarray:
    return np.arange(int(dur * sr), dtype=np.float32) / sr


def _attack(t: np.ndarray, seconds: float) -> np.ndarray:
    return np.minimum(1.0, t / seconds).astype(np.float32)


def epiano(freq: float, dur: float, sr: int) -> np.ndarray:
    """A soft electric-piano note: warm body, brief bright attack, a faint tine."""
    t = _time(dur, sr)
    n = len(t)
    body = osc((1.0, 0.25, 0.08), freq, n, sr) * np.exp(-t * 1.1)
    bright = osc((0.0, 0.5, 0.3, 0.2, 0.1), freq, n, sr) * np.exp(-t * 7.0)
    tine = osc((1.0,), freq * 7.0, n, sr) * np.exp(-t * 14.0) * 0.08
    tremolo = 1.0 + 0.06 * np.sin(2 * np.pi * 4.5 * t)
    return (body + 0.45 * bright + tine) * tremolo * _attack(t, 0.006) * _release(t, dur)


def pluck(freq: float, dur: float, sr: int) -> np.ndarray:
    """A short plucked note whose upper harmonics die away first."""
    t = _time(dur, sr)
    n = len(t)
    low = osc((1.0, 0.3), freq, n, sr) * np.exp(-t * 5.0)
    high = osc((0.0, 0.0, 0.4, 0.25, 0.15, 0.1), freq, n, sr) * np.exp(-t * 18.0)
    return (low + 0.6 * high) * _attack(t, 0.003) * _release(t, dur)


def bass(freq: float, dur: float, sr: int) -> np.ndarray:
    """A round, nearly sinusoidal bass note."""
    t = _time(dur, sr)
    wave = osc((1.0, 0.18, 0.05), freq, len(t), sr)
    return wave * np.exp(-t * 1.5) * _attack(t, 0.01) * _release(t, dur, 0.06)


def pad(freq: float, dur: float, sr: int, attack: float = 1.5) -> np.ndarray:
    """A slow, slightly detuned pad note with a long swell and release."""
    t = _time(dur, sr)
    n = len(t)
    harmonics = (1.0, 0.35, 0.15, 0.07, 0.03)
    wave = sum(osc(harmonics, freq * c, n, sr) for c in (0.997, 1.0, 1.003)) / 3
    swell = 1.0 + 0.1 * np.sin(2 * np.pi * 0.2 * t)
    return wave * swell * _attack(t, attack) * _release(t, dur, min(2.0, dur / 3))


def bell(freq: float, dur: float, sr: int) -> np.ndarray:
    """A gentle bell: inharmonic partials with long, unequal decays."""
    t = _time(dur, sr)
    n = len(t)
    out = np.zeros(n, dtype=np.float32)
    for ratio, amp, decay in ((1.0, 1.0, 1.2), (2.76, 0.3, 2.5), (5.4, 0.12, 5.0)):
        out += osc((1.0,), freq * ratio, n, sr) * amp * np.exp(-t * decay)
    return out * _attack(t, 0.004) * _release(t, dur)


def _release(t: np.ndarray, dur: float, seconds: float = 0.25) -> np.ndarray:
    return np.clip((dur - t) / seconds, 0.0, 1.0).astype(np.float32)


def kick(sr: int) -> np.ndarray:
    """A soft kick: a sine falling from ~140 Hz to 50 Hz."""
    t = _time(0.45, sr)
    freq = 50 + 90 * np.exp(-t * 28)
    phase = 2 * np.pi * np.cumsum(freq) / sr
    return np.sin(phase) * np.exp(-t * 7.5) * _attack(t, 0.002)


def snare(sr: int, rng: np.random.Generator) -> np.ndarray:
    """A brushed snare: band-limited noise with a short tonal body."""
    t = _time(0.3, sr)
    white = rng.standard_normal(len(t)).astype(np.float32)
    noise = np.convolve(white, np.ones(4, dtype=np.float32) / 4, mode="same")
    body = np.sin(2 * np.pi * 185 * t) * np.exp(-t * 30)
    return (0.5 * noise * np.exp(-t * 16) + 0.5 * body) * _attack(t, 0.002)


def hat(sr: int, rng: np.random.Generator, length: float = 0.06) -> np.ndarray:
    """A closed (or, longer, open) hi-hat: high-passed noise."""
    t = _time(length, sr)
    noise = rng.standard_normal(len(t) + 1).astype(np.float32)
    return np.diff(noise) * 0.5 * np.exp(-t * (4.0 / length))


def drums(
    mix: Loop,
    beat: float,
    bars: int,
    rng: np.random.Generator,
    *,
    kicks: tuple[float, ...],
    snares: tuple[float, ...],
    swing: float,
    level: float,
    open_hats: bool = False,
) -> None:
    """Adds a drum pattern: kicks and snares at the given beats, eighth-note hats."""
    k, s = kick(mix.sr), snare(mix.sr, rng)
    for bar in range(bars):
        t0 = bar * 4 * beat
        for b in kicks:
            mix.add(k * 0.8 * level, t0 + b * beat)
        for b in snares:
            mix.add(s * 0.45 * level, t0 + b * beat)
        for eighth in range(8):
            offbeat = eighth % 2 == 1
            at = t0 + (eighth / 2 + (swing if offbeat else 0.0)) * beat
            length = 0.12 if open_hats and offbeat else 0.05
            vel = (0.1 if offbeat else 0.07) * level * float(rng.uniform(0.8, 1.0))
            mix.add(hat(mix.sr, rng, length) * vel, at, pan=0.25)


def crackle(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Vinyl surface: faint hiss with sparse soft clicks."""
    hiss = rng.standard_normal(n).astype(np.float32) * 0.0025
    clicks = np.zeros(n, dtype=np.float32)
    count = int(n / sr * 9)
    clicks[rng.integers(0, n, count)] = rng.uniform(-0.06, 0.06, count).astype(np.float32)
    shape = np.exp(-np.arange(48, dtype=np.float32) / 8)
    return hiss + np.convolve(clicks, shape, mode="same").astype(np.float32)


def air(n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Soft, slowly breathing wind: noise band-passed around 200-1200 Hz (loops cleanly)."""
    spectrum = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / sr)
    band = (freqs > 200) / (1 + (freqs / 1200) ** 4)
    noise = np.fft.irfft(spectrum * band, n=n)
    noise /= max(float(np.std(noise)), 1e-9)
    breath = 0.6 + 0.4 * np.sin(2 * np.pi * np.arange(n) / n * 3)
    return (noise * breath).astype(np.float32)


class Loop:
    """A stereo buffer of fixed length that wraps overhanging sound onto its start."""

    def __init__(self, sr: int, seconds: float) -> None:
        self.sr = sr
        self.length = smooth_length(int(round(seconds * sr)))
        self.seconds = self.length / sr
        self._buf = np.zeros((2, self.length), dtype=np.float32)

    def add(self, sound: np.ndarray, at: float, pan: float = 0.0) -> None:
        """Mixes a mono ``sound`` in at ``at`` seconds, panned -1 (left) .. 1 (right)."""
        angle = (pan + 1) * np.pi / 4
        gains = (np.cos(angle) * np.sqrt(2), np.sin(angle) * np.sqrt(2))
        start = int(round(at * self.sr)) % self.length
        pos = 0
        while pos < len(sound):
            take = min(len(sound) - pos, self.length - start)
            for ch, g in enumerate(gains):
                self._buf[ch, start : start + take] += sound[pos : pos + take] * np.float32(g)
            pos += take
            start = 0

    def add_noise(self, sound: np.ndarray) -> None:
        """Mixes a loop-long mono noise in, decorrelated between the channels."""
        self._buf[0] += sound
        self._buf[1] += np.roll(sound, self.length // 3)

    def stereo(self) -> np.ndarray:
        """The mix as ``(2, n)`` float32."""
        return self._buf


def master(stereo: np.ndarray, sr: int, cutoff: float, peak: float) -> np.ndarray:
    """Low-passes (circularly, so the loop stays seamless) and normalises to ``peak``.

    Returns:
        ``(n, 2)`` float32.
    """
    n = stereo.shape[1]
    spectrum = np.fft.rfft(stereo, axis=1)
    freqs = np.fft.rfftfreq(n, 1 / sr)
    response = 1 / np.sqrt(1 + (freqs / cutoff) ** 4)  # 2nd-order Butterworth magnitude
    response *= freqs > 25  # no DC or rumble
    out = np.fft.irfft(spectrum * response, n=n, axis=1)
    out *= peak / max(float(np.max(np.abs(out))), 1e-9)
    return np.ascontiguousarray(out.T.astype(np.float32))
