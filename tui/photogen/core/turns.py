"""One chat turn: consume ``client.run_sse`` and yield :mod:`~photogen.core.updates`.

Rules (contract §4.6, §5):

- partial text is provisional and replaced by the aggregated text, never doubled;
- tool calls become one-line statuses; GUI wording becomes offers;
- only photos new in this turn become ``PhotoReady`` (those in the state before the
  turn are never announced again);
- heartbeats only: "still working" every ``still_working_s``;
- a silent turn (no text) polls state and says what changed;
- a dropped or timed-out stream is NEVER re-sent: wait, poll state, report done when
  it changed, else give up after ``recovery_max_unchanged`` unchanged polls;
- 1002: a new session is created (the old context is lost) and the prompt is handed
  back; cancellation (esc) closes the stream, asks this project's server to stop the
  turn (``stop_on_cancel``: never the cloud, which has no such call) and propagates.

Every wait goes through the injected ``sleep``/``clock``, so tests run instantly.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import aclosing
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from photogen.client.errors import NemoError, SessionNotFound, StreamError
from photogen.client.stream import (
    ErrorItem,
    HeartbeatItem,
    QuestionItem,
    TextItem,
    ToolCallItem,
    ToolProgressItem,
    ToolResultItem,
)
from photogen.core.errors import describe_error
from photogen.core.photos import PhotoCache, photos_in_response
from photogen.core.timeline import describe_changes, fingerprint, timeline_view
from photogen.core.turnstate import TurnState
from photogen.wire.intervals import Intervals

if TYPE_CHECKING:
    from photogen.core.protocols import TurnClient
from photogen.core.updates import (
    AssistantText,
    CreditsChanged,
    Notice,
    Offer,
    PhotoReady,
    Question,
    SessionReplaced,
    TimelineChanged,
    ToolStatus,
    TurnFinished,
    TurnStream,
    TurnUpdate,
)
from photogen.wire import SessionState

Sleep = Callable[[float], Awaitable[Any]]
#: How long esc waits for the server to confirm the turn stopped.
STOP_TIMEOUT_S = 5.0


class TurnController:
    """Runs chat turns for one session.

    Args:
        client: A ``NemoClient`` (``run_sse``, ``state``, ``credits``, ``download``).
        session_id: The current session; replaced after a 1002.
        intervals: Waits and bounds (contract defaults; tests pass tiny ones).
        new_session: Creates a session after 1002 and returns its id.
        photos: Cache that downloads generated photos for thumbnails.
        keys: Binding id -> key, for the wording of offers.
        sleep: Awaitable sleep (injectable).
        clock: Monotonic clock (injectable).
        stop_on_cancel: A cancelled turn asks the server to stop it (this project's
            server; the cloud has no such call).
    """

    def __init__(
        self,
        client: TurnClient,
        session_id: str,
        intervals: Intervals,
        *,
        new_session: Callable[[], Awaitable[str]],
        photos: PhotoCache | None = None,
        keys: Mapping[str, str] | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        stop_on_cancel: bool = False,
    ) -> None:
        self.client = client
        self.session_id = session_id
        self.intervals = intervals
        self.new_session = new_session
        self.photos = photos
        self.keys = dict(keys or {})
        self.sleep = sleep
        self.clock = clock
        self.stop_on_cancel = stop_on_cancel
        self._known_photos: dict[str, set[str]] = {}
        """Photo URLs of each session's state as last read (used when a state call fails)."""
        self.on_before: Callable[[SessionState | None], Awaitable[Any]] | None = None
        """Hears the state read before a turn's message is sent (to resume it after a quit)."""

    def _seed_photos(self, before: SessionState | None, turn: TurnState) -> None:
        """Photos that existed before the turn are never announced again."""
        if before is not None:
            self._known_photos[self.session_id] = _photo_urls(before)
        turn.photo_urls |= self._known_photos.get(self.session_id, set())

    async def run(self, text: str, selected: str | None = None) -> TurnStream:
        """Send ``text`` once and yield updates until :class:`TurnFinished`.

        ``selected``: the URL of the photo selected in the app ("this one").
        """
        try:
            before = await self._state_or_none(strict=True)
        except SessionNotFound:
            async with aclosing(self._replace_session(text)) as updates:
                async for update in updates:
                    yield update
            return
        if self.on_before is not None:
            await self.on_before(before)
        turn = TurnState(self.clock())
        self._seed_photos(before, turn)
        session_id = self.session_id  # the session may change while the turn runs
        follow_up: TurnStream
        try:
            stream = (  # the two-argument call when nothing is selected: clients of that shape
                self.client.run_sse(self.session_id, text, selected)
                if selected
                else self.client.run_sse(self.session_id, text)
            )
            try:
                async for item in stream:
                    for update in await self._handle(item, turn):
                        yield update
            finally:  # also on cancellation and when the consumer stops early
                with contextlib.suppress(Exception):
                    await stream.aclose()
        except asyncio.CancelledError:
            await self._stop_on_server(session_id)
            raise
        except SessionNotFound:
            follow_up = self._replace_session(text)
        except StreamError as exc:
            if exc.dropped or exc.timed_out:
                follow_up = self._recover(text, before, exc, turn)
            else:
                turn.failed = True
                follow_up = self._after(text, before, turn, _notice(exc))
        except NemoError as exc:
            follow_up = _finish(text, _notice(exc))
        else:
            follow_up = self._after(text, before, turn)
        async with aclosing(follow_up) as updates:
            async for update in updates:
                yield update

    async def _stop_on_server(self, session_id: str) -> None:
        """Esc: the server stops the turn's work and releases its credits (best effort)."""
        if not self.stop_on_cancel:
            return
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.client.stop_turn(session_id), STOP_TIMEOUT_S)

    async def _handle(self, item: Any, turn: TurnState) -> list[TurnUpdate]:
        now = self.clock()
        if isinstance(item, HeartbeatItem):
            return turn.heartbeat(now, self.intervals.still_working_s)
        turn.activity(now)
        if isinstance(item, TextItem):
            return turn.text(item, self.keys)
        if isinstance(item, ToolCallItem):
            call_id = item.id or item.name
            turn.calls[call_id] = item
            return [ToolStatus(call_id, item.label or item.name, running=True)]
        if isinstance(item, ToolProgressItem):
            return turn.progress(item, now)
        if isinstance(item, ToolResultItem):
            return await self._tool_result(item, turn)
        if isinstance(item, ErrorItem):
            turn.normal = False
            turn.failed = turn.failed or item.final
            level = "error" if item.final else "warning"
            return [Notice(f"The assistant reported a problem: {item.message}", level)]
        if isinstance(item, QuestionItem):
            turn.shown_text = True
            return [Question(item.question)]
        return []  # StateDeltaItem and unknown items: state is read at the end

    async def _tool_result(self, item: ToolResultItem, turn: TurnState) -> list[TurnUpdate]:
        call_id = item.id or item.name
        call = turn.calls.get(call_id)
        label = (call.label if call else "") or item.name
        status = str(item.response.get("status", "")).lower()
        ok = status not in ("error", "failed", "failure")
        updates: list[TurnUpdate] = [ToolStatus(call_id, label, running=False, ok=ok)]
        prompt = call.args.get("prompt") if call else None
        engine = item.response.get("engine")
        text = prompt if isinstance(prompt, str) else None
        name = engine if isinstance(engine, str) else None
        new = [(u, s) for u, s in photos_in_response(item.response) if u not in turn.photo_urls]
        turn.photo_urls.update(u for u, _ in new)
        grid = isinstance(item.response.get("candidates"), list)  # the server made a grid
        # a grid's photos are downloaded side by side
        photos = await asyncio.gather(*(self._photo(u, text, s, name, grid) for u, s in new))
        cutout = item.response.get("cutout")
        if isinstance(cutout, dict) and len(photos) == 1:
            photos = [replace(photos[0], cutout=cutout)]
        updates.extend(photos)
        return updates

    async def _photo(
        self,
        url: str,
        prompt: str | None,
        seed: int | None,
        engine: str | None = None,
        in_grid: bool = False,
    ) -> PhotoReady:
        path = await self.photos.fetch(url) if self.photos else None
        return PhotoReady(url, path, prompt, seed, engine=engine, in_grid=in_grid)

    async def _after(
        self, text: str, before: SessionState | None, turn: TurnState, notice: Notice | None = None
    ) -> TurnStream:
        for update in turn.flush_partial():
            yield update
        if notice is not None:
            yield notice
        after = await self._state_or_none()
        if after is not None and not turn.shown_text and not turn.failed:
            changes = describe_changes(before, after)
            line = (
                ("Done. " + "; ".join(changes) + ".")
                if changes
                else "Done — nothing on the timeline changed."
            )
            yield AssistantText(line, False, turn.next_bubble())
        async with aclosing(self._refresh(after, turn.photo_urls)) as updates:
            async for update in updates:
                yield update
        yield TurnFinished(not turn.failed, retry_text=text if turn.failed else None)

    async def _refresh(self, state: SessionState | None, seen: set[str]) -> TurnStream:
        """Timeline, new photos from state, credits."""
        if state is not None:
            yield TimelineChanged(timeline_view(state))
            self._known_photos[self.session_id] = _photo_urls(state) | seen
            for media in state.state.generated_media:
                if media.url and media.type == "image" and media.url not in seen:
                    seen.add(media.url)
                    yield await self._photo(media.url, media.prompt, media.seed, media.engine)
        with contextlib.suppress(NemoError):
            yield CreditsChanged(await self.client.credits())

    async def _state_or_none(self, strict: bool = False) -> SessionState | None:
        """The state, or None when it cannot be read; ``strict`` lets 1002 through."""
        try:
            return await self.client.state(self.session_id)
        except SessionNotFound:
            if strict:
                raise
            return None
        except NemoError:
            return None

    async def _replace_session(self, text: str) -> TurnStream:
        old = self.session_id
        try:
            self.session_id = await self.new_session()
        except NemoError as exc:
            yield _notice(exc)
            yield TurnFinished(False, retry_text=text)
            return
        yield SessionReplaced(old, self.session_id)
        yield Notice(
            "The server no longer had this session, so a new one was started; "
            "the old context is lost.",
            "warning",
            "Your message was not sent — press Enter to send it again.",
        )
        yield TurnFinished(False, retry_text=text)

    async def _recover(
        self, text: str, before: SessionState | None, exc: StreamError, turn: TurnState
    ) -> TurnStream:
        """Contract §5: never re-send; poll state until it changes or we give up."""
        for update in turn.flush_partial():
            yield update
        what = "The reply took too long" if exc.timed_out else "The connection dropped"
        yield Notice(f"{what}; checking progress without sending your message again…", "warning")
        done = "The connection dropped, but the work finished. "
        async with aclosing(self._await_change(text, before, turn, done)) as updates:
            async for update in updates:
                yield update

    async def resume(
        self, text: str, before: SessionState | None, shown: frozenset[str] = frozenset()
    ) -> TurnStream:
        """A turn the app quit during (contract §5 recovery): poll state, say what it made.

        ``before`` is the state read before the message went out; None means the app
        quit before that, so the message was never sent: it is handed back. ``shown``:
        photo URLs the user saw before the quit (never announced again).
        """
        if before is None:
            yield Notice(
                "photogen-tui closed before your last message was sent.",
                "warning",
                "Press Enter to send it.",
            )
            yield TurnFinished(False, retry_text=text)
            return
        turn = TurnState(self.clock())
        turn.photo_urls |= _photo_urls(before) | shown
        yield Notice(f'Checking what your last message made: "{text[:80]}"…')
        done = "While photogen-tui was closed, your last message finished. "
        async with aclosing(self._await_change(text, before, turn, done)) as updates:
            async for update in updates:
                yield update

    async def _await_change(
        self, text: str, before: SessionState | None, turn: TurnState, done: str
    ) -> TurnStream:
        """Poll the state until it differs from ``before`` (say what changed) or give up."""
        start = fingerprint(before)
        unchanged, wait = 0, self.intervals.recovery_first_wait_s
        while True:
            await self.sleep(wait)
            state = await self._state_or_none()
            if state is not None and fingerprint(state) != start:
                changes = describe_changes(before, state)
                yield AssistantText(
                    done + ("; ".join(changes) + "." if changes else ""),
                    False,
                    turn.next_bubble(),
                )
                async with aclosing(self._refresh(state, turn.photo_urls)) as updates:
                    async for update in updates:
                        yield update
                yield TurnFinished(True)
                return
            unchanged += 1
            if unchanged >= self.intervals.recovery_max_unchanged:
                break
            yield Notice(f"Still checking ({unchanged}/{self.intervals.recovery_max_unchanged})…")
            wait = self.intervals.recovery_wait_s
        yield Notice(
            "The request did not finish.",
            "error",
            "Nothing was sent twice. Press Enter to try again.",
        )
        yield Offer("retry", "Send the message again")
        yield TurnFinished(False, retry_text=text)


async def _finish(text: str, notice: Notice) -> TurnStream:
    """A turn that failed before anything happened: say why, hand the prompt back."""
    yield notice
    yield TurnFinished(False, retry_text=text)


def _photo_urls(state: SessionState) -> set[str]:
    """URLs of the generated images in a state."""
    return {m.url for m in state.state.generated_media if m.url and m.type == "image"}


def _notice(exc: BaseException) -> Notice:
    human = describe_error(exc)
    return Notice(human.title, "error", human.what_to_do, cause=exc)
