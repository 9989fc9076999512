"""Make the README screenshots from real runs of photogen-tui.

Runs the real :class:`~photogen.ui.app.PhotogenApp` headless (``run_test``) on the
real :class:`~photogen.core.workspace.Workspace`, which starts the embedded server as
a child process, drives it with Pilot and saves SVG screenshots; each SVG is then
converted to a PNG beside it (cairosvg, from the ``[screenshots]`` extra).

HOME and the XDG dirs point into a temporary folder, so nothing of the developer's
(config, sessions, tokens, exports) is read or shown, and no token ever is.

Usage::

    .venv/bin/python screenshots/make_screenshots.py [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (140, 45)
TOKEN_PREFIX = "nmv_usr_"
HERE = Path(__file__).resolve().parent
PROMPTS = (
    "a red mug on a wooden table",
    "sunset over mountain lake, cinematic style",
    "a perfume bottle on marble, soft morning light",
    "add lo-fi music",
    'add a title "Summer Sale"',
)


def isolate(root: Path) -> None:
    """Point HOME and the XDG dirs at ``root``; forget any NemoVideo settings."""
    for name in [key for key in os.environ if key.startswith("NEMO_")]:
        del os.environ[name]
    os.environ["HOME"] = str(root)
    for var, sub in (("CONFIG", "config"), ("DATA", "data"), ("CACHE", "cache")):
        os.environ[f"XDG_{var}_HOME"] = str(root / sub)


async def wait_until(pilot: Any, what: str, ready: Callable[[], bool], timeout: float) -> None:
    """Let the app run until ``ready()``; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def busy(app: Any, group: str) -> bool:
    """A worker of ``group`` is pending or running."""
    return any(w.group == group and not w.is_finished for w in app.workers)


def jobs(screen: Any) -> list[Any]:
    """The export job rows on the screen now."""
    return list(screen.query(".job-row"))


def exporting(screen: Any) -> bool:
    """A job is between a quarter and done (so its bar is visibly partway)."""
    return any(25 <= job.progress < 100 for job in jobs(screen))


def exports_done(screen: Any) -> bool:
    """Every job finished (completed or failed)."""
    rows = jobs(screen)
    return bool(rows) and all(job.state in ("completed", "failed") for job in rows)


def tool_running(screen: Any) -> bool:
    """A tool status row is spinning."""
    return any(row.running for row in screen.query(".tool-row"))


async def ready(pilot: Any) -> Any:
    """Wait until the workspace is open; return the main screen."""
    app = pilot.app
    await wait_until(pilot, "the workspace", lambda: app.workspace is not None, 60)
    await wait_until(pilot, "startup", lambda: not busy(app, "startup"), 30)
    return app.screen


async def send(pilot: Any, text: str, *, wait: bool = True) -> None:
    """Type a prompt, press Enter and (by default) wait until its turn has ended."""
    prompt = pilot.app.screen.query_one("#prompt")
    prompt.load_text(text)
    await pilot.press("enter")
    await wait_until(pilot, "the turn to start", lambda: prompt.text == "", 10)
    if wait:
        await pilot.pause(0.2)
        await wait_until(pilot, f"the reply to {text!r}", lambda: not busy(pilot.app, "turn"), 90)
        await wait_until(pilot, "the refresh", lambda: not busy(pilot.app, "refresh"), 30)
        await pilot.pause(0.3)


def save(app: Any, out: Path, name: str) -> Path:
    """Save an SVG screenshot; refuse one that shows a token."""
    path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))
    if TOKEN_PREFIX in path.read_text(encoding="utf-8"):
        path.unlink()
        raise RuntimeError(f"{name}: a token is on screen; screenshot removed")
    print(f"saved {path}", file=sys.stderr)
    return path


def make_app(root: Path, server_args: list[str], candidates: int = 1) -> Any:
    """The real app on the real workspace, with its own data and download dirs.

    ``candidates``: the grid size of a photo prompt (1: one photo, on the timeline).
    """
    from photogen.core.settings import Settings
    from photogen.core.workspace import Workspace
    from photogen.ui.app import PhotogenApp
    from photogen.ui.images.detect import Detection

    settings = Settings(download_dir=root / "exports", data_dir=root / "data" / "photogen-tui")
    settings.candidates = candidates
    factory = functools.partial(Workspace.open, server_args=server_args)
    detection = Detection("halfblock", False, "half blocks for the screenshots")
    return PhotogenApp(settings, workspace_factory=factory, detection=detection)


async def shoot_generating(root: Path, out: Path) -> None:
    """(a) The main screen mid-generation: a spinner row and the reply so far.

    Every tool call of this server takes a few extra seconds, so the second photo is
    caught while it is being made.
    """
    app = make_app(root / "generating", ["--tool-latency-s", "4"])
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await send(pilot, PROMPTS[0])
        await send(pilot, PROMPTS[1], wait=False)
        await wait_until(pilot, "a running tool row", lambda: tool_running(screen), 30)
        await pilot.pause(0.5)
        save(app, out, "main-generating")
        app.exit()


