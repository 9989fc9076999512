"""``photogen-tui serve`` and the headless progress output."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from photogen.headless_progress import Progress
from tests.cli.helpers import run_cli


@contextmanager
def serving(*args: str) -> Iterator[str]:
    """``photogen-tui serve ARGS`` as a process; yields its base URL once it listens."""
    command = [sys.executable, "-m", "photogen.cli", "serve", "--port", "0", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            ready = server.stdout.readline() if server.stdout else ""
            assert "listening on http://127.0.0.1:" in ready
            yield ready.rsplit(" ", 1)[1].strip()
        finally:
            server.terminate()
            server.wait(timeout=15)


def test_serve_runs_the_server_alone(tmp_path: Path) -> None:
    with serving("--data-dir", str(tmp_path)) as url:
        assert httpx.get(f"{url}/health", timeout=5).json() == {"status": "ok"}
    assert (tmp_path / "server.sqlite3").exists()


def test_serve_credit_flags_of_the_readme_make_photos_free(tmp_path: Path) -> None:
    """The README's ``serve --credits-per-image 0 --credits-per-edit 0``, then a client."""
    flags = ["--credits-per-image", "0", "--credits-per-edit", "0", "--anonymous-credits", "40"]
    with serving("--data-dir", str(tmp_path / "server"), *flags) as url:
        result = run_cli(
            tmp_path, "generate", "a jar on marble", "--json", extra_env={"NEMO_API_URL": url}
        )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["credits_left"] == 40, "a new token's credits, and the photo cost none"
    assert Path(summary["output_path"]).is_file()


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--credits-per-image", "-1"), ("--port", "70000"), ("--heartbeat-s", "nan")],
)
def test_serve_refuses_impossible_values_in_one_line(tmp_path: Path, flag: str, value: str) -> None:
    result = run_cli(tmp_path, "serve", flag, value, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith(f"photogen-tui serve: error: argument {flag}")
    )


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    tty, plain = FakeTty(), io.StringIO()
    for stream in (tty, plain):
        progress = Progress(stream)
        progress.line("Generating photo…")
        for percent in (0, 5, 12, 50, 100):
            progress.bar("Exporting MP4", percent)
        progress.line("Saved clip.mp4")
    assert "\r" in tty.getvalue() and "█" in tty.getvalue()
    assert plain.getvalue().splitlines() == [
        "Generating photo…",
        "Exporting MP4 0%",
        "Exporting MP4 12%",
        "Exporting MP4 50%",
        "Exporting MP4 100%",
        "Saved clip.mp4",
    ]


def test_progress_strips_terminal_control_sequences() -> None:
    stream = io.StringIO()
    Progress(stream).line("hi \x1b]52;c;ZXZpbA==\x07there\x1b[2J")
    assert stream.getvalue() == "hi there\n"
