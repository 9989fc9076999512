"""Quitting during a turn loses nothing: the next launch polls the state and says what the
turn made (contract §5 recovery), without sending the message again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from photogen.core.updates import AssistantText, Notice, PhotoReady, ToolStatus, TurnFinished

from .conftest import OpenWs

PROMPT = "a red mug on a white background"


async def test_the_next_launch_shows_what_a_quit_turn_made(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    server = live_server(tool_latency_s=0.5)
    ws = await open_ws(server.url, root=tmp_path)
    async for update in ws.send(PROMPT):
        if isinstance(update, ToolStatus) and update.running:
            break  # the app quits while the photo is being made
    await ws.close()

    again = await open_ws(server.url, root=tmp_path)
    assert again.session.id == ws.session.id
    resumed = await again.resume_turn()
    assert resumed is not None
    updates = [u async for u in resumed]
    said = [u.text for u in updates if isinstance(u, AssistantText)]
    assert said and said[0].startswith("While photogen-tui was closed, your last message finished")
    photos = [u for u in updates if isinstance(u, PhotoReady)]
    assert len(photos) == 1 and photos[0].local_path is not None
    assert isinstance(updates[-1], TurnFinished) and updates[-1].ok
    assert [m.text for m in again.history() if m.role == "user"] == [PROMPT]  # sent once
    assert any(m.kind == "photo" for m in again.history())  # kept in the history too
    assert await again.resume_turn() is None  # said once


async def test_a_turn_quit_before_it_was_sent_is_handed_back(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    server = live_server()
    ws = await open_ws(server.url, root=tmp_path)
    ws.store.set_pending_turn(ws.session.id, PROMPT, None)  # quit before the state read
    await ws.close()

    again = await open_ws(server.url, root=tmp_path)
    resumed = await again.resume_turn()
    assert resumed is not None
    updates = [u async for u in resumed]
    assert isinstance(updates[0], Notice) and "before your last message was sent" in updates[0].text
    assert updates[-1] == TurnFinished(False, retry_text=PROMPT)


async def test_a_finished_turn_leaves_nothing_to_resume(live_server: Any, open_ws: OpenWs) -> None:
    ws = await open_ws(live_server().url)
    async for _ in ws.send(PROMPT):
        pass
    assert await ws.resume_turn() is None


async def test_a_photo_seen_before_the_quit_is_not_announced_again(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    server = live_server()
    ws = await open_ws(server.url, root=tmp_path)
    seen = [u async for u in ws.send(PROMPT)]
    assert any(isinstance(u, PhotoReady) for u in seen)
    before = ws.store.pending_turn(ws.session.id)
    assert before is None  # finished: nothing pending
    # as if the app quit right after the photo was shown, before the turn's end
    state = await ws.client.state(ws.session.id)
    state.state.generated_media.clear()
    ws.store.set_pending_turn(ws.session.id, PROMPT, state.model_dump_json())
    await ws.close()

    again = await open_ws(server.url, root=tmp_path)
    resumed = await again.resume_turn()
    assert resumed is not None
    updates = [u async for u in resumed]
    assert not any(isinstance(u, PhotoReady) for u in updates)
    assert isinstance(updates[-1], TurnFinished) and updates[-1].ok
