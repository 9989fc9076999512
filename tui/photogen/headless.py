"""``photogen-tui generate``: one prompt (and optional photos) in, one exported file out.

It runs the same flow as the app (DESIGN §3) through :class:`~photogen.core.workspace.
Workspace`: backend -> token -> session -> upload -> chat turn -> export. Progress goes
to stderr; ``--json`` prints a summary to stdout. Failures print one human line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from photogen.core.errors import describe_error
from photogen.core.settings import Settings, load_settings
from photogen.core.updates import AssistantText, Notice, PhotoReady, ToolStatus, TurnFinished
from photogen.core.workspace import Workspace
from photogen.headless_grid import (
    GridArgsError,
    Parent,
    candidate_summary,
    first_message,
    numbered,
    read_parent,
    variation_message,
)
from photogen.headless_progress import Progress
from photogen.wire.formats import EXPORT_NAMES, STILL_FORMATS


class GenerateFailed(Exception):
    """The turn or the export did not produce a file; the message says why."""


@dataclass
class GenerateResult:
    """What ``--json`` prints."""

    session_id: str = ""
    media_urls: list[str] = field(default_factory=list)
    output_path: str | None = None
    output_paths: list[str] = field(default_factory=list)
    credits_available: int | None = None
    reply: str = ""
    cutouts: list[dict[str, Any]] = field(default_factory=list)
    """The server's score of each cut-out made (``confidence``, ``sure``, ``doubts``...)."""
    seeds: list[int | None] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The summary object (no token, ever)."""
        return {
            "session_id": self.session_id,
            "media_urls": self.media_urls,
            "output_path": self.output_path,
            "output_paths": self.output_paths,
            "credits_left": self.credits_available,
            "reply": self.reply,
            "cutouts": self.cutouts,
            "seeds": self.seeds,
            "candidates": self.candidates,
        }


def _prompt_text(prompt: str, aspect: str | None) -> str:
    """The chat message: the prompt, with the aspect ratio said in words the agent reads."""
    return f"{prompt.strip()}, {aspect}" if aspect else prompt.strip()


def _export_format(out: Path | None, export: str | None) -> str:
    """The format to export: ``--export``, else what ``--out``'s extension says, else PNG.

    An extension that is not an export format, or that contradicts ``--export``, is
    refused: the file would not be what its name says.
    """
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    named = EXPORT_NAMES.get(suffix)
    if out is not None and suffix and named is None:
        *stills, video = (f".{ext}" for ext in (*STILL_FORMATS, "mp4"))
        raise GenerateFailed(
            f"--out {out.name}: the file name must end in {', '.join(stills)} or {video}."
        )
    if out is not None and export and named and export != named:
        raise GenerateFailed(
            f"--out {out.name} says {named.upper()} but --export is {export}; "
            f"use --out {out.with_suffix('.' + export).name} or --export {named}."
        )
    return export or named or "png"


def _check_out(out: str | None, force: bool, count: int = 1) -> Path | None:
    """``--out`` checked (for ``count`` outputs: each of its numbered names)."""
    if out is None:
        return None
    path = Path(out).expanduser()
    if path.is_dir():
        raise GenerateFailed(f"{path} is a folder; give --out a file name, e.g. {path}/shot.png.")
    if not path.parent.is_dir():
        raise GenerateFailed(f"The folder {path.parent} does not exist.")
    for each in numbered_outputs(path, count):
        if each.exists() and not force:
            raise GenerateFailed(f"{each} already exists; choose another --out or add --force.")
    return path


def numbered_outputs(out: Path, count: int) -> list[Path]:
    """``shot.png`` for one output; ``shot-1.png``, ``shot-2.png``... for several."""
    if count <= 1:
        return [out]
    return [numbered(out, i) for i in range(1, count + 1)]


def generate_db(settings: Settings) -> Path:
    """Where ``generate`` keeps its runs: apart from the app's sessions and exports, so the
    app never reopens a generate run nor lists its file (moved to ``--out``) as its own."""
    return settings.data_dir / "generate.sqlite3"


async def _run_turn(
    ws: Workspace,
    text: str,
    progress: Progress,
    result: GenerateResult,
    selected: str | None = None,
) -> None:
    async for update in ws.send(text, selected) if selected else ws.send(text):
        if isinstance(update, ToolStatus) and update.running and update.progress is not None:
            progress.bar(update.label, round(update.progress * 100), update.eta_text)
        elif isinstance(update, ToolStatus) and update.running:
            progress.line(update.label)
        elif isinstance(update, AssistantText) and not update.provisional:
            result.reply = update.text
            progress.line(update.text)
        elif isinstance(update, PhotoReady):
            result.media_urls.append(update.url)
            result.seeds.append(update.seed)
            if update.cutout is not None:
                result.cutouts.append({"url": update.url, **update.cutout})
                _warn_if_unsure(update.cutout, progress)
        elif isinstance(update, Notice) and update.level == "error":
            # The notice's advice is the app's ("press Enter"); a cause is worded anew.
            if update.cause is not None:
                raise GenerateFailed(str(describe_error(update.cause, in_app=False)))
            raise GenerateFailed(update.text)
        elif isinstance(update, TurnFinished) and not update.ok:
            raise GenerateFailed("The request did not finish; nothing was exported.")


def _warn_if_unsure(cutout: dict[str, Any], progress: Progress) -> None:
    """One warning line when the server doubts its cut-out (the file is still saved)."""
    if cutout.get("sure") is not False:
        return
    doubts = "; ".join(str(d) for d in cutout.get("doubts") or []) or "the subject is not clear"
    pct = round(float(cutout.get("confidence") or 0) * 100)
    progress.line(
        f"warning: the cut-out may be wrong ({doubts}; confidence {pct}%). "
        "Check the picture; the app can retry it with a subject box (ctrl+t)."
    )


async def _run_export(
    ws: Workspace, fmt: str, progress: Progress, source_url: str | None = None, which: str = ""
) -> Path:
    label = f"Exporting {fmt.upper()} {which}".rstrip()
    async for update in ws.export(fmt, source_url=source_url):
        progress.bar(label, update.job.progress)
        if update.done:
            progress.close()
            if update.job.state != "completed" or not update.job.path:
                raise GenerateFailed(update.job.error or f"The export ended {update.job.state}.")
            return Path(update.job.path)
    raise GenerateFailed("The export stopped without a result.")


async def _credits_left(ws: Workspace) -> int | None:
    """Credits after the run; None when the balance can't be read (the file is saved anyway)."""
    try:
        return (await ws.credits()).available
    except Exception:  # noqa: BLE001 - a missing balance must not fail a saved export
        return None


