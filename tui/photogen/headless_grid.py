"""``generate -n N``, ``--seed`` and ``--variation-of`` for the headless command.

``-n 4 --out shot.png`` writes ``shot-1.png`` .. ``shot-4.png`` (each keeps its seed
in its metadata, and ``--json`` lists them). ``--seed N`` locks the seed: the same
prompt and seed give the same bytes. ``--variation-of shot-2.png`` reads the prompt
and seed from that file's metadata, draws it again (the same pixels) and makes
subtle variations of it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class GridArgsError(Exception):
    """The grid switches cannot be followed; the message says why."""


def candidate_count(text: str) -> int:
    """An argparse type: 1 to 9 candidates."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text} is not a whole number") from None
    if not 1 <= value <= 9:
        raise argparse.ArgumentTypeError("give 1 to 9 candidates")
    return value


def add_grid_options(parser: argparse.ArgumentParser) -> None:
    """``-n``, ``--seed`` and ``--variation-of``."""
    parser.add_argument(
        "-n",
        "--candidates",
        type=candidate_count,
        default=1,
        metavar="N",
        help="make N candidates (1-9): --out shot.png writes shot-1.png .. shot-N.png",
    )
    parser.add_argument(
        "--seed", type=int, metavar="N", help="lock the seed: the same prompt and seed repeat"
    )
    parser.add_argument(
        "--variation-of",
        metavar="FILE",
        help="vary a photo made earlier (its prompt and seed are read from its metadata)",
    )


@dataclass(frozen=True)
class Parent:
    """The photo ``--variation-of`` names: its prompt and seed."""

    prompt: str
    seed: int


def read_parent(path: str) -> Parent:
    """Prompt and seed from a still's metadata (PNG text, JPEG/WEBP EXIF)."""
    from photogen.stills import read_still_meta

    file = Path(path).expanduser()
    if not file.is_file():
        raise GridArgsError(f"--variation-of {path}: no such file.")
    try:
        meta = read_still_meta(file)
    except Exception as exc:  # noqa: BLE001 - any unreadable image gets one line
        raise GridArgsError(f"--variation-of {file.name}: not a photo this app can read.") from exc
    prompt, seed = meta.get("prompt", "").strip(), meta.get("seed", "")
    if not prompt or not seed.lstrip("-").isdigit():
        raise GridArgsError(
            f"--variation-of {file.name}: it has no prompt and seed in its metadata "
            "(only photos made by photogen-tui do)."
        )
    return Parent(prompt, int(seed))


def first_message(prompt: str, seed: int | None) -> str:
    """The prompt with its seed lock in the words the agent reads."""
    return f"{prompt} --seed {seed}" if seed is not None else prompt


def variation_message(count: int) -> str:
    """Subtle variations of candidate 1 (the parent drawn again)."""
    return f"{count} variations of 1" if count > 1 else "v1"


def numbered(out: Path, number: int) -> Path:
    """``shot.png`` -> ``shot-2.png``."""
    return out.with_name(f"{out.stem}-{number}{out.suffix}")


def candidate_summary(number: int, node: Any, path: str) -> dict[str, Any]:
    """One candidate of ``--json``."""
    return {"number": number, "seed": node.seed, "url": node.url, "path": path}
