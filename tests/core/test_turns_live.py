"""Chat turns through the Workspace against the real server on loopback."""

from __future__ import annotations

from typing import Any

from photogen.core.updates import (
    AssistantText,
    CreditsChanged,
    Notice,
    Offer,
    PhotoReady,
    SessionReplaced,
    StillWorking,
    TimelineChanged,
    ToolStatus,
    TurnFinished,
)
from photogen.core.workspace import Workspace

from .conftest import OpenWs

PROMPT = "generate a realistic photo of a red mug on a white background"


async def turn(ws: Workspace, text: str) -> list[Any]:
    return [u async for u in ws.send(text)]


def final_texts(updates: list[Any]) -> list[str]:
    return [u.text for u in updates if isinstance(u, AssistantText) and not u.provisional]


async def test_streamed_reply_photo_timeline_credits(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url, streaming=True)
    updates = await turn(ws, PROMPT)
    provisional = [u for u in updates if isinstance(u, AssistantText) and u.provisional]
    assert provisional, "streaming=True gives partial text"
    texts = final_texts(updates)
    assert len(texts) == 2 and "Press ctrl+e" in texts[1] and "Click Export" not in texts[1]
    assert any(isinstance(u, ToolStatus) and u.label == "Generating photo…" for u in updates)
    photo = next(u for u in updates if isinstance(u, PhotoReady))
    assert photo.local_path is not None and photo.local_path.read_bytes()[:4] == b"\x89PNG"
    assert photo.prompt and "red mug" in photo.prompt
    assert photo.engine == "photogen-studio/1"
    assert Offer("export", "Export (ctrl+e)") in updates
    timeline = next(u for u in updates if isinstance(u, TimelineChanged))
    assert timeline.summary.startswith("Timeline (1 track): 1. Video:")
    credits = next(u for u in updates if isinstance(u, CreditsChanged))
    assert credits.balance.available == 90
    assert updates[-1] == TurnFinished(True)
    history = ws.history()
    assert [m.role for m in history][:3] == ["user", "assistant", "assistant"]
    assert history[0].text == PROMPT
    assert ws.list_sessions()[0].title == PROMPT


async def test_silent_edit_reports_the_state_diff(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url)
    await turn(ws, PROMPT)
    await turn(ws, "add some music")
    updates = await turn(ws, "set the music volume to 20%")
    assert final_texts(updates) == ["Done. Music volume for Lo-fi: 35% -> 20%."]
    assert updates[-1] == TurnFinished(True)


async def test_dropped_stream_recovers_without_resending(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server(drop_stream_after=2).url)
    sent: list[str] = []
    original = ws.client.run_sse

    def counting(session_id: str, text: str) -> Any:
        sent.append(text)
        return original(session_id, text)

    ws.client.run_sse = counting  # type: ignore[method-assign]
    updates = await turn(ws, PROMPT)
    assert any(isinstance(u, Notice) and "connection dropped" in u.text.lower() for u in updates)
    assert any("the work finished" in t for t in final_texts(updates))
    assert updates[-1] == TurnFinished(True)
    assert sent == [PROMPT]
    state = await ws.client.state(ws.session.id)
    assert len(state.state.generated_media) == 1  # the server ran the turn exactly once
    assert (await ws.credits()).available == 90  # and charged it once


async def test_heartbeats_only_say_still_working(live_server: Any, open_ws: OpenWs) -> None:
    server = live_server(debug_commands=True, heartbeat_s=1.0)
    ws = await open_ws(server.url, still_working_s=0.02)
    updates = await turn(ws, "#fault heartbeats 40")
    assert len([u for u in updates if isinstance(u, StillWorking)]) >= 2
    assert updates[-1].ok


async def test_lost_session_starts_a_new_one_and_keeps_the_prompt(
    live_server: Any, open_ws: OpenWs
) -> None:
    ws = await open_ws(live_server().url)
    await ws.open_session("gone-123")  # the server loses it while the app runs
    updates = await turn(ws, PROMPT)
    replaced = next(u for u in updates if isinstance(u, SessionReplaced))
    assert replaced.old_id == "gone-123" and ws.session.id == replaced.new_id
    assert updates[-1] == TurnFinished(False, retry_text=PROMPT)
    again = await turn(ws, PROMPT)
    assert again[-1] == TurnFinished(True)


async def test_later_turns_do_not_repeat_earlier_photos(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url)
    first = [u for u in await turn(ws, PROMPT) if isinstance(u, PhotoReady)]
    assert len(first) == 1
    for text in ("add some music", "asdfgh"):
        updates = await turn(ws, text)
        assert updates[-1].ok
        assert [u for u in updates if isinstance(u, PhotoReady)] == [], text
    photos = [m.text for m in ws.history() if m.kind == "photo"]
    assert photos == [first[0].url]
    assert [m.text for m in ws.history() if m.kind == "tool"] == [
        "Generating photo…",
        "Editing timeline…",
    ]
