"""``generate -n``, ``--seed`` and ``--variation-of`` as a user runs them (real process,
embedded server): numbered files with their seeds, the same bytes twice, variations."""

from __future__ import annotations

import json
from pathlib import Path

from photogen.stills import read_still_meta
from tests.cli.helpers import assert_one_line_failure, run_cli

PROMPT = "a perfume bottle on marble"


def test_a_grid_writes_numbered_files_with_seeds_and_varies_one_of_them(tmp_path: Path) -> None:
    result = run_cli(
        tmp_path, "generate", PROMPT, "-n", "4", "--export", "png", "--out", "shot.png", "--json"
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["seeds"] == [0, 1, 2, 3]
    assert [c["path"] for c in summary["candidates"]] == [f"shot-{i}.png" for i in range(1, 5)]
    assert summary["output_paths"] == [c["path"] for c in summary["candidates"]]
    assert not (tmp_path / "shot.png").exists()
    blobs = set()
    for number, seed in enumerate(summary["seeds"], start=1):
        meta = read_still_meta(tmp_path / f"shot-{number}.png")
        assert meta["seed"] == str(seed) and meta["prompt"] == PROMPT
        blobs.add((tmp_path / f"shot-{number}.png").read_bytes())
    assert len(blobs) == 4

    varied = run_cli(
        tmp_path,
        "generate",
        "--variation-of",
        "shot-2.png",
        "-n",
        "2",
        "--out",
        "more.png",
        "--json",
    )
    assert varied.returncode == 0, varied.stderr
    more = json.loads(varied.stdout)["candidates"]
    assert [c["path"] for c in more] == ["more-1.png", "more-2.png"]
    for candidate in more:
        assert read_still_meta(tmp_path / candidate["path"])["prompt"] == PROMPT
        assert (tmp_path / candidate["path"]).read_bytes() != (tmp_path / "shot-2.png").read_bytes()


def test_a_locked_seed_makes_the_same_bytes_twice(tmp_path: Path) -> None:
    for name in ("a.png", "b.png"):
        result = run_cli(tmp_path, "generate", PROMPT, "--seed", "1234", "--out", name, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["seeds"] == [1234]
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert read_still_meta(tmp_path / "a.png")["seed"] == "1234"


def test_grid_switches_refuse_what_they_cannot_do_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "plain.png").write_bytes(b"not a png")
    for args, words in (
        (("generate", PROMPT, "-n", "4", "--out", "clip.mp4"), "png, jpg or webp"),
        (("generate", "--variation-of", "plain.png"), "plain.png"),
        (("generate", "--variation-of", "missing.png"), "no such file"),
        (("generate", PROMPT, "-n", "12"), "1 to 9"),
        (("generate", PROMPT, "--image", "a.png", "--image", "b.png", "-n", "2"), "one photo each"),
    ):
        result = run_cli(tmp_path, *args)
        if args[-1] == "12":  # argparse refuses it before anything runs
            assert result.returncode == 2 and words in result.stderr
        else:
            assert words in assert_one_line_failure(result)
