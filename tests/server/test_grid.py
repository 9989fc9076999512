"""Grids of candidates on the embedded server: many seeds in one turn, use, vary, reroll,
seed lock, lineage in the state, one failed candidate never losing the others."""

from __future__ import annotations

from typing import Any

import pytest

from photogen.server.agent import AgentContext, RuleBasedAgent, ToolStep, plan_turn
from photogen.server.engines import _real_generate
from photogen.server.parallel import draw_many, uses_studio

from .fakes import fake_engines, fake_generate


def _grid_server(server: Any, **config: Any) -> Any:
    config.setdefault("engines", fake_engines())
    config.setdefault("anonymous_credits", 1000)
    return server(agent=RuleBasedAgent(), candidates=4, **config)


def _results(frames: list[Any]) -> list[dict[str, Any]]:
    return [
        part["functionResponse"]["response"]
        for f in frames
        if isinstance(f, dict) and not f.get("partial") and "content" in f
        for part in f["content"]["parts"]
        if "functionResponse" in part
    ]


GRID = AgentContext(candidates=4, grid=("a", "b", "c", "d"), grid_prompt="a mug")


@pytest.mark.parametrize(
    ("text", "tool", "args"),
    [
        ("2", "use_candidate", {"index": 2}),
        ("u3", "use_candidate", {"index": 3}),
        ("use the second one", "use_candidate", {"index": 2}),
        ("用第二张", "use_candidate", {"index": 2}),
        ("v2", "generate_image", {"variation_of": 2, "strength": "subtle"}),
        ("V2", "generate_image", {"variation_of": 2, "strength": "strong"}),
        ("variations of 4", "generate_image", {"variation_of": 4, "strength": "subtle"}),
        ("vary the first one a lot", "generate_image", {"variation_of": 1, "strength": "strong"}),
        ("more like 3 but warmer", "generate_image", {"variation_of": 3, "extra": "warmer"}),
        ("第三张的变体", "generate_image", {"variation_of": 3}),
        ("r", "generate_image", {"prompt": "a mug", "count": 4}),
        ("reroll", "generate_image", {"prompt": "a mug", "count": 4}),
    ],
)
def test_grid_commands_in_short_and_in_words(text: str, tool: str, args: dict[str, Any]) -> None:
    steps = [a for a in plan_turn(text, GRID) if isinstance(a, ToolStep)]
    assert [s.name for s in steps] == [tool]
    assert args.items() <= steps[0].args.items()
    if text == "r":
        assert "seed" not in steps[0].args  # new seeds


def test_grid_numbers_outside_the_grid_or_without_one_are_no_commands() -> None:
    assert not [a for a in plan_turn("v7", GRID) if isinstance(a, ToolStep)]
    no_grid = AgentContext(candidates=4)
    assert not [a for a in plan_turn("2", no_grid) if isinstance(a, ToolStep)]


def test_a_prompt_makes_the_default_grid_or_the_number_it_names_and_locks_a_seed() -> None:
    ctx = AgentContext(candidates=4)
    (step,) = [a for a in plan_turn("a perfume bottle on marble", ctx) if isinstance(a, ToolStep)]
    assert step.args["count"] == 4
    plan = plan_turn("give me 6 options of a red mug", ctx)
    (step,) = [a for a in plan if isinstance(a, ToolStep)]
    assert step.args["count"] == 6 and step.args["prompt"] == "a red mug"
    (step,) = [a for a in plan_turn("a red mug --seed 1234", ctx) if isinstance(a, ToolStep)]
    assert step.args["seed"] == 1234 and step.args["prompt"] == "a red mug"
    (step,) = [a for a in plan_turn("a red mug seed 99", ctx) if isinstance(a, ToolStep)]
    assert step.args["seed"] == 99


def test_a_grid_turn_makes_candidates_with_seeds_and_lineage_off_the_timeline(
    server: Any, api_for: Any
) -> None:
    api = api_for(_grid_server(server).url)
    (result,) = _results(api.run("a perfume bottle on marble"))
    assert result["status"] == "success" and result["seeds"] == [0, 1, 2, 3]
    assert [c["candidate"] for c in result["candidates"]] == [1, 2, 3, 4]
    state = api.state()
    media = state["generated_media"]
    assert [m["seed"] for m in media] == [0, 1, 2, 3]
    assert all(m["parent"] == {"kind": "prompt"} for m in media)
    assert state["grid"]["items"] == [m["url"] for m in media]
    assert state["draft"]["t"] == []  # nothing on the timeline until a candidate is used

    (used,) = _results(api.run("2"))
    assert used["used"] is True and used["candidate"] == 2
    segments = api.state()["draft"]["t"][0]["sg"]
    assert [s["m"]["url"] for s in segments] == [media[1]["url"]]


