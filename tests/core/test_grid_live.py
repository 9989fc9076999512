"""Grids through the workspace against a live server: a grid in one turn (the embedded
server's way) or one turn per candidate (a server that makes one photo per turn);
lineage and the ledger kept in the history store across a reopen."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from photogen.core.lineage import lineage_tree, walk
from photogen.core.updates import GridReady, Notice, PhotoReady, TurnFinished
from photogen.core.workspace import Workspace
from tests.server.fakes import fake_engines, fake_generate

from .conftest import OpenWs


async def _send(ws: Workspace, text: str) -> list[Any]:
    return [update async for update in ws.send(text)]


async def test_a_grid_in_one_turn_with_seeds_lineage_and_cost_kept_on_reopen(
    live_server: Any, open_ws: OpenWs, tmp_path: Path
) -> None:
    url = live_server(candidates=4, engines=fake_engines()).url
    ws = await open_ws(url)
    assert ws.estimate("a perfume bottle on marble").text == "4 photos · 40 credits"  # type: ignore[union-attr]
    updates = await _send(ws, "a perfume bottle on marble")
    (ready,) = [u for u in updates if isinstance(u, GridReady)]
    assert [n.seed for n in ready.grid.candidates] == [0, 1, 2, 3]
    assert ready.grid.numbers == [1, 2, 3, 4] and all(p and p.exists() for p in ready.paths)
    assert isinstance(updates[-1], TurnFinished) and updates.index(ready) < len(updates) - 1

    updates = await _send(ws, "v2")
    (varied,) = [u for u in updates if isinstance(u, GridReady)]
    parent = ready.grid.candidate(2)
    assert parent is not None
    assert {n.parent_url and n.parent_url in parent.url for n in varied.grid.candidates} == {True}
    assert ws.estimate("V3", varied.grid).text == "4 photos · 40 credits"  # type: ignore[union-attr]
    assert ws.estimate("u3", varied.grid) is None  # using costs nothing
    assert [u for u in await _send(ws, "use the third one") if isinstance(u, GridReady)] == []

    ledger = ws.ledger()
    assert [(e.photos, e.credits) for e in ledger] == [(4, 40), (4, 40), (0, 0)]
    session = ws.session.id
    await ws.close()

    again = await open_ws(url, root=tmp_path)  # reopens the same session from the store
    assert again.session.id == session
    depths = [(d, n.candidate) for d, n in walk(lineage_tree(again.lineage()))]
    assert depths[:2] == [(0, 1), (0, 2)] and (1, 1) in depths and len(depths) == 8
    assert again.current_grid() is not None and again.current_grid().id == varied.grid.id  # type: ignore[union-attr]
    assert len(again.ledger(session)) == 3


async def test_a_grid_by_turns_against_a_one_photo_server_keeps_the_candidates_made(
    live_server: Any, open_ws: OpenWs
) -> None:
    calls: list[int] = []
    lock = threading.Lock()

    def flaky(prompt: str, seed: int, aspect: str, progress: Any = None, cancel: Any = None) -> Any:
        with lock:
            calls.append(seed)
            if len(calls) == 2:
                raise ValueError("the engine tripped")
        return fake_generate(prompt, seed, aspect)

    url = live_server(engines=fake_engines(generate=flaky)).url  # one photo per turn
    ws = await open_ws(url, grid_by_turns=True, candidates=4)
    assert ws.grids_by_turns
    updates = await _send(ws, "a red mug on a wooden table")
    photos = [u for u in updates if isinstance(u, PhotoReady)]
    assert len(photos) == 3 and len(calls) == 4  # four turns, each sent once
    warnings = [u.text for u in updates if isinstance(u, Notice) and u.level == "warning"]
    assert warnings == ["Candidate 2 of 4 could not be made; the others are kept."]
    finished = [u for u in updates if isinstance(u, TurnFinished)]
    assert finished == [TurnFinished(True)]
    (ready,) = [u for u in updates if isinstance(u, GridReady)]
    assert ready.grid.numbers == [1, 2, 3] and ready.grid.id.startswith("c")
    assert [n.url for n in ready.grid.candidates] == [p.url for p in photos]
    assert [(e.photos, e.credits) for e in ws.ledger()] == [(3, 30)]


async def test_a_message_that_is_no_photo_prompt_is_one_turn(
    live_server: Any, open_ws: OpenWs
) -> None:
    ws = await open_ws(live_server(engines=fake_engines()).url, grid_by_turns=True)
    updates = await _send(ws, "hello")
    assert not [u for u in updates if isinstance(u, PhotoReady | GridReady)]
    assert ws.estimate("hello") is None
