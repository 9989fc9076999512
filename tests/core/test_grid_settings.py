"""The grid settings: read from the config file, and the embedded server gets the grid size."""

from __future__ import annotations

from pathlib import Path

from photogen.core.settings import settings_from_dict
from photogen.core.updates import GridReady
from photogen.core.workspace import Workspace

from .conftest import make_settings


def test_grid_settings_are_read_and_bad_values_warned_about() -> None:
    raw = {"candidates": 6, "bell": False, "credits_per_photo": 5, "grid_by_turns": True}
    settings, warnings = settings_from_dict(raw)
    assert warnings == []
    assert (settings.candidates, settings.bell) == (6, False)
    assert (settings.credits_per_photo, settings.grid_by_turns) == (5, True)
    settings, warnings = settings_from_dict({"candidates": 12, "bell": "loud"})
    assert settings.candidates == 4 and settings.bell is True  # the defaults
    assert len(warnings) == 2 and "1 to 9" in warnings[0]


async def test_the_embedded_server_makes_the_configured_grid_in_one_turn(tmp_path: Path) -> None:
    ws = await Workspace.open(make_settings(tmp_path, candidates=3))
    try:
        command = ws.server.command()  # type: ignore[union-attr]
        assert command[command.index("--candidates") + 1] == "3"
        assert not ws.grids_by_turns and ws.price_per_photo == 0
        updates = [u async for u in ws.send("a perfume bottle on marble")]
        (ready,) = [u for u in updates if isinstance(u, GridReady)]
        assert [n.seed for n in ready.grid.candidates] == [0, 1, 2]
        assert [(e.photos, e.credits) for e in ws.ledger()] == [(3, 0)]  # local is free
    finally:
        await ws.close()