def test_variations_point_at_their_parent_and_reroll_draws_new_seeds(
    server: Any, api_for: Any
) -> None:
    api = api_for(_grid_server(server).url)
    api.run("a red mug, 9:16")
    parent = api.state()["generated_media"][1]
    (subtle,) = _results(api.run("v2"))
    assert len(subtle["candidates"]) == 4
    assert all(
        c["parent"] == {"kind": "variation", "url": parent["url"], "strength": "subtle"}
        for c in subtle["candidates"]
    )
    (strong,) = _results(api.run("V1"))  # candidate 1 of the variations grid
    assert strong["candidates"][0]["parent"]["strength"] == "strong"
    assert strong["candidates"][0]["parent"]["url"] == subtle["candidates"][0]["url"]
    (rerolled,) = _results(api.run("r"))
    assert rerolled["seeds"] != [0, 1, 2, 3] and len(set(rerolled["seeds"])) == 4
    assert api.state()["grid"]["items"] == rerolled["images"]
    (locked,) = _results(api.run("a red mug --seed 1234"))
    assert locked["seeds"] == [1234, 1235, 1236, 1237]


def test_one_failed_candidate_never_loses_the_others(server: Any, api_for: Any) -> None:
    def flaky(prompt: str, seed: int, aspect: str, progress: Any = None, cancel: Any = None) -> Any:
        if seed == 2:
            raise RuntimeError("the engine tripped")
        return fake_generate(prompt, seed, aspect)

    api = api_for(_grid_server(server, engines=fake_engines(generate=flaky)).url)
    (result,) = _results(api.run("a red mug"))
    assert result["seeds"] == [0, 1, 3]
    assert result["failed"] == [{"candidate": 3, "message": "the engine tripped"}]
    assert [m["candidate"] for m in api.state()["generated_media"]] == [1, 2, 4]


def test_the_studio_engine_draws_candidates_in_worker_processes_with_the_same_pixels() -> None:
    assert uses_studio(_real_generate) and not uses_studio(fake_generate)
    import threading

    reports: list[tuple[int, float]] = []
    made = draw_many(
        _real_generate,
        "a red mug",
        [5, 6],
        "1:1",
        lambda i, s: reports.append((i, s)),
        threading.Event(),
    )
    alone = _real_generate("a red mug", 6, "1:1")
    assert not isinstance(made[1], Exception)
    assert made[1].image.tobytes() == alone.image.tobytes() and made[1].seed == 6
    assert reports == [(0, 1.0)]


def test_the_workers_save_the_candidates_they_draw_with_their_metadata(tmp_path: Any) -> None:
    import threading

    from photogen.stills import read_still_meta

    paths = [str(tmp_path / "a.png"), str(tmp_path / "b.png")]
    made = draw_many(
        _real_generate, "a red mug", [7, 8], "1:1", lambda i, s: None, threading.Event(), paths
    )
    assert [getattr(m, "saved", None) for m in made] == paths
    assert [read_still_meta(p)["seed"] for p in paths] == ["7", "8"]


def test_a_photo_named_by_its_path_is_varied_or_used_whatever_the_grid(
    server: Any, api_for: Any
) -> None:
    api = api_for(_grid_server(server).url)
    api.run("a red mug")
    third = api.state()["generated_media"][2]["url"]
    path = "/media/" + third.split("/media/", 1)[1]
    (varied,) = _results(api.run(f"strong variations of {path}"))
    assert {c["parent"]["url"] for c in varied["candidates"]} == {third}
    assert {c["parent"]["strength"] for c in varied["candidates"]} == {"strong"}
    (used,) = _results(api.run(f"use {path}"))
    assert used["used"] is True
    api.run(f"use {path}")  # a second use does not show it twice
    assert [s["m"]["url"] for s in api.state()["draft"]["t"][0]["sg"]] == [third]


def test_the_drawing_workers_leave_with_a_server_that_is_killed() -> None:
    import os
    import subprocess
    import sys
    import time

    script = (
        "import os, signal\n"
        "from photogen.server.parallel import STUDIO_POOL\n"
        "pool = STUDIO_POOL.pool()\n"
        "pool.submit(os.getpid).result(timeout=60)\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=90)
    workers = [int(p) for p in run.stdout.split()]
    assert workers, run.stderr
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in workers if os.path.exists(f"/proc/{p}") and _running(p)]
    assert alive == []


def _running(pid: int) -> bool:
    """Not a zombie (an exited child of init waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return False


def test_an_edit_after_use_changes_the_used_candidate_not_the_last_one_drawn(
    server: Any, api_for: Any
) -> None:
    api = api_for(_grid_server(server).url)
    api.run("a perfume bottle on marble")
    media = api.state()["generated_media"]
    api.run("u2")
    api.run("make it black and white")
    edits = [m for m in api.state()["generated_media"] if m.get("source")]
    assert [e["source"] for e in edits] == [media[1]["url"]]  # candidate 2, the used one