def progress_shown(screen: Any, at_least: float) -> bool:
    """A tool row carries the server's progress bar, at least ``at_least`` done."""
    return any(
        row.running and row.progress is not None and row.progress >= at_least
        for row in screen.query(".tool-row")
    )


async def shoot_model_progress(root: Path, out: Path) -> None:
    """(e) A photo drawn by a diffusion model: its steps as a bar with the time left.

    The model is the tiny random pipeline the tests build (the embedded server uses it
    through ``PHOTOGEN_MODEL``), so the picture itself is noise; the bar is the point.
    """
    sys.path.insert(0, str(HERE.parent))
    from tests.models.tiny import build_tiny_pipeline

    os.environ["PHOTOGEN_MODEL"] = str(build_tiny_pipeline(root / "tiny-sd"))
    try:
        app = make_app(root / "model", [])
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            await send(pilot, PROMPTS[0], wait=False)
            await wait_until(pilot, "the bar partway", lambda: progress_shown(screen, 0.3), 120)
            save(app, out, "model-progress")
            app.exit()
    finally:
        del os.environ["PHOTOGEN_MODEL"]


async def shoot_timeline_and_export(root: Path, out: Path) -> None:
    """(b) a finished timeline with a preview, (c) a running MP4 export, (d) help."""
    app = make_app(root / "session", [])
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        for text in PROMPTS:
            await send(pilot, text)
        screen.query_one("#timeline").focus()
        await pilot.press("down", "down", "down", "enter")  # Video > the sunset
        await wait_until(
            pilot, "the preview", lambda: "sunset" in screen.query_one("#preview").caption, 30
        )
        await wait_until(pilot, "the picture", lambda: not busy(app, "preview"), 30)
        await pilot.pause(0.5)
        save(app, out, "timeline-preview")

        screen.query_one("#prompt").focus()
        await pilot.press("ctrl+e")
        await wait_until(pilot, "the export dialog", lambda: app.screen is not screen, 10)
        await pilot.press("enter")  # the default format: MP4
        await wait_until(pilot, "an MP4 job partway", lambda: exporting(screen), 120)
        save(app, out, "export-running")

        await pilot.press("f1")
        await pilot.pause(0.5)
        save(app, out, "help")
        await pilot.press("escape")
        await wait_until(pilot, "the export to finish", lambda: exports_done(screen), 300)
        app.exit()


async def shoot_grid_and_lineage(root: Path, out: Path) -> None:
    """(e) a grid of four candidates with its contact sheet, (f) the History lineage tree."""
    app = make_app(root / "grid", [], candidates=4)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await send(pilot, "a perfume bottle on marble")
        await wait_until(pilot, "the grid", lambda: bool(screen.query(".grid-strip")), 30)
        await wait_until(pilot, "the sheet", lambda: not busy(app, "sheet"), 30)
        await wait_until(pilot, "the thumbnails", lambda: not busy(app, "grid-thumbnails"), 30)
        await wait_until(pilot, "the picture", lambda: not busy(app, "preview"), 30)
        screen.query_one(".grid-strip").focus()  # as tab does: the footer shows its keys
        await pilot.pause(0.5)
        save(app, out, "grid")
        await pilot.press("right", "v")  # subtle variations of candidate 2
        await pilot.pause(0.2)
        await wait_until(pilot, "the variations", lambda: not busy(app, "turn"), 90)
        await wait_until(pilot, "the history", lambda: not busy(app, "history"), 30)
        await pilot.press("f2")
        await wait_until(pilot, "the history", lambda: not busy(app, "history"), 30)
        await pilot.press("down", "down")
        await wait_until(pilot, "the picture", lambda: not busy(app, "preview"), 30)
        await pilot.pause(0.5)
        save(app, out, "lineage")
        app.exit()


def to_png(svg: Path) -> Path:
    """Convert one screenshot with the fonts this machine has (DejaVu).

    The SVG asks for Fira Code; cairo takes one font per text run, so the spinner's
    braille glyphs, which DejaVu Sans Mono lacks, get DejaVu Sans.
    """
    import cairosvg

    text = svg.read_text(encoding="utf-8")
    text = re.sub(r"font-family:\s*Fira Code,", "font-family: DejaVu Sans Mono,", text)
    text = re.sub("[\u2800-\u28ff]", r'<tspan font-family="DejaVu Sans">\g<0></tspan>', text)
    png = svg.with_suffix(".png")
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png), output_width=2100)
    return png


def main(argv: list[str] | None = None) -> int:
    """Make the screenshots (SVG and PNG) in ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where the images go")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="photogen-shots-") as tmp:
        root = Path(tmp)
        isolate(root)
        asyncio.run(shoot_generating(root, args.out))
        asyncio.run(shoot_timeline_and_export(root, args.out))
        asyncio.run(shoot_model_progress(root, args.out))
        asyncio.run(shoot_grid_and_lineage(root, args.out))
    names = (
        "main-generating",
        "timeline-preview",
        "export-running",
        "help",
        "model-progress",
        "grid",
        "lineage",
    )
    for name in names:
        print(f"saved {to_png(args.out / f'{name}.svg')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
