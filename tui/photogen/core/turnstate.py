"""Bookkeeping of one chat turn: text bubbles, partial text, heartbeats, tool calls.

Partial text (contract §4.3) fills a provisional bubble; the aggregated text of the
same message replaces it, so nothing is ever shown twice. A trailing "I encountered
a temporary issue" after an otherwise normal turn is dropped (§4.6.4).
"""

from __future__ import annotations

from collections.abc import Mapping

from photogen.client.stream import TextItem, ToolCallItem, ToolProgressItem
from photogen.core.updates import AssistantText, Offer, StillWorking, ToolStatus, TurnUpdate
from photogen.core.wording import drop_trailing_noise, is_noise, translate


class TurnState:
    """Mutable state of one turn.

    Args:
        now: The clock's value when the turn started.
    """

    def __init__(self, now: float) -> None:
        self.bubble = 0
        """The bubble the next text fills."""
        self.partial = ""
        """Partial text received since the last final text."""
        self.shown_text = False
        """Some text (or a question) reached the user."""
        self.normal = True
        """No in-band error so far."""
        self.failed = False
        """The turn ended with an error."""
        self.last_activity = now
        """Clock value of the last event that was not a heartbeat."""
        self.last_still = 0.0
        """Quiet time at the last "still working" note."""
        self.calls: dict[str, ToolCallItem] = {}
        """Tool calls by id, to label their results."""
        self.photo_urls: set[str] = set()
        """Photos reported, or in the session before the turn: never announced (again)."""
        self.first_progress: dict[str, tuple[float, float]] = {}
        """``(clock, share)`` of each call's first progress report: the pace starts there."""

    def next_bubble(self) -> int:
        """The bubble for a final text; later text goes to a new one."""
        bubble, self.bubble = self.bubble, self.bubble + 1
        return bubble

    def activity(self, now: float) -> None:
        """A real event arrived: the heartbeat-only timer starts again."""
        self.last_activity, self.last_still = now, 0.0

    def heartbeat(self, now: float, every_s: float) -> list[TurnUpdate]:
        """A "still working" note each ``every_s`` of heartbeats only."""
        quiet = now - self.last_activity
        if every_s > 0 and quiet >= self.last_still + every_s:
            self.last_still = quiet
            return [StillWorking(round(quiet, 3))]
        return []

    def text(self, item: TextItem, keys: Mapping[str, str]) -> list[TurnUpdate]:
        """Partial text grows the provisional bubble; final text replaces it."""
        if item.partial:
            self.partial += item.text
            return [AssistantText(self.partial, provisional=True, bubble=self.bubble)]
        had_partial, self.partial = bool(self.partial), ""
        out = translate(item.text, keys)
        body = out.text
        if self.normal and (self.shown_text or self.calls):
            body = "" if is_noise(body) else drop_trailing_noise(body)
        if not body.strip():
            if had_partial:  # the bubble showed partial text that turned out to be noise
                return [AssistantText("", provisional=False, bubble=self.next_bubble())]
            return []
        self.shown_text = True
        updates: list[TurnUpdate] = [AssistantText(body, False, self.next_bubble())]
        return updates + [Offer(o.action, o.label) for o in out.offers]

    def flush_partial(self) -> list[TurnUpdate]:
        """Partial text the stream never confirmed stays as it was, as a final bubble."""
        if not self.partial.strip():
            return []
        text, self.partial, self.shown_text = self.partial, "", True
        return [AssistantText(text, False, self.next_bubble())]

    def progress(self, item: ToolProgressItem, now: float) -> list[TurnUpdate]:
        """The running tool row with its share done and, once there is a pace, an ETA.

        The pace is measured from the call's first report, so time spent before any
        step (a model loading) does not skew it.
        """
        call_id = item.id or item.name
        call = self.calls.get(call_id)
        share = item.percent / 100
        start = self.first_progress.setdefault(call_id, (now, share))
        eta = None
        if share > start[1] and now > start[0]:
            eta = (now - start[0]) / (share - start[1]) * (1 - share)
        label = (call.label if call else "") or item.name
        return [ToolStatus(call_id, label, True, progress=share, eta_s=eta, detail=item.message)]
