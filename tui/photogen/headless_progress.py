"""Progress on stderr for the headless commands: a bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from photogen.wire.safety import strip_control

BAR_WIDTH = 28


class Progress:
    """Writes status lines and progress bars to a stream (stderr by default).

    On a terminal the bar redraws in place; elsewhere (a pipe, a CI log) each state
    change is one plain line, and a percentage only every 10 points.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.quiet = quiet
        self._open_bar = False
        self._last_step: dict[str, int] = {}

    def line(self, text: str) -> None:
        """One status line ("Generating photo…")."""
        if self.quiet or not text.strip():
            return
        self._close_bar()
        self.stream.write(strip_control(text).rstrip() + "\n")
        self.stream.flush()

    def bar(self, label: str, percent: int, note: str = "") -> None:
        """A progress bar for ``label`` at ``percent`` (0-100), with a short ``note`` after it
        (the time left) on a terminal."""
        if self.quiet:
            return
        percent = max(0, min(100, int(percent)))
        if self.tty:
            filled = BAR_WIDTH * percent // 100
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            tail = f" {strip_control(note)}" if note else ""
            self.stream.write(f"\r{label} {bar} {percent:3d}%{tail:<20}")
            self._open_bar = True
        elif percent // 10 != self._last_step.get(label, -1):
            self._last_step[label] = percent // 10
            self.stream.write(f"{label} {percent}%\n")
        self.stream.flush()

    def _close_bar(self) -> None:
        if self._open_bar:
            self.stream.write("\n")
            self._open_bar = False

    def close(self) -> None:
        """End an open bar line."""
        self._close_bar()
        self.stream.flush()
