"""Screenshots of pictures in a real terminal: photogen-tui in ``xterm -ti vt340`` (sixel).

Starts a private Xvfb display and xterm, makes a photo with the real app on the
embedded server (HOME and the XDG dirs in a temporary folder: nothing of the
developer's is read or shown), and saves with ImageMagick's ``import``:

- ``sixel-preview.png``: the main screen with the photo in the preview and the chat;
- ``viewer.png``: the full-screen viewer on it (a click on the preview);
- ``viewer-photograph.png``: the viewer on a real photograph, when one is given.

Needs Xvfb, xterm, xdotool and ImageMagick (``apt-get install xvfb xterm xdotool
imagemagick fonts-dejavu-core``)::

    .venv/bin/python screenshots/terminal_screenshots.py [--photograph FILE] [--out screenshots]
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROMPT = "a red mug on a wooden table"
XTERM = [
    "xterm", "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256",
    "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "150x44+0+0",
]  # fmt: skip


def start_display() -> tuple[subprocess.Popen[bytes], str]:
    """Xvfb on a free display number."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        return xvfb, ":" + reader.readline().strip()


def run(env: dict[str, str], *args: str) -> str:
    """An X client command on the display; its output."""
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip()


def shoot(env: dict[str, str], path: Path) -> None:
    """Save the xterm window."""
    window = run(env, "xdotool", "search", "--class", "xterm").splitlines()[0]
    run(env, "import", "-window", window, str(path))
    if not path.exists():
        raise RuntimeError(f"import could not write {path}")
    print(f"wrote {path}")


def wait_for_png(root: Path, timeout: float) -> Path:
    """The first photo the embedded server saved."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(root.rglob("*.png"))
        if found:
            return found[0]
        time.sleep(0.5)
    raise TimeoutError("no photo was made")


def main_screen_and_viewer(env: dict[str, str], home: Path, out: Path) -> None:
    """Make a photo, shoot the main screen, open the viewer, shoot it."""
    app = Path(sys.executable).with_name("photogen-tui")
    xterm = subprocess.Popen([*XTERM, "-e", "sh", "-c", shlex.quote(str(app))], env=env)
    try:
        time.sleep(4)
        run(env, "xdotool", "type", "--delay", "20", PROMPT)
        run(env, "xdotool", "key", "Return")
        wait_for_png(home / "data", 60)
        time.sleep(4)
        shoot(env, out / "sixel-preview.png")
        run(env, "xdotool", "mousemove", "1100", "200", "click", "1")
        time.sleep(4)
        shoot(env, out / "viewer.png")
    finally:
        xterm.terminate()
        xterm.wait(timeout=10)


def viewer_on(env: dict[str, str], photograph: Path, out: Path) -> None:
    """The viewer alone on a real photograph."""
    show = HERE / "show_photos.py"
    command = (
        f"{shlex.quote(sys.executable)} {shlex.quote(str(show))} {shlex.quote(str(photograph))}"
    )
    xterm = subprocess.Popen([*XTERM, "-e", "sh", "-c", command], env=env)
    try:
        time.sleep(5)
        shoot(env, out / "viewer-photograph.png")
    finally:
        xterm.terminate()
        xterm.wait(timeout=10)


def main() -> int:
    """Make the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--photograph", type=Path, help="a real photograph for the viewer")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    xvfb, display = start_display()
    try:
        with tempfile.TemporaryDirectory(prefix="photogen-shots-") as tmp:
            home = Path(tmp)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "TMUX"))}
            env.pop("COLORTERM", None)
            env.update(
                DISPLAY=display,
                HOME=str(home),
                XDG_CONFIG_HOME=str(home / "config"),
                XDG_DATA_HOME=str(home / "data"),
                XDG_CACHE_HOME=str(home / "cache"),
                LANG="C.UTF-8",
            )
            main_screen_and_viewer(env, home, args.out)
            if args.photograph:
                viewer_on(env, args.photograph.resolve(), args.out)
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
