"""``run_sse`` against the real embedded server: both shapes, partials, heartbeats, drops."""

from __future__ import annotations

import asyncio

import pytest

from photogen.client import (
    HeartbeatItem,
    StateDeltaItem,
    StreamError,
    TextItem,
    ToolCallItem,
    ToolResultItem,
)
from tests.client.live import live_client, turn

TITLE = 'add a title "Hello world"'


def texts(items, partial: bool) -> list[str]:
    return [i.text for i in items if isinstance(i, TextItem) and i.partial is partial]


@pytest.mark.parametrize("shape", ["adk", "simple"])
async def test_tool_turn_items(live_server, tmp_path, shape):
    server = live_server(sse_shape=shape)
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        items = await turn(client, session.session_id, TITLE)
        state = await client.state(session.session_id)
    kinds = [type(i) for i in items if not isinstance(i, HeartbeatItem)]
    assert ToolCallItem in kinds and ToolResultItem in kinds and TextItem in kinds
    call = next(i for i in items if isinstance(i, ToolCallItem))
    assert call.name == "edit_multitrack" and call.label == "Editing timeline…"
    assert texts(items, partial=True) == []  # streaming is off by default
    assert "Hello world" in texts(items, partial=False)[-1]
    if shape == "adk":
        assert any(isinstance(i, StateDeltaItem) for i in items)
    tracks = state.state.parsed_draft().t
    assert any(track.tt == 7 for track in tracks)


@pytest.mark.parametrize("shape", ["adk", "simple"])
async def test_streaming_partials_are_replaced_by_the_full_text(live_server, tmp_path, shape):
    server = live_server(sse_shape=shape)
    async with live_client(server.url, tmp_path / "cfg", streaming=True) as client:
        session = await client.create_session()
        items = await turn(client, session.session_id, "help")
    text_items = [i for i in items if isinstance(i, TextItem)]
    if shape == "simple":  # this shape has no partial chunks: one full text
        assert [i.partial for i in text_items] == [False]
        return
    partial = texts(items, partial=True)
    (final,) = texts(items, partial=False)
    assert len(partial) > 1 and "".join(partial) == final
    assert text_items[-1].partial is False  # the full text comes last: it replaces


async def test_chinese_request(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session(language="zh-CN")
        items = await turn(client, session.session_id, "你好")
    assert any("你好" in t for t in texts(items, partial=False))


async def test_heartbeats_arrive_while_a_tool_runs(live_server, tmp_path):
    server = live_server(heartbeat_s=1.0)  # 10 ms at time scale 0.01
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        items = await turn(client, session.session_id, "a photo of a red mug on white")
    assert any(isinstance(i, HeartbeatItem) for i in items)
    assert any(isinstance(i, ToolCallItem) and i.name == "generate_image" for i in items)


async def test_dropped_stream_raises_and_state_changes_later(live_server, tmp_path):
    server = live_server(drop_stream_after=1)
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        items = []
        with pytest.raises(StreamError) as info:
            async for item in client.run_sse(session.session_id, TITLE):
                items.append(item)
        assert info.value.dropped and not info.value.timed_out
        assert len([i for i in items if not isinstance(i, HeartbeatItem)]) <= 1
        # Recovery (contract §5) polls state: the turn finished on the server.
        for _ in range(200):
            draft = (await client.state(session.session_id)).state.draft
            if draft.get("t"):
                break
            await asyncio.sleep(0.02)
        assert any(track.get("tt") == 7 for track in draft["t"])


async def test_heartbeat_only_timeout_against_the_server(live_server, tmp_path):
    server = live_server(heartbeat_s=1.0, time_scale=0.05)
    async with live_client(server.url, tmp_path / "cfg", heartbeat_timeout_s=0.02) as client:
        session = await client.create_session()
        with pytest.raises(StreamError) as info:
            await turn(client, session.session_id, "a photo of a red mug on white")
    assert info.value.timed_out
