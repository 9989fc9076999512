"""The audio track: decode or synthesise each music clip, mix, and encode to AAC.

The mix is built in memory as float32 stereo at 48 kHz, exactly as long as the video
(rounded down to whole AAC frames so the audio never runs past the picture). Each clip
is placed at its start, scaled by its volume and faded in and out.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import av
import numpy as np

from .. import music
from .spec import MusicClip, RenderError

RATE = 48000
AAC_FRAME = 1024
FADE_S = 1.0
BUILTIN_PREFIX = "builtin:"


def track_length(duration_s: float) -> int:
    """Samples in the audio track of a video lasting ``duration_s`` seconds."""
    return int(duration_s * RATE) // AAC_FRAME * AAC_FRAME


def mix(clips: tuple[MusicClip, ...], duration_s: float) -> np.ndarray | None:
    """Mixes ``clips`` into one ``(n, 2)`` float32 track; ``None`` when there is none."""
    length = track_length(duration_s)
    placed = [c for c in clips if c.volume > 0 and 0 <= c.start_s < length / RATE]
    if not placed or length == 0:
        return None
    out = np.zeros((length, 2), dtype=np.float32)
    for clip in placed:
        start = int(round(clip.start_s * RATE))
        room = length - start
        want = room if clip.duration_s is None else min(room, int(clip.duration_s * RATE))
        if want <= 0:
            continue
        samples = _source(clip.source, want)
        out[start : start + len(samples)] += _faded(samples) * np.float32(clip.volume)
    peak = float(np.max(np.abs(out)))
    if peak > 0.98:
        out *= np.float32(0.98 / peak)
    return out


def encode_frames(
    track: np.ndarray, stream: av.AudioStream, upto: int, done: int
) -> Iterator[av.Packet]:
    """Encodes samples ``done..upto`` of ``track`` (multiples of the AAC frame)."""
    for pos in range(done, upto, AAC_FRAME):
        chunk = np.ascontiguousarray(track[pos : pos + AAC_FRAME].T)
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
        frame.sample_rate = RATE
        frame.pts = pos
        yield from stream.encode(frame)


def decode_file(path: str, max_samples: int) -> np.ndarray:
    """Decodes up to ``max_samples`` of an audio file as 48 kHz stereo float32.

    Raises:
        RenderError: The file is missing or holds no decodable audio.
    """
    try:
        with av.open(path) as container:
            if not container.streams.audio:
                raise RenderError(f"The music file {path} has no audio in it.")
            chunks = _decode_stream(container, max_samples)
    except av.FFmpegError as exc:
        raise RenderError(f"Cannot read the music file {path}: {exc}.") from exc
    except OSError as exc:
        raise RenderError(f"Cannot read the music file {path}: {exc.strerror or exc}.") from exc
    if not chunks:
        return np.zeros((0, 2), dtype=np.float32)
    return np.concatenate(chunks, axis=1).T[:max_samples].astype(np.float32)


def _decode_stream(container: av.container.InputContainer, max_samples: int) -> list[np.ndarray]:
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
    chunks: list[np.ndarray] = []
    have = 0
    for frame in container.decode(container.streams.audio[0]):
        for out in resampler.resample(frame):
            chunks.append(out.to_ndarray())
            have += out.samples
        if have >= max_samples:
            return chunks
    chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    return chunks


def _source(source: str, want: int) -> np.ndarray:
    if source.startswith(BUILTIN_PREFIX):
        name = source[len(BUILTIN_PREFIX) :]
        try:
            return music.synth_bed(name, want / RATE, RATE)[:want]
        except ValueError as exc:
            raise RenderError(str(exc)) from exc
    return decode_file(source, want)


def _faded(samples: np.ndarray) -> np.ndarray:
    """Raised-cosine fade in and out, each ``FADE_S`` or a quarter of the clip."""
    n = len(samples)
    fade = min(int(FADE_S * RATE), n // 4)
    if fade < 2:
        return samples
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, fade, dtype=np.float32)))[:, None]
    out = samples.copy()
    out[:fade] *= ramp
    out[n - fade :] *= ramp[::-1]
    return out
