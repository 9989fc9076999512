"""Pull progress for people: a live bar with speed and ETA on a terminal, plain lines in a pipe."""

from __future__ import annotations

import time
from collections.abc import Callable

from photogen.headless_progress import Progress
from photogen.models.catalogue import ModelSpec
from photogen.models.store import InstalledModel

_REDRAW_S = 0.1
_LABEL_WIDTH = 58


def human_bytes(count: float) -> str:
    """``4300000000`` -> ``"4.3 GB"`` (decimal units, as the hub shows sizes)."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(count) < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} GB"


def human_seconds(seconds: float) -> str:
    """``195`` -> ``"3m15s"``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class PullBar:
    """A :class:`~photogen.models.pull.PullProgress` drawn on the headless progress stream.

    On a terminal the line shows bytes, speed and time left and redraws ten times a
    second; in a pipe each tenth of the download is one line.
    """

    def __init__(self, progress: Progress, clock: Callable[[], float] = time.monotonic) -> None:
        self.progress = progress
        self.clock = clock
        self.total = 0
        self.done = 0
        self.name = ""
        self._start = 0.0
        self._drawn = 0.0

    def started(self, spec: ModelSpec, files: int, total_bytes: int) -> None:
        """The download begins: ``files`` files, ``total_bytes`` in all."""
        self.name, self.total, self.done = spec.name, max(1, total_bytes), 0
        self._start = self._drawn = self.clock()
        self.progress.line(
            f"Pulling {spec.name} from {spec.repo_id}: {files} files, {human_bytes(total_bytes)}"
        )

    def advanced(self, nbytes: int) -> None:
        """``nbytes`` more arrived (negative when a restarted file rewinds)."""
        self.done = max(0, self.done + nbytes)
        now = self.clock()
        if self.progress.tty and now - self._drawn < _REDRAW_S and self.done < self.total:
            return
        self._drawn = now
        self.progress.bar(self._label(now), 100 * self.done // self.total)

    def noted(self, text: str) -> None:
        """Something the user should know (a file fetched again)."""
        self.progress.line(text)

    def finished(self, model: InstalledModel) -> None:
        """Installed and verified."""
        self.progress.bar(self._label(self.clock()), 100)
        self.progress.line(
            f"Installed {model.name} ({human_bytes(model.total_bytes)}, verified) in {model.folder}"
        )

    def _label(self, now: float) -> str:
        if not self.progress.tty:
            return f"Pulling {self.name}"
        elapsed = max(now - self._start, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        label = (
            f"{self.name} {human_bytes(self.done)}/{human_bytes(self.total)} "
            f"{human_bytes(rate)}/s ETA {human_seconds(eta)}"
        )
        return label.ljust(_LABEL_WIDTH)  # a shorter label must cover the longer one before
