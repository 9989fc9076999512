"""Loaded models kept in memory: each loaded once, all of them within a byte budget.

The policy is least-recently-used by size: before a model loads, the models used longest
ago are let go until the new one fits the budget, so two large models are never asked to
sit in memory together past it (a model bigger than the whole budget still loads, alone).
Loads run one at a time, in the caller's thread (the server's worker threads, never its
event loop); a model already loaded is handed out without waiting for another's load.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


def default_budget_bytes() -> int:
    """Half of this machine's physical memory (8 GB if it cannot be read)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")) // 2
    except (AttributeError, OSError, ValueError):
        return 8 * 1024**3


@dataclass
class _Entry:
    model: Any
    size: int


class ResidentModels:
    """A size-bounded LRU of loaded models, keyed by a name the caller chooses."""

    def __init__(self, budget_bytes: int | None = None) -> None:
        self.budget = default_budget_bytes() if budget_bytes is None else budget_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        self.loads = 0
        """How many loads ran (a test checks each model loads once)."""

    def get(self, key: str, size_bytes: int, load: Callable[[], T]) -> T:
        """The model under ``key``, loading it with ``load()`` if it is not resident.

        ``size_bytes`` is what it is expected to take in memory. An exception from
        ``load`` propagates and nothing is kept.
        """
        found = self._lookup(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        with self._load_lock:
            found = self._lookup(key)
            if found is not None:
                return found  # type: ignore[no-any-return]
            self._make_room(size_bytes)
            model = load()
            self.loads += 1
            with self._lock:
                self._entries[key] = _Entry(model, size_bytes)
            return model

    def resident(self) -> list[str]:
        """The keys in memory, least recently used first."""
        with self._lock:
            return list(self._entries)

    def used_bytes(self) -> int:
        """The sum of the resident models' sizes."""
        with self._lock:
            return sum(entry.size for entry in self._entries.values())

    def drop(self, key: str) -> None:
        """Lets ``key`` go (no-op if it is not resident)."""
        with self._lock:
            self._entries.pop(key, None)
        _release_memory()

    def _lookup(self, key: str) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry.model

    def _make_room(self, size_bytes: int) -> None:
        evicted = False
        with self._lock:
            while self._entries and self._used() + size_bytes > self.budget:
                self._entries.popitem(last=False)
                evicted = True
        if evicted:
            _release_memory()

    def _used(self) -> int:
        return sum(entry.size for entry in self._entries.values())


def _release_memory() -> None:
    """Collects the let-go models now, and returns a GPU's cached blocks to the driver."""
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()
