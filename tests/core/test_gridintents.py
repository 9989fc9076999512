"""The grid vocabulary on the client, the cost before sending, and the lineage tree."""

from __future__ import annotations

import pytest

from photogen.core.gridintents import GridAction, estimate, grid_action, locked_seed, stated_count
from photogen.core.lineage import PhotoNode, latest_grid, lineage_tree, walk


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("2", GridAction("use", 2)),
        ("u4", GridAction("use", 4)),
        ("use the second one", GridAction("use", 2)),
        ("用第二张", GridAction("use", 2)),
        ("v2", GridAction("vary", 2, "subtle")),
        ("V2", GridAction("vary", 2, "strong")),
        ("more like 3 but warmer", GridAction("vary", 3, "subtle")),
        ("vary the first one a lot", GridAction("vary", 1, "strong")),
        ("第三张的变体", GridAction("vary", 3, "subtle")),
        ("r", GridAction("reroll")),
        ("reroll", GridAction("reroll")),
        ("v7", None),
        ("a perfume bottle on marble", None),
    ],
)
def test_grid_actions(text: str, action: GridAction | None) -> None:
    assert grid_action(text, 4) == action
    assert grid_action(text, 0) is None  # without a grid nothing is a grid action


def test_the_short_form_of_an_action_is_what_the_agent_reads() -> None:
    assert [GridAction("use", 2).text, GridAction("vary", 3, "strong").text] == ["u2", "V3"]
    assert [GridAction("vary", 1, "subtle").text, GridAction("reroll").text] == ["v1", "r"]


def test_seed_and_count() -> None:
    assert locked_seed("a mug --seed 1234") == 1234 and locked_seed("a mug seed 7") == 7
    assert locked_seed("a mug") is None
    assert stated_count("give me 6 options of a mug") == 6 and stated_count("三张猫的照片") == 3
    assert stated_count("two photos of a cat") == 2 and stated_count("a mug") is None


def test_the_cost_before_sending() -> None:
    assert estimate("a perfume bottle on marble", 0, 4, 10).text == "4 photos · 40 credits"  # type: ignore[union-attr]
    assert estimate("give me 6 options of a mug", 0, 4, 10).text == "6 photos · 60 credits"  # type: ignore[union-attr]
    assert estimate("a perfume bottle on marble", 0, 4, 0).text == "4 photos · 0 credits"  # type: ignore[union-attr]
    assert estimate("v2", 4, 4, 10).text == "4 photos · 40 credits"  # type: ignore[union-attr]
    assert estimate("u2", 4, 4, 10) is None and estimate("add lo-fi music", 0, 4, 10) is None


def test_the_lineage_tree_nests_variations_and_edits_under_their_parents() -> None:
    a = PhotoNode("http://h:1/media/a.png", "mug", 0, grid_id="g1", candidate=1, order=0)
    b = PhotoNode("http://h:1/media/b.png", "mug", 1, grid_id="g1", candidate=2, order=1)
    v = PhotoNode(
        "http://h:2/media/v.png", "mug", 9, "variation", "/media/b.png", "subtle", "g2", 1, 2
    )
    e = PhotoNode("http://h:2/media/e.png", "edit", None, "edit", "/media/v.png", order=3)
    depths = [(d, n.url[-5:]) for d, n in walk(lineage_tree([a, b, v, e]))]
    assert depths == [(0, "a.png"), (0, "b.png"), (1, "v.png"), (2, "e.png")]
    grid = latest_grid([a, b, v, e])
    assert grid is not None and grid.id == "g2" and grid.candidate(1) == v
    assert v.caption == "#1 · seed 9" and v.how == "subtle variation"
