"""What a chat turn tells the UI: small frozen dataclasses, one per kind of update.

:class:`~photogen.core.turns.TurnController` yields these; the UI's worker posts
each one as a message. Text is already stripped of control sequences.

Stdlib only at run time: the UI matches on these classes (``match update: case
AssistantText(): ...``) and imports them before its first paint.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the UI imports this module before its first paint: no pydantic here
    from photogen.core.lineage import Grid
    from photogen.core.timeline import TimelineView, TrackView
    from photogen.wire import CreditsBalance


@dataclass(frozen=True)
class AssistantText:
    """Assistant text. A provisional text is replaced by the next text of the same bubble."""

    text: str
    provisional: bool = False
    """True for streamed partial text; the final text of the same ``bubble`` replaces it."""
    bubble: int = 0
    """Which chat bubble this text fills (one per agent message in the turn)."""


@dataclass(frozen=True)
class ToolStatus:
    """A one-line tool status ("Generating photo…"); ``running`` False when it finished."""

    call_id: str
    label: str
    running: bool = True
    ok: bool = True
    """False when the tool reported a failure."""
    progress: float | None = None
    """Share done (0-1) while the server reports it (a model's denoising steps); else None."""
    eta_s: float | None = None
    """Seconds left at the pace so far; None until two reports set a pace."""
    detail: str = ""
    """A short note from the server with the progress ("1/2": the first of two photos)."""

    @property
    def eta_text(self) -> str:
        """``"about 12 s left"``, ``"about 2 min left"``, ``"under 1 s left"``, or "" without
        an ETA."""
        if self.eta_s is None:
            return ""
        if self.eta_s < 1:
            return "under 1 s left"
        seconds = round(self.eta_s)
        if seconds < 90:
            return f"about {seconds} s left"
        return f"about {round(seconds / 60)} min left"

    @property
    def progress_text(self) -> str:
        """``"62% · about 12 s left · 1/2"``: what a bar says beside it; "" without progress."""
        if self.progress is None:
            return ""
        parts = [f"{self.progress * 100:.0f}%", self.eta_text, self.detail]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class StillWorking:
    """Only heartbeats for a while: say "still working"."""

    elapsed_s: float


@dataclass(frozen=True)
class PhotoReady:
    """A generated photo; ``local_path`` is a cached copy for thumbnails (None if not fetched)."""

    url: str
    local_path: Path | None = None
    prompt: str | None = None
    seed: int | None = None
    cutout: dict[str, Any] | None = None
    """The server's score of the photo's cut-out (``confidence``, ``sure``, ``doubts``...)."""
    engine: str | None = None
    """What made it ("photogen-studio/1", "diffusers:lcm-dreamshaper"), when the server says."""
    in_grid: bool = False
    """A candidate of a grid the server made in this turn: the grid that follows shows it."""


@dataclass(frozen=True)
class TimelineChanged:
    """The session state after the turn: refresh the timeline tree and the preview."""

    view: TimelineView

    @property
    def summary(self) -> str:
        """The contract-format one-liner."""
        return self.view.summary

    @property
    def tree(self) -> list[TrackView]:
        """Tracks with their segments."""
        return self.view.tracks

    @property
    def draft(self) -> dict[str, Any]:
        """The raw draft."""
        return self.view.draft


@dataclass(frozen=True)
class CreditsChanged:
    """The credit balance after the turn."""

    balance: CreditsBalance


@dataclass(frozen=True)
class Offer:
    """An action the backend's GUI wording pointed at: export, status, timeline, credits, say,
    retry."""

    action: str
    label: str


@dataclass(frozen=True)
class Notice:
    """A status line or error for the user; ``level`` is info, warning or error."""

    text: str
    level: str = "info"
    what_to_do: str = ""
    cause: BaseException | None = field(default=None, compare=False, repr=False)
    """The error this notice words, if any, so another surface can word it its own way."""


@dataclass(frozen=True)
class Question:
    """The agent waits for an answer; the next message is the answer."""

    text: str


@dataclass(frozen=True)
class SessionReplaced:
    """The server lost the session (1002); a new one was created and is now current."""

    old_id: str
    new_id: str


@dataclass(frozen=True)
class TurnFinished:
    """The turn is over. ``retry_text`` is the prompt to put back in the input, if any."""

    ok: bool
    retry_text: str | None = None


@dataclass(frozen=True)
class GridReady:
    """A grid of candidates finished: numbered thumbnails, a contact sheet, grid keys.

    ``paths`` are cached copies of the candidates' photos (None where not fetched),
    in the grid's order.
    """

    grid: Grid
    paths: tuple[Path | None, ...] = ()


TurnUpdate = (
    AssistantText
    | ToolStatus
    | StillWorking
    | PhotoReady
    | TimelineChanged
    | CreditsChanged
    | Offer
    | Notice
    | Question
    | SessionReplaced
    | GridReady
    | TurnFinished
)

#: What a turn yields; an async generator, so callers can ``aclose()`` it early.
TurnStream = AsyncGenerator[TurnUpdate, None]
