"""Drive the installed ``photogen-tui`` in a real terminal (tmux), as a user would.

A private tmux server (its own socket, no user config) runs the console script with
an isolated HOME and XDG dirs. The test reads the screen with ``capture-pane`` and
types with ``send-keys``; every wait polls the screen (or the disk) up to a deadline.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(120)]

SIZE = (140, 45)
PROMPT = "a red mug on a wooden table"
TOKEN_PREFIX = "nmv_usr_"


class Terminal:
    """One tmux session on a private tmux server."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket, self.env, self.target = socket, env, "app"
        self.seen: list[str] = []
        """Every screen captured so far."""
        self.socket_path = ""

    def tmux(self, *args: str, check: bool = True) -> str:
        """Run one tmux command against the private server and return its stdout."""
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", os.devnull, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: str) -> None:
        """Open the session running the shell ``command``; keep the pane after it exits."""
        width, height = SIZE
        self.tmux(
            "new-session", "-d", "-s", self.target, "-x", str(width), "-y", str(height), command,
            ";", "set-option", "-t", self.target, "remain-on-exit", "on",
        )  # fmt: skip
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def screen(self) -> str:
        """The visible text of the pane."""
        self.seen.append(self.tmux("capture-pane", "-p", "-t", self.target))
        return self.seen[-1]

    def pane(self, fmt: str) -> str:
        """Expand a tmux format for the pane, e.g. ``#{pane_dead}``."""
        return self.tmux("display-message", "-p", "-t", self.target, fmt).strip()

    def type(self, text: str) -> None:
        """Type text literally (no key names)."""
        self.tmux("send-keys", "-t", self.target, "-l", text)

    def press(self, *keys: str) -> None:
        """Press named keys (``Enter``, ``C-q`` ...)."""
        self.tmux("send-keys", "-t", self.target, *keys)

    def wait_for(self, what: str, ready: Callable[[str], bool], timeout: float = 30.0) -> str:
        """Poll the screen until ``ready(screen)``; fail with the last screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if ready(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def close(self) -> None:
        """Kill the private tmux server and everything in it."""
        self.tmux("kill-server", check=False)
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)


def _isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "TMUX"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        LANG="C.UTF-8",
        TERM="xterm-256color",
    )
    return env


def _server_pids(data_dir: Path) -> list[int]:
    """Pids of ``photogen.server`` processes using this (unique) data dir."""
    found = subprocess.run(
        ["pgrep", "-f", f"photogen.server.*{data_dir}"], capture_output=True, text=True
    )
    return [int(pid) for pid in found.stdout.split()]


def _wait_until(what: str, ready: Callable[[], object], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        last = ready()
        if last:
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last check: {last!r})")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A private tmux server, killed (with its panes) at teardown."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    term = Terminal(f"photogen-e2e-{uuid.uuid4().hex[:12]}", _isolated_env(tmp_path / "home"))
    try:
        yield term
    finally:
        term.close()


def _has_prompt_text(text: str) -> Callable[[str], bool]:
    """The prompt box (just above the status bar and the footer) shows ``text``."""
    return lambda screen: any(text in line for line in screen.splitlines()[-6:-2])


def _squash(text: str) -> str:
    return "".join(text.split())


def _chat_text(screen: str) -> str:
    """The chat column without its borders, whitespace removed (so wrapped lines match)."""
    lines = [line.split("││", 1)[0].strip("│╭╮╰╯─ ") for line in screen.splitlines()[:-6]]
    return _squash("".join(lines))


def _job_row(screen: str) -> str:
    """The first job of the export list (bottom right box): its state line and file line."""
    return " ".join(line.split("││", 1)[-1] for line in screen.splitlines()[-5:-3])


def test_prompt_export_and_quit_in_tmux(terminal: Terminal, tmp_path: Path) -> None:
    """Start, make a grid, use a candidate, export a PNG, quit: no token on screen, no
    server left."""
    home = Path(terminal.env["HOME"])
    downloads = tmp_path / "exports"
    config = home / "config" / "photogen-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'download_dir = "{downloads}"\n', encoding="utf-8")
    data_dir = home / "data" / "photogen-tui"
    app = Path(sys.executable).with_name("photogen-tui")
    assert app.exists(), f"console script not installed next to {sys.executable}"

    # The shell reaps the app and keeps its exit status (tmux may be slow to reap it).
    exit_file = tmp_path / "exit-status"
    terminal.start(f"{shlex.quote(str(app))}; echo $? > {shlex.quote(str(exit_file))}")
    terminal.wait_for(
        "the app to be ready",
        lambda s: "connected" in s and "credits 100 available" in s,
        timeout=40,
    )
    assert _server_pids(data_dir), "the embedded server should run while the app does"

    # Enter goes only once the text is on screen: Enter is a priority binding, and one
    # sent in the same write as the text can be handled before the text is inserted.
    terminal.type(PROMPT)
    terminal.wait_for("the typed prompt", _has_prompt_text(PROMPT))
    terminal.press("Enter")
    terminal.wait_for(
        "a grid of candidates", lambda s: "Candidates (number · seed)" in s and "4 · 3" in s
    )
    terminal.type("2")  # use candidate 2: it goes on the timeline
    terminal.wait_for("the typed pick", _has_prompt_text("2"))
    terminal.press("Enter")
    terminal.wait_for(
        "the pick on the timeline and the unchanged balance (local is free)",
        lambda s: "Video (1)" in s and f"{PROMPT}  0-3s" in s and "credits 100 available" in s,
    )

    terminal.type("export png")
    terminal.wait_for("the typed command", _has_prompt_text("export png"))
    terminal.press("Enter")
    _wait_until("a PNG in the download folder", lambda: any(downloads.glob("*.png")), 40)
    png = next(downloads.glob("*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    done = terminal.wait_for(
        "the finished job row and the saved note",
        lambda s: _squash(f"Saved {png}") in _chat_text(s) and "━" in _job_row(s),
    )
    assert png.name in _job_row(done), "the job row should name the saved file"
    assert "completed" in _job_row(done)
    assert TOKEN_PREFIX in (home / "config" / "photogen-tui" / "tokens.json").read_text()
    assert not any(TOKEN_PREFIX in screen for screen in terminal.seen), "a token was shown"
    terminal.press("C-q")
    _wait_until("the app to exit", exit_file.exists, 20)
    _wait_until("its exit status", lambda: exit_file.read_text().strip(), 5)
    status = exit_file.read_text().strip()
    assert status == "0", f"exit status {status}; the screen was:\n{terminal.screen()}"
    _wait_until("the embedded server to stop", lambda: not _server_pids(data_dir), 10)
