"""mypy passes on the package and on the test stand-ins that implement core's Protocols.

The fakes (``tests/ui/fakes.py``, ``tests/core/fakes.py``) stand in for the workspace
and the client; mypy checks them against ``photogen.core.protocols``, so a fake that
drifts from the real shape fails here, not in a confusing widget test.
``tests/server/fakes.py`` (the stand-in agent, light engines) is checked against
``photogen.server.agent.Agent`` and ``photogen.server.engines.Engines``.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKES = ("tests/ui/fakes.py", "tests/core/fakes.py", "tests/server/fakes.py")


def test_the_mypy_config_covers_the_package_and_the_fakes() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert {"tui/photogen", *FAKES} <= set(config["files"])


def test_mypy_finds_no_errors() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Success" in done.stdout
