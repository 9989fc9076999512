"""Run ``photogen-tui`` as a user does: a real process, a private home, no NEMO_* set.

:func:`without_local_extra` makes the ``local`` extra (server and engine packages)
unimportable in that process, as in a cloud-only install: a ``sitecustomize`` on
``PYTHONPATH`` puts a finder first on ``sys.meta_path`` that refuses those modules.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from photogen.installed import LOCAL_MODULES

BLOCKED_MODULES = sorted({name for names in LOCAL_MODULES for name in names})

_BLOCKER = '''\
import sys

BLOCKED = {blocked!r}


class LocalExtraBlocker:
    """Refuses the local extra's modules, as if they were not installed."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, LocalExtraBlocker())
'''


def without_local_extra(folder: Path) -> dict[str, str]:
    """Environment entries that make :data:`BLOCKED_MODULES` unimportable in a child."""
    site = folder / "no-local-extra"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_BLOCKER.format(blocked=BLOCKED_MODULES))
    return {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}


def run_cli(
    home: Path, *args: str, timeout: float = 180, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``photogen-tui ARGS`` in ``home`` with its own config, data and cache folders."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "COLUMNS": "100",
    }
    for name in ("NEMO_API_URL", "NEMO_TOKEN", "NEMO_CLIENT_ID", "PHOTOGEN_MODEL"):
        env.pop(name, None)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "photogen.cli", *args],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str]) -> str:
    """The run failed with one ``photogen-tui: ...`` line last and no traceback."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("photogen-tui: ")
    return last