async def generate(
    args: argparse.Namespace, settings: Settings, progress: Progress
) -> GenerateResult:
    """Run one generate command; raises on failure."""
    fmt = _export_format(Path(args.out) if args.out else None, args.export)
    images: list[str] = args.image or []
    several = len(images) > 1 and fmt != "mp4"
    out = _check_out(args.out, args.force, len(images) if several else 1)
    count, seed = getattr(args, "candidates", 1), getattr(args, "seed", None)
    parent = _parent(getattr(args, "variation_of", None))
    grid = count > 1 or parent is not None
    if grid and fmt == "mp4":
        raise GenerateFailed("-n and --variation-of make photos: export them as png, jpg or webp.")
    if grid and several:
        raise GenerateFailed(
            "Several --image make one photo each; -n and --variation-of work with one photo."
        )
    if parent is None and not (args.prompt or "").strip():
        raise GenerateFailed('Say what to make, e.g. generate "a perfume bottle on marble".')
    if isinstance(settings, Settings):  # the embedded server's grid size (the app's is 4)
        settings.candidates = count
    result = GenerateResult()
    ws = await Workspace.open(
        settings, cloud=args.cloud, new=True, on_status=progress.line, db_path=generate_db(settings)
    )
    try:
        result.session_id = ws.session.id
        if several:
            text = _prompt_text(args.prompt, args.aspect)
            saved = await _each_photo(ws, images, text, fmt, progress, result)
            _move_outputs(saved, out, result)
        else:
            if images:
                progress.line((await ws.upload(images)).message)
            if parent is not None:
                await _run_turn(ws, first_message(parent.prompt, parent.seed), progress, result)
                result.media_urls.clear()
                result.seeds.clear()
                await _run_turn(ws, variation_message(count), progress, result)
            else:
                text = first_message(_prompt_text(args.prompt, args.aspect), seed)
                await _run_turn(ws, text, progress, result)
            if grid:
                await _export_grid(ws, fmt, out, args.force, progress, result)
            else:
                _move_outputs([await _run_export(ws, fmt, progress)], out, result)
        result.credits_available = await _credits_left(ws)
    finally:
        await ws.close()
    return result


