"""Drawing several candidates at once, on the machine's cores.

The studio engine is pure Python and numpy and holds the GIL for most of a
photo, so threads draw one candidate after another. A process pool (spawned,
so no lock of the server's threads is copied) draws them side by side: one
worker per core, started in the background when the server starts, kept for
the server's life. A neural model is not copied into several processes: its
candidates are drawn one after another by the model that is already loaded.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from PIL import Image

from photogen.server.engines import GeneratedLike, GenerateFn, ModelGenerate, ProgressFn

log = logging.getLogger("photogen.server")


@dataclass(frozen=True)
class Drawn:
    """A candidate drawn in a worker process.

    Attributes:
        image: The picture; None when the worker saved it to ``saved`` itself.
        seed: Its seed.
        engine: The engine's name.
        notes: The engine's notes.
        size: ``(width, height)``.
        saved: The PNG the worker wrote (with prompt, seed and engine in its metadata).
    """

    image: Image.Image | None
    seed: int
    engine: str
    notes: list[str]
    size: tuple[int, int] = (0, 0)
    saved: str | None = None


def _studio_draw(prompt: str, seed: int, aspect: str, path: str | None = None) -> Drawn:
    """Runs in a worker process: one studio photo, saved as a PNG at ``path`` when given
    (encoding the PNG there too keeps it off the server and out of the pipe)."""
    from photogen.engine.studio import generate

    made = generate(prompt, seed=seed, aspect=aspect)
    notes, size = list(made.notes), made.image.size
    if path is None:
        return Drawn(made.image, made.seed, made.engine, notes, size)
    from photogen.stills import save_still

    meta = {"prompt": prompt, "seed": str(made.seed), "engine": made.engine}
    save_still(made.image, path, "png", meta=meta)
    return Drawn(None, made.seed, made.engine, notes, size, path)


def _follow_parent(parent: int) -> None:
    """Runs in each worker process: exit as soon as the server process is gone.

    A server that is killed (or a test process that ends) does not shut its pool
    down; without this its workers would be left running on their own.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _ready() -> int:
    """Runs in a worker process: imports the engine so the first real draw is quick."""
    import photogen.engine.studio  # noqa: F401

    return os.getpid()


class StudioPool:
    """One spawned process per core, drawing studio photos; created on first use."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def pool(self) -> ProcessPoolExecutor:
        """The executor, started (with every worker importing the engine) on first call."""
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    self.workers,
                    mp_context=context,
                    initializer=_follow_parent,
                    initargs=(os.getpid(),),
                )
                for _ in range(self.workers):
                    self._pool.submit(_ready)
            return self._pool

    def shutdown(self) -> None:
        """Stop the workers (queued draws are dropped)."""
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


STUDIO_POOL = StudioPool()
"""The server's one pool (shared by every app in the process)."""


def uses_studio(generate: GenerateFn) -> bool:
    """The engine behind ``generate`` is the studio engine (no neural model is installed)."""
    from photogen.server.engines import _real_generate

    if generate is _real_generate:
        return True
    if isinstance(generate, ModelGenerate):
        try:
            return generate.loader.text_to_image() is None
        except Exception:  # a model that cannot load: ModelGenerate falls back per photo
            return False
    return False


def warm_pool(generate: GenerateFn) -> None:
    """Start the studio pool in the background when ``generate`` draws with the studio engine."""

    def check() -> None:
        if uses_studio(generate):
            STUDIO_POOL.pool()

    threading.Thread(target=check, name="studio-pool", daemon=True).start()


def draw_many(
    generate: GenerateFn,
    prompt: str,
    seeds: Sequence[int],
    aspect: str,
    progress: Callable[[int, float], None],
    cancel: threading.Event,
    paths: Sequence[str] | None = None,
) -> list[GeneratedLike | Drawn | Exception]:
    """One photo per seed, in seed order; a failed candidate is its exception.

    Args:
        generate: The server's text-to-image engine.
        prompt: What to draw.
        seeds: One seed per candidate.
        aspect: Canonical aspect.
        progress: ``(candidate index, its share done 0-1)``; each candidate but the last
            reports 1.0 when it is done (the call's result follows the last).
        cancel: Stops the draws not started yet.
        paths: Where each candidate's PNG goes; worker processes save it there themselves
            (a :class:`Drawn` with ``saved``), a model's candidates are returned unsaved.
    """
    if len(seeds) > 1 and uses_studio(generate):
        return _draw_in_pool(prompt, seeds, aspect, progress, cancel, paths)
    made: list[GeneratedLike | Drawn | Exception] = []
    for index, seed in enumerate(seeds):
        if cancel.is_set():
            made.append(RuntimeError("cancelled"))
            continue
        try:
            made.append(
                generate(prompt, seed, aspect, progress=_share(progress, index), cancel=cancel)
            )
        except Exception as exc:  # one candidate failing never loses the others
            made.append(exc)
        if index + 1 < len(seeds):
            progress(index, 1.0)
    return made


def _share(progress: Callable[[int, float], None], index: int) -> ProgressFn:
    """The engine's progress on candidate ``index`` as ``progress(index, share)``."""
    return lambda share: progress(index, share)


def _draw_in_pool(
    prompt: str,
    seeds: Sequence[int],
    aspect: str,
    progress: Callable[[int, float], None],
    cancel: threading.Event,
    paths: Sequence[str] | None,
) -> list[GeneratedLike | Drawn | Exception]:
    pool = STUDIO_POOL.pool()
    targets = list(paths) if paths is not None else [None] * len(seeds)
    futures: list[Future[Drawn]] = [
        pool.submit(_studio_draw, prompt, seed, aspect, target)
        for seed, target in zip(seeds, targets, strict=True)
    ]
    made: list[GeneratedLike | Drawn | Exception] = []
    for index, future in enumerate(futures):
        if cancel.is_set():
            future.cancel()
        try:
            made.append(future.result())
        except Exception as exc:  # noqa: BLE001 - reported per candidate
            made.append(exc)
        if index + 1 < len(seeds):
            progress(index, 1.0)
    return made
