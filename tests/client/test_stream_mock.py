"""``run_sse`` edge cases on MockTransport: checks before the stream, drops, watchdogs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from photogen.client import (
    HeartbeatItem,
    OutOfCredits,
    SessionNotFound,
    StreamError,
    TextItem,
)
from photogen.client.errors import ApiError, AuthError
from tests.client.conftest import SSE_HEADERS, envelope, sse, token_response

RUN = "/run_sse"
HELLO = {
    "content": {"parts": [{"text": "Hello"}], "role": "model"},
    "author": "nemo_agent",
    "invocationId": "e-1",
    "actions": {},
}


def server(*answers: httpx.Response):
    """Token, then the /run_sse answers in order; records the /run_sse requests."""
    queue = list(answers)
    runs: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        runs.append(request)
        return queue.pop(0)

    return handler, runs


async def collect(client, text: str = "hi") -> list:
    return [item async for item in client.run_sse("s1", text)]


async def test_request_body_and_headers(mock_client):
    handler, runs = server(httpx.Response(200, headers=SSE_HEADERS, content=sse(HELLO)))
    assert await collect(mock_client(handler)) == [TextItem("Hello", False, "nemo_agent")]
    assert json.loads(runs[0].content) == {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": "s1",
        "new_message": {"parts": [{"text": "hi"}]},
    }
    assert runs[0].headers["accept"] == "text/event-stream"
    assert runs[0].headers["authorization"].startswith("Bearer ")
    assert runs[0].headers["x-skill-platform"] == "terminal"


async def test_streaming_setting_adds_the_flag(mock_client):
    handler, runs = server(httpx.Response(200, headers=SSE_HEADERS, content=b""))
    await collect(mock_client(handler, streaming=True))
    assert json.loads(runs[0].content)["streaming"] is True


@pytest.mark.parametrize("status", [200, 404])
async def test_json_error_envelope_before_the_stream(mock_client, status):
    body = envelope(code=1002, message="Session not found")
    handler, _ = server(httpx.Response(status, json=body))
    with pytest.raises(SessionNotFound):
        await collect(mock_client(handler))


async def test_fastapi_404_detail(mock_client):
    handler, _ = server(httpx.Response(404, json={"detail": "Session not found"}))
    with pytest.raises(SessionNotFound):
        await collect(mock_client(handler))


async def test_2001_before_the_stream_with_http_402(mock_client):
    handler, _ = server(httpx.Response(402, json=envelope(code=2001, message="No credits")))
    with pytest.raises(OutOfCredits) as info:
        await collect(mock_client(handler))
    assert info.value.bind_url and "bind=anon_1" in info.value.bind_url


async def test_json_success_without_a_stream_is_an_error(mock_client):
    handler, _ = server(httpx.Response(200, json=envelope({"ok": True})))
    with pytest.raises(ApiError, match="without an event stream"):
        await collect(mock_client(handler))


async def test_auth_refusal_before_the_stream_reauths_and_sends_once_more(mock_client):
    refused = httpx.Response(401, json=envelope(code=1001, message="expired"))
    handler, runs = server(refused, httpx.Response(200, headers=SSE_HEADERS, content=sse(HELLO)))
    assert len(await collect(mock_client(handler))) == 1
    assert len(runs) == 2


async def test_auth_refusal_twice_raises(mock_client):
    refused = httpx.Response(401, json=envelope(code=1001, message="expired"))
    handler, runs = server(refused, refused)
    with pytest.raises(AuthError):
        await collect(mock_client(handler))


async def test_final_error_line_ends_the_turn_with_a_stream_error(mock_client):
    body = sse(HELLO, '{"error": "Tool "x" crashed"}', HELLO)
    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=body))
    items = []
    with pytest.raises(StreamError) as info:
        async for item in mock_client(handler).run_sse("s1", "hi"):
            items.append(item)
    assert items == [TextItem("Hello", False, "nemo_agent")]
    assert info.value.message == 'Tool "x" crashed'
    assert not info.value.dropped and not info.value.timed_out


async def test_final_error_with_code_2001_is_out_of_credits(mock_client):
    body = sse({"error": {"code": 2001, "message": "Out of credits"}})
    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=body))
    with pytest.raises(OutOfCredits) as info:
        await collect(mock_client(handler))
    assert info.value.bind_url == "https://nemovideo.com/register?bind=anon_1"


async def _dropping() -> AsyncIterator[bytes]:
    yield sse(HELLO)
    yield b'data: {"content":'
    raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


async def test_dropped_connection_is_a_stream_error_and_never_resent(mock_client):
    handler, runs = server(httpx.Response(200, headers=SSE_HEADERS, content=_dropping()))
    items = []
    with pytest.raises(StreamError) as info:
        async for item in mock_client(handler).run_sse("s1", "hi"):
            items.append(item)
    assert info.value.dropped and items == [TextItem("Hello", False, "nemo_agent")]
    assert len(runs) == 1


async def test_heartbeats_only_for_too_long_is_a_timeout(mock_client):
    now = [0.0]

    async def heartbeats() -> AsyncIterator[bytes]:
        yield sse(HELLO)
        for _ in range(100):
            now[0] += 2.0
            yield b'data: {"type":"heartbeat"}\n\n'

    handler, runs = server(httpx.Response(200, headers=SSE_HEADERS, content=heartbeats()))
    client = mock_client(handler, heartbeat_timeout_s=5)
    client._clock = lambda: now[0]
    items = []
    with pytest.raises(StreamError) as info:
        async for item in client.run_sse("s1", "hi"):
            items.append(item)
    assert info.value.timed_out and not info.value.dropped
    assert items[0] == TextItem("Hello", False, "nemo_agent")
    assert items[1:] == [HeartbeatItem(), HeartbeatItem()]  # third one is past 5 s
    assert len(runs) == 1


async def test_hard_limit_ends_even_a_busy_turn(mock_client):
    now = [0.0]

    async def chatty() -> AsyncIterator[bytes]:
        for _ in range(100):
            now[0] += 4.0
            yield sse(HELLO)

    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=chatty()))
    client = mock_client(handler, heartbeat_timeout_s=5, stream_hard_limit_s=10)
    client._clock = lambda: now[0]
    with pytest.raises(StreamError, match="time limit") as info:
        await collect(client)
    assert info.value.timed_out


async def test_crlf_and_split_chunks_over_the_wire(mock_client):
    async def pieces() -> AsyncIterator[bytes]:
        raw = sse(HELLO).replace(b"\n", b"\r\n") + b": comment\r\n\r\ndata:\r\n\r\n"
        for i in range(0, len(raw), 7):
            yield raw[i : i + 7]

    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=pieces()))
    assert await collect(mock_client(handler)) == [
        TextItem("Hello", False, "nemo_agent"),
        HeartbeatItem(),
    ]


async def test_utf8_split_inside_a_character(mock_client):
    raw = sse(json.dumps({"type": "text", "content": "café — 日本"}, ensure_ascii=False))
    cut = raw.index("日".encode()) + 1

    async def pieces() -> AsyncIterator[bytes]:
        yield raw[:cut]
        yield raw[cut:]

    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=pieces()))
    assert await collect(mock_client(handler)) == [TextItem("café — 日本", False, "")]


@pytest.mark.parametrize(
    "last",
    [
        {"error": "RuntimeError: tool crashed", "error_details": {"error_type": "RuntimeError"}},
        {"author": "system", "content": {"parts": [{"text": "Error: RuntimeError: tool crashed"}]}},
    ],
)
async def test_adk_exception_lines_end_the_turn_as_an_error(mock_client, last):
    handler, _ = server(httpx.Response(200, headers=SSE_HEADERS, content=sse(HELLO, last)))
    items = []
    with pytest.raises(StreamError) as info:
        async for item in mock_client(handler).run_sse("s1", "hi"):
            items.append(item)
    assert items == [TextItem("Hello", False, "nemo_agent")]  # never as assistant text
    assert "tool crashed" in info.value.message
    assert not (info.value.dropped or info.value.timed_out)
