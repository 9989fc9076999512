"""One ``/run_sse`` turn as typed items (contract §3.1, §4.6, §5).

- The response is checked before it is read as a stream: an error envelope (HTTP 200
  JSON or 4xx) raises its :class:`ApiError` subclass before any item.
- The message is never re-sent once the stream is open.
- The connection dropping mid-turn -> ``StreamError(dropped=True)``.
- Heartbeats only (or silence) for ``heartbeat_timeout_s``, or the turn running past
  ``stream_hard_limit_s`` -> ``StreamError(timed_out=True)``. This includes the wait
  for the response headers: a gateway that takes the request and never answers.
- The final ``{"error": ...}`` line -> ``StreamError`` (both flags False), or
  :class:`OutOfCredits` when its code is 2001. Its :class:`ErrorItem` is not yielded.

The framing (contract §4.1, §4.6 rule 1) is httpx-sse's: lines end in LF, CRLF or CR;
several ``data:`` lines of one event are joined with ``\\n``; comments and other fields
are ignored. One leniency is added: a last event the server did not end with a blank
line still counts (:func:`sse_payloads`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import cast

import httpx
from httpx_sse import EventSource

from photogen.client.envelope import make_error
from photogen.client.errors import OutOfCredits, StreamError
from photogen.client.stream import ErrorItem, HeartbeatItem, StreamItem, classify
from photogen.client.transport import Transport
from photogen.wire.run import run_body

RUN_PATH = "/run_sse"
Clock = Callable[[], float]


class _Watch:
    """Deadlines of one turn: the hard limit and the last sign of progress."""

    def __init__(self, heartbeat_s: float, hard_s: float, clock: Clock) -> None:
        self.clock = clock
        self.heartbeat_s = heartbeat_s
        self.hard_deadline = clock() + hard_s
        self.progress_at = clock()

    def remaining(self) -> float:
        """Seconds until the next deadline (may be <= 0)."""
        now = self.clock()
        return min(self.hard_deadline, self.progress_at + self.heartbeat_s) - now

    def expired_error(self) -> StreamError:
        """The timeout that has passed (hard limit first)."""
        if self.clock() >= self.hard_deadline:
            return StreamError("The turn ran past its time limit.", timed_out=True)
        minutes = self.heartbeat_s / 60
        return StreamError(
            f"No progress for {minutes:.0f} min: the turn timed out.", timed_out=True
        )


async def run_turn(
    transport: Transport,
    session_id: str,
    text: str,
    *,
    bind_url: Callable[[], str | None] = lambda: None,
    clock: Clock = time.monotonic,
    selected: str | None = None,
) -> AsyncGenerator[StreamItem, None]:
    """Send one message and yield the turn's items (see the module docstring)."""
    s = transport.settings
    body = run_body(session_id, text, streaming=s.streaming, selected=selected)
    timeout = httpx.Timeout(s.request_timeout_s, read=None)
    watch = _Watch(s.heartbeat_timeout_s, s.stream_hard_limit_s, clock)
    headers = {"Accept": "text/event-stream"}
    async with contextlib.AsyncExitStack() as stack:
        # read=None lets the stream be quiet between events, so the wait for the headers
        # gets its own bound (the same as for silence mid-turn); never re-sent after it.
        try:
            async with asyncio.timeout(max(0.0, watch.remaining())):
                response = await stack.enter_async_context(
                    transport.stream("POST", RUN_PATH, json=body, headers=headers, timeout=timeout)
                )
        except TimeoutError:
            raise StreamError(
                "The server took the message but never answered: the turn timed out.",
                timed_out=True,
            ) from None
        payloads = await stack.enter_async_context(contextlib.aclosing(sse_payloads(response)))
        while (payload := await _next_payload(payloads, watch)) is not None:
            for item in classify(payload):
                _check_item(item, watch, bind_url)
                yield item


class _Ended:
    """A response as :class:`EventSource` reads it, always ending with a blank line.

    The line breaks it adds end an event the server left unterminated (a proxy cutting
    the stream after the final ``{"error": ...}`` line); a stream that ended with a
    blank line gets nothing added.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.headers = response.headers
        self._response = response

    async def aiter_text(self) -> AsyncIterator[str]:
        tail = ""
        async for text in self._response.aiter_text():
            tail = (tail + text)[-4:]
            yield text
        ends = tail.replace("\r\n", "\n").replace("\r", "\n")
        if not tail or ends.endswith("\n\n"):
            return
        # One more break of the same kind (an LF after a CR would join it as CRLF).
        yield tail[-1] if ends.endswith("\n") else "\n\n"


async def sse_payloads(response: httpx.Response) -> AsyncGenerator[str, None]:
    """The data payloads of an event-stream response, in order (an empty one is ``""``)."""
    source = EventSource(cast(httpx.Response, _Ended(response)))
    async with contextlib.aclosing(source.aiter_sse()) as events:
        async for event in events:
            yield event.data


async def _next_payload(payloads: AsyncIterator[str], watch: _Watch) -> str | None:
    """The next data payload, or None at a clean end of stream."""
    remaining = watch.remaining()
    if remaining <= 0:
        raise watch.expired_error()
    try:
        async with asyncio.timeout(remaining):
            return await anext(payloads)
    except StopAsyncIteration:
        return None
    except TimeoutError:
        raise watch.expired_error() from None
    except (httpx.HTTPError, httpx.StreamError) as exc:
        raise StreamError("The connection dropped before the turn finished.", dropped=True) from exc


def _check_item(item: StreamItem, watch: _Watch, bind_url: Callable[[], str | None]) -> None:
    """Note progress; end the turn on a final error or a heartbeat-only timeout."""
    if isinstance(item, HeartbeatItem):
        if watch.remaining() <= 0:
            raise watch.expired_error()
        return
    if isinstance(item, ErrorItem) and item.final:
        if item.code is not None and item.code.strip() == "2001":
            error = make_error(200, 2001, item.message, RUN_PATH)
            if isinstance(error, OutOfCredits) and error.bind_url is None:
                error.bind_url = bind_url()
            raise error
        raise StreamError(item.message or "The turn failed.")
    watch.progress_at = watch.clock()
