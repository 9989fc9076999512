"""A :class:`~photogen.models.pull.PullProgress` that remembers what a pull reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from photogen.models.catalogue import ModelSpec
from photogen.models.store import InstalledModel


@dataclass
class Recorder:
    """Totals, byte counts and notes; ``on_advance`` lets a test act mid-pull."""

    total: int = 0
    files: int = 0
    done: int = 0
    notes: list[str] = field(default_factory=list)
    installed: InstalledModel | None = None
    on_advance: Callable[[int], None] | None = None

    def started(self, spec: ModelSpec, files: int, total_bytes: int) -> None:
        self.files, self.total = files, total_bytes

    def advanced(self, nbytes: int) -> None:
        self.done += nbytes
        if self.on_advance is not None:
            self.on_advance(self.done)

    def noted(self, text: str) -> None:
        self.notes.append(text)

    def finished(self, model: InstalledModel) -> None:
        self.installed = model
