"""``photogen-tui serve`` and the headless progress output."""

from __future__ import annotations

import io
import subprocess
import sys

import httpx

from photogen.headless_progress import Progress


def test_serve_runs_the_server_alone(tmp_path) -> None:
    command = [
        sys.executable,
        "-m",
        "photogen.cli",
        "serve",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path),
    ]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            ready = server.stdout.readline()
            assert "listening on http://127.0.0.1:" in ready
            url = ready.rsplit(" ", 1)[1].strip()
            assert httpx.get(f"{url}/health", timeout=5).json() == {"status": "ok"}
        finally:
            server.terminate()
            server.wait(timeout=15)


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
