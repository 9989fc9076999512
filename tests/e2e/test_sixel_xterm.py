"""The photo as a real terminal shows it: photogen-tui in ``xterm -ti vt340`` (sixel) under Xvfb.

The test types a prompt with xdotool, screenshots the X screen with ImageMagick's
``import`` and looks for the photo in the screenshot (normalised cross-correlation
over a range of sizes, on grey images shrunk 4x). The photo must be there, in the
side panel; then again after F1 is opened (the help covers it) and closed, and
after the window is resized. Skipped, with the reason, where Xvfb, xterm,
xdotool or ImageMagick are missing (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(90)]

TOOLS = ("Xvfb", "xterm", "xdotool", "import")
SCREEN = (1600, 1000)
#: Correlation of the photo with the best-matching part of the screenshot, shrunk 4x
#: (sixel ~0.97; the same photo in half-block characters ~0.84).
SHOWN = 0.92
#: The same at full resolution (sixel ~0.98, half-block ~0.83).
SHARP = 0.95
SHRINK = 4
#: Screen x where the side panel has begun in a 150-column xterm (~1350 px wide).
PANEL_LEFT = 700


def _missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


class XScreen:
    """A private Xvfb display, the xterm on it, and screenshots of it."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.procs: list[subprocess.Popen[bytes]] = []
        self.display = ""
        self.shots = 0

    def start_display(self) -> None:
        """Xvfb on the first free display number (it writes the number it took)."""
        read_fd, write_fd = os.pipe()
        width, height = SCREEN
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(write_fd)
        self.procs.append(xvfb)
        with os.fdopen(read_fd) as reader:
            number = reader.readline().strip()
        assert number.isdigit(), "Xvfb did not say which display it took"
        self.display = f":{number}"

    def env(self, extra: dict[str, str]) -> dict[str, str]:
        """The environment for X clients on this display."""
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "NEMO_"))}
        return {**keep, "DISPLAY": self.display, **extra}

    def start_xterm(self, command: str, env: dict[str, str]) -> None:
        """``xterm -ti vt340`` with 256 colour registers and a fixed font, running ``command``."""
        xterm = subprocess.Popen(
            [
                "xterm", "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256",
                "-fa", "DejaVu Sans Mono", "-fs", "11", "-geometry", "150x44+0+0",
                "-e", "sh", "-c", command,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.procs.append(xterm)

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this display."""
        done = subprocess.run(
            ["xdotool", *args], env=self.env({}), capture_output=True, text=True, timeout=10
        )
        return done.stdout.strip()

    def screenshot(self) -> Any:
        """The whole screen as a grey numpy array."""
        import cv2

        self.shots += 1
        path = self.workdir / f"screen-{self.shots}.png"
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env({}), check=True, timeout=20
        )
        return cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)

    def close(self) -> None:
        """Stop xterm (and the app in it), then Xvfb."""
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def sharp_match(screen: Any, photo: Any, where: tuple[int, int], width: int) -> float:
    """Correlation at full resolution around a coarse match: fine detail must be there.

    Half-block characters (two pixels per cell) score well below a sixel picture.
    """
    import cv2

    best = -1.0
    for size in range(width - 2 * SHRINK, width + 2 * SHRINK + 1):
        height = round(photo.shape[0] * size / photo.shape[1])
        template = cv2.resize(photo, (size, height), interpolation=cv2.INTER_AREA)
        top, left = max(0, where[1] - 2 * SHRINK), max(0, where[0] - 2 * SHRINK)
        region = screen[top : where[1] + height + 2 * SHRINK, left : where[0] + size + 2 * SHRINK]
        if region.shape[0] < height or region.shape[1] < size:
            continue
        _, score, _, _ = cv2.minMaxLoc(cv2.matchTemplate(region, template, cv2.TM_CCOEFF_NORMED))
        best = max(best, float(score))
    return best


def find_photo(screen: Any, photo: Any, left: int = 0) -> tuple[float, tuple[int, int], int]:
    """Best correlation of ``photo`` in ``screen`` right of ``left`` over sizes.

    Returns:
        The score, the top-left corner and the width in screen pixels.
    """
    import cv2

    screen = screen[:, left:]
    small = cv2.resize(screen, (screen.shape[1] // SHRINK, screen.shape[0] // SHRINK))
    best = (-1.0, (0, 0), 0)
    for width in range(24, min(small.shape) - 1, 2):
        height = round(photo.shape[0] * width / photo.shape[1])
        if height >= small.shape[0]:
            break
        template = cv2.resize(photo, (width, height), interpolation=cv2.INTER_AREA)
        scores = cv2.matchTemplate(small, template, cv2.TM_CCOEFF_NORMED)
        _, score, _, where = cv2.minMaxLoc(scores)
        if score > best[0]:
            best = (float(score), (left + where[0] * SHRINK, where[1] * SHRINK), width * SHRINK)
    return best


@pytest.fixture
def xscreen(tmp_path: Path) -> Iterator[XScreen]:
    """The X display; skipped where the tools are missing."""
    missing = _missing_tools()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt: xvfb xterm xdotool imagemagick)")
    pytest.importorskip("cv2", reason="needs OpenCV (the [local] extra) to compare images")
    screen = XScreen(tmp_path)
    screen.start_display()
    try:
        yield screen
    finally:
        screen.close()


def _shown(xscreen: XScreen, full: Any, photo: Any, left: int) -> tuple[float, float, int, int]:
    """Coarse score, full-resolution score, x and width of the photo right of ``left``."""
    screen = xscreen.screenshot()
    score, where, width = find_photo(screen, photo, left)
    return score, sharp_match(screen, full, where, width), where[0], width


def _wait_for_photo(xscreen: XScreen, home: Path, timeout: float) -> tuple[Any, Any]:
    """The first photo file the app saved, once the screen shows it; fails after ``timeout``."""
    import cv2

    deadline = time.monotonic() + timeout
    score = -1.0
    while time.monotonic() < deadline:
        photos = sorted((home / "data").rglob("*.png"))
        if photos:
            full = cv2.imread(str(photos[0]), cv2.IMREAD_GRAYSCALE)
            photo = cv2.resize(full, (96, 96 * full.shape[0] // full.shape[1]))
            score, _, _ = find_photo(xscreen.screenshot(), photo, PANEL_LEFT)
            if score >= SHOWN:
                return full, photo
        time.sleep(1)
    raise AssertionError(f"the photo never showed on screen (best correlation {score:.2f})")


def test_the_photo_shows_in_xterm_sixel_after_help_and_resize(
    xscreen: XScreen, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    (home / "config" / "photogen-tui").mkdir(parents=True)
    app = Path(sys.executable).with_name("photogen-tui")
    assert app.exists(), f"console script not installed next to {sys.executable}"
    env = xscreen.env(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "LANG": "C.UTF-8",
        }
    )
    env.pop("COLORTERM", None)
    xscreen.start_xterm(shlex.quote(str(app)), env)
    time.sleep(4)  # the app asks the terminal, then paints; typed keys before that are kept
    xscreen.xdotool("type", "--delay", "20", "a red sneaker on white")
    xscreen.xdotool("key", "Return")

    full, photo = _wait_for_photo(xscreen, home, timeout=45)
    # The preview is in the side panel, the right part of the 1350-pixel-wide xterm.
    score, sharp, x, width = _shown(xscreen, full, photo, PANEL_LEFT)
    assert score >= SHOWN and sharp >= SHARP, f"the preview is not sharp ({score:.2f}, {sharp:.2f})"
    assert width >= 300, f"the preview's photo is only {width} px wide"

    xscreen.xdotool("key", "F1")
    time.sleep(1.5)
    _, covered, _, _ = _shown(xscreen, full, photo, PANEL_LEFT)
    assert covered < SHARP, "the help dialog is drawn over the photo"
    xscreen.xdotool("key", "Escape")
    time.sleep(1.5)
    score, sharp, x_back, _ = _shown(xscreen, full, photo, PANEL_LEFT)
    assert sharp >= SHARP, f"after the help closed the photo is not back ({score:.2f}, {sharp:.2f})"
    assert abs(x_back - x) <= 2 * SHRINK

    window = xscreen.xdotool("search", "--class", "xterm")
    xscreen.xdotool("windowsize", window.splitlines()[0], "1100", "760")
    time.sleep(3)
    score, sharp, _, width_after = _shown(xscreen, full, photo, 1100 // 2)
    assert sharp >= SHARP, f"after a resize the photo is not sharp ({score:.2f}, {sharp:.2f})"
    assert width_after < width, "the photo follows the smaller window"
