"""The client's SSE framing (contract §4.1, §4.6 rule 1): chunking, line endings, fields.

:func:`sse_payloads` is what ``run_sse`` reads a stream with; the last tests go through
``run_sse`` itself on MockTransport.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from photogen.client import HeartbeatItem, StreamError, TextItem
from photogen.client.turn import sse_payloads
from tests.client.conftest import SSE_HEADERS, token_response

# Payload text: anything but line breaks inside one data line (they split lines).
line_text = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)),
    max_size=40,
)
event = st.lists(line_text, min_size=1, max_size=4)  # one event = its data lines
newline = st.sampled_from(["\n", "\r\n", "\r"])


class Chunks(httpx.AsyncByteStream):
    """A response body that arrives in the given pieces."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            yield piece


def serialise(events: list[list[str]], nl: str, comments: bool = False) -> str:
    """Events as SSE text with one line ending style."""
    out = []
    for lines in events:
        if comments:
            out.append(f": keep-alive{nl}event: message{nl}retry: 7{nl}")
        out.extend(f"data: {line}{nl}" for line in lines)
        out.append(nl)
    return "".join(out)


def cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def payloads(text: str | list[bytes]) -> list[str]:
    pieces = [text.encode()] if isinstance(text, str) else text
    response = httpx.Response(200, headers=SSE_HEADERS, stream=Chunks(pieces))

    async def read() -> list[str]:
        return [p async for p in sse_payloads(response)]

    return asyncio.run(read())


@settings(deadline=None)
@given(
    st.lists(event, max_size=8),
    newline,
    st.lists(st.integers(0, 10_000), max_size=20),
    st.booleans(),
)
def test_any_chunking_gives_the_same_payloads(events, nl, cuts, comments):
    data = serialise(events, nl, comments).encode()
    expected = ["\n".join(lines) for lines in events]
    assert payloads(cut(data, cuts)) == expected


@settings(deadline=None)
@given(st.lists(event, max_size=6))
def test_crlf_and_lf_streams_agree(events):
    assert payloads(serialise(events, "\r\n")) == payloads(serialise(events, "\n"))


@settings(deadline=None, max_examples=30)
@given(st.lists(event, max_size=4), newline)
def test_one_byte_at_a_time(events, nl):
    data = serialise(events, nl).encode()
    assert payloads([data[i : i + 1] for i in range(len(data))]) == [
        "\n".join(lines) for lines in events
    ]


def test_multi_line_data_is_joined_with_newline():
    assert payloads('data: {"a":\ndata: 1}\n\n') == ['{"a":\n1}']


def test_comments_and_other_fields_are_ignored():
    text = ": hello\nevent: x\nid: 3\nretry: 10\ndata: payload\nfoo: bar\n\n"
    assert payloads(text) == ["payload"]


def test_empty_data_gives_an_empty_payload():
    assert payloads("data:\n\ndata\n\n") == ["", ""]


def test_one_leading_space_only_is_removed():
    assert payloads("data:  two\ndata:none\n\n") == [" two\nnone"]


def test_blank_lines_without_data_dispatch_nothing():
    assert payloads("\n\n: c\n\n\r\n") == []


def test_crlf_split_across_chunks_is_one_line_break():
    pieces = [b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]
    assert payloads(pieces) == ["a", "b"]


def test_an_unterminated_last_event_still_counts():
    assert payloads('data: {"error": "boom"}') == ['{"error": "boom"}']
    assert payloads("data: a\n") == ["a"]
    assert payloads("data: a\r") == ["a"]
    assert payloads([b"data: a\r\n", b"data: b\r"]) == ["a\nb"]
    assert payloads("data: a\r\n") == ["a"]


def test_utf8_split_inside_a_character():
    data = "data: café ☕\n\n".encode()
    at = data.index("☕".encode()) + 1
    assert payloads([data[:at], data[at:]]) == ["café ☕"]


def test_unicode_line_separators_stay_inside_payloads():
    # U+2028 and U+0085 are line breaks to str.splitlines, not to SSE.
    assert payloads("data: a\u2028b\x85c\x0bd\n\n") == ["a\u2028b\x85c\x0bd"]


# --- the same rules through run_sse ---------------------------------------------------

TEXT = {"author": "nemo_agent", "invocationId": "e-1", "actions": {}}


def text_event(text: str) -> dict:
    return {**TEXT, "content": {"role": "model", "parts": [{"text": text}]}}


def stream_server(body: bytes | list[bytes]):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        pieces = body if isinstance(body, list) else [body]
        return httpx.Response(200, headers=SSE_HEADERS, stream=Chunks(pieces))

    return handler


async def items_of(client) -> list:
    return [item async for item in client.run_sse("s1", "hi")]


async def test_run_sse_reads_crlf_multi_line_json_and_keepalives(mock_client):
    event = json.dumps(text_event("Hello there"), indent=1).replace("\n", "\r\ndata: ")
    body = (
        f': comment\r\n\r\ndata:\r\n\r\ndata: {{"type":"heartbeat"}}\r\n\r\ndata: {event}\r\n\r\n'
    ).encode()
    items = await items_of(mock_client(stream_server(body)))
    assert items == [HeartbeatItem(), HeartbeatItem(), TextItem("Hello there", False, "nemo_agent")]


async def test_run_sse_skips_data_that_is_not_json_and_goes_on(mock_client):
    good = json.dumps(text_event("still here"))
    body = f"data: {{not json\n\ndata: [1, 2\n\ndata: {good}\n\n".encode()
    items = await items_of(mock_client(stream_server(body)))
    assert items == [TextItem("still here", False, "nemo_agent")]


async def test_run_sse_unterminated_final_error_line_is_the_turn_error(mock_client):
    good = json.dumps(text_event("working"))
    body = f'data: {good}\n\ndata: {{"error": "quota exceeded"}}'.encode()
    client = mock_client(stream_server(body))
    seen: list = []
    try:
        async for item in client.run_sse("s1", "hi"):
            seen.append(item)
    except StreamError as exc:
        assert "quota exceeded" in exc.message
    else:
        raise AssertionError("the final error line was lost")
    assert seen == [TextItem("working", False, "nemo_agent")]


async def test_run_sse_events_split_across_chunks(mock_client):
    data = (f"data: {json.dumps(text_event('one'))}\n\n" * 2).encode()
    pieces = [data[i : i + 7] for i in range(0, len(data), 7)]
    items = await items_of(mock_client(stream_server(pieces)))
    assert items == [TextItem("one", False, "nemo_agent")] * 2
