"""Encoding: frames and audio into an H.264/AAC MP4, with progress and cancel.

Frames are composed in a worker thread that feeds a small bounded queue while the
calling thread encodes and muxes (OpenCV, numpy and x264 release the GIL, so the two
overlap on separate cores). The file is written beside ``out_path`` under a temporary
name and renamed into place only when complete; on error or cancel nothing is left.
"""

from __future__ import annotations

import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np

from . import audio
from .frames import Composer
from .motion import check_still
from .planes import Planes
from .spec import RenderError, RenderResult, RenderSpec, validate

ProgressFn = Callable[[float], None]

_QUEUE_DEPTH = 6
_POLL_S = 0.2
_END = object()
# AVCOL_* codes: BT.709 primaries, transfer and matrix; MPEG (limited) range.
_BT709 = 1
_LIMITED = 1


def render_mp4(
    spec: RenderSpec,
    out_path: str | os.PathLike[str],
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> RenderResult:
    """Renders ``spec`` to an H.264 (yuv420p, BT.709) + AAC MP4 with faststart.

    Args:
        spec: What to render, at ``spec.width`` x ``spec.height`` (odd sides are rounded
            down to even). Callers pick a product canvas with :func:`canvas_size`.
        out_path: Where the MP4 goes; its folder must exist.
        progress: Called with 0..100 as frames are written, 100 once the file is in place.
        cancel: When set, the render stops soon and raises ``RenderError("cancelled")``.

    Returns:
        What was written.

    Raises:
        RenderError: Bad input (an unreadable still or music file, an empty track), a
            failed write, or a cancel. No partial file is left behind.
    """
    validate(spec)
    for still in spec.stills:
        check_still(still)
    out = Path(out_path)
    if not out.parent.is_dir():
        raise RenderError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    composer = Composer(spec, (spec.width - spec.width % 2, spec.height - spec.height % 2))
    track = audio.mix(spec.music, composer.frames / spec.fps)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        _write(composer, track, tmp, progress, cancel)
        os.replace(tmp, out)
    except av.FFmpegError as exc:
        raise RenderError(f"Encoding {out.name} failed: {exc}.") from exc
    except OSError as exc:
        raise RenderError(f"Cannot write {out}: {exc.strerror or exc}.") from exc
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        progress(100.0)
    width, height = composer.canvas
    return RenderResult(
        path=str(out),
        duration_s=composer.frames / spec.fps,
        width=width,
        height=height,
        frames=composer.frames,
        size_bytes=out.stat().st_size,
    )


def _write(
    composer: Composer,
    track: np.ndarray | None,
    path: Path,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
) -> None:
    spec = composer.spec
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as container:
        video = _video_stream(container, spec, composer.canvas)
        sound = (
            None if track is None else container.add_stream("aac", rate=audio.RATE, layout="stereo")
        )
        producer = _Producer(composer)
        audio_done = 0
        reported = -1
        try:
            for n, frame in enumerate(producer.frames(cancel)):
                frame.pts = n
                container.mux(video.encode(frame))
                if sound is not None and track is not None:
                    upto = min(len(track), audio.track_length((n + 1) / spec.fps))
                    container.mux(list(audio.encode_frames(track, sound, upto, audio_done)))
                    audio_done = max(audio_done, upto)
                reported = _report(progress, n + 1, composer.frames, reported)
        finally:
            producer.close()
        container.mux(video.encode(None))
        if sound is not None:
            container.mux(sound.encode(None))


def _video_stream(
    container: av.container.OutputContainer, spec: RenderSpec, canvas: tuple[int, int]
) -> av.VideoStream:
    stream = container.add_stream("libx264", rate=spec.fps)
    stream.width, stream.height = canvas
    stream.pix_fmt = "yuv420p"
    stream.options = {"preset": spec.preset, "crf": str(spec.crf)}
    ctx = stream.codec_context
    ctx.thread_count = 0  # x264 picks its thread count from the cores
    ctx.color_range = _LIMITED
    ctx.colorspace = _BT709
    ctx.color_primaries = _BT709
    ctx.color_trc = _BT709
    return stream


def frame_planes(frame: av.VideoFrame) -> Planes:
    """Writable numpy views of a yuv420p frame's planes (rows may be padded)."""
    views = []
    for plane in frame.planes:
        rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
        views.append(rows[:, : plane.width])
    return Planes(*views)


def _report(progress: ProgressFn | None, written: int, total: int, last: int) -> int:
    """Calls ``progress`` on each whole-percent step (held below 100 until the rename)."""
    pct = min(99, written * 100 // total)
    if progress and pct > last:
        progress(float(pct))
    return max(pct, last)


class _Producer:
    """Composes frames in a worker thread into a bounded queue of ``av.VideoFrame``."""

    def __init__(self, composer: Composer) -> None:
        self._composer = composer
        self._queue: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_DEPTH)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="photogen-compose", daemon=True)
        self._thread.start()

    def frames(self, cancel: threading.Event | None) -> Iterator[av.VideoFrame]:
        """Yields the composed frames in order; raises what the worker raised."""
        while True:
            if cancel is not None and cancel.is_set():
                raise RenderError("cancelled")
            try:
                item = self._queue.get(timeout=_POLL_S)
            except queue.Empty:
                continue
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, av.VideoFrame)
            yield item

    def close(self) -> None:
        """Stops the worker and waits for it; safe to call at any point."""
        self._stop.set()
        while self._thread.is_alive():
            try:
                self._queue.get_nowait()
            except queue.Empty:
                self._thread.join(timeout=_POLL_S)

    def _run(self) -> None:
        width, height = self._composer.canvas
        try:
            for n in range(self._composer.frames):
                if self._stop.is_set():
                    return
                frame = av.VideoFrame(width, height, "yuv420p")
                self._composer.compose(n, frame_planes(frame))
                self._put(frame)
        except BaseException as exc:  # handed to the encoding thread, which re-raises
            self._put(exc)
            return
        self._put(_END)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=_POLL_S)
                return
            except queue.Full:
                continue
