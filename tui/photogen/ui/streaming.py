"""The one throttle between a streamed reply and the screen.

Provisional text carries the whole reply so far, so skipping intermediate
versions loses nothing: :class:`Coalescer` forwards at most one provisional
text per frame (per bubble) and everything else at once, in order. The chat
draws what it is given at once; nothing else batches.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from photogen.core.updates import AssistantText, TurnUpdate

FRAME_S = 1 / 60


class Coalescer:
    """Forwards turn updates to ``post``, merging provisional texts within one frame."""

    def __init__(self, post: Callable[[TurnUpdate], object], frame_s: float = FRAME_S) -> None:
        self.post = post
        self.frame_s = frame_s
        self.pending: AssistantText | None = None
        self._timer: asyncio.TimerHandle | None = None

    def push(self, update: TurnUpdate) -> None:
        """Take one update from the stream."""
        if not (isinstance(update, AssistantText) and update.provisional):
            self.flush()
            self.post(update)
            return
        if self.pending is not None and self.pending.bubble != update.bubble:
            self.flush()
        self.pending = update
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.frame_s, self.flush)

    def flush(self) -> None:
        """Forward the waiting provisional text now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.post(pending)