def _parent(path: str | None) -> Parent | None:
    try:
        return read_parent(path) if path else None
    except GridArgsError as exc:
        raise GenerateFailed(str(exc)) from exc


async def _export_grid(
    ws: Workspace,
    fmt: str,
    out: Path | None,
    force: bool,
    progress: Progress,
    result: GenerateResult,
) -> None:
    """Every candidate of the grid, as ``out``-1, ``out``-2 ... (or the download folder)."""
    grid = await asyncio.to_thread(ws.current_grid)
    if grid is None:
        raise GenerateFailed("No photo was made; nothing was exported.")
    for number, node in enumerate(grid.candidates, start=1):
        target = numbered(out, number) if out is not None else None
        if target is not None and target.exists() and not force:
            raise GenerateFailed(f"{target} already exists; choose another --out or add --force.")
        saved = await _run_export(ws, fmt, progress, node.url, f"{number}/{len(grid.candidates)}")
        if target is not None:
            shutil.move(saved, target)
            saved = target
        result.candidates.append(candidate_summary(number, node, str(saved)))
    result.output_paths = [c["path"] for c in result.candidates]
    result.output_path = result.output_paths[0]
    result.seeds = [c["seed"] for c in result.candidates]


def _move_outputs(saved: list[Path], out: Path | None, result: GenerateResult) -> None:
    """The exported files moved to ``out`` (numbered when several); their paths in ``result``."""
    targets = numbered_outputs(out, len(saved)) if out is not None else saved
    for source, target in zip(saved, targets, strict=True):
        if source != target:
            shutil.move(source, target)
    result.output_paths = [str(path) for path in targets]
    result.output_path = result.output_paths[0]


async def _each_photo(
    ws: Workspace,
    images: list[str],
    text: str,
    fmt: str,
    progress: Progress,
    result: GenerateResult,
) -> list[Path]:
    """Several ``--image``: the prompt applied to each upload, one export per photo made.

    One turn first: a prompt that says "each" or names photos makes those. When it makes
    none (the agent asks which photo), one turn per upload, with that upload selected.
    """
    outcome = await ws.upload(images)
    progress.line(outcome.message)
    await _run_turn(ws, text, progress, result)
    if not result.media_urls:
        for info in outcome.files:
            await _run_turn(ws, text, progress, result, selected=info.cdn_url)
    if not result.media_urls:
        raise GenerateFailed(result.reply or "No photo came back; nothing was exported.")
    return [await _run_export(ws, fmt, progress, source_url=url) for url in result.media_urls]


def run_generate(args: argparse.Namespace) -> int:
    """The ``generate`` command: exit 0 on success, 1 with one line on failure."""
    progress = Progress()
    settings, warnings = load_settings()
    for warning in warnings:
        progress.line(f"warning: {warning}")
    try:
        result = asyncio.run(generate(args, settings, progress))
    except KeyboardInterrupt:
        progress.close()
        print("Stopped.", file=sys.stderr)
        return 130
    except GenerateFailed as exc:
        progress.close()
        print(f"photogen-tui: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # one human line, never a traceback
        progress.close()
        print(f"photogen-tui: {describe_error(exc, in_app=False)}", file=sys.stderr)
        return 1
    for path in result.output_paths:
        progress.line(f"Saved {path}")
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    return 0
