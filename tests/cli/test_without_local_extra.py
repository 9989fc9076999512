"""A cloud-only install: without the ``local`` extra the client works and nothing crashes.

Each test runs ``photogen-tui`` in a process where the extra's modules (FastAPI,
uvicorn, python-multipart, numpy, OpenCV, PyAV) cannot be imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from photogen.installed import INSTALL_LOCAL
from tests.cli.helpers import BLOCKED_MODULES, assert_one_line_failure, run_cli, without_local_extra


@pytest.fixture
def no_local(tmp_path: Path) -> dict[str, str]:
    return without_local_extra(tmp_path)


def test_the_blocker_really_blocks(tmp_path: Path, no_local: dict[str, str]) -> None:
    code = "import importlib.util, numpy"
    env = {**no_local, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert "No module named 'numpy'" in result.stderr
    assert {"numpy", "cv2", "av", "fastapi", "uvicorn"} <= set(BLOCKED_MODULES)


def test_the_app_says_how_to_install_the_engine_or_use_the_cloud(
    tmp_path: Path, no_local: dict[str, str]
) -> None:
    line = assert_one_line_failure(run_cli(tmp_path, extra_env=no_local, timeout=60))
    assert INSTALL_LOCAL in line and "--cloud" in line


def test_generate_says_how_to_install_the_engine(tmp_path: Path, no_local: dict[str, str]) -> None:
    result = run_cli(tmp_path, "generate", "a mug", "--out", "m.png", extra_env=no_local)
    line = assert_one_line_failure(result)
    assert INSTALL_LOCAL in line and "--cloud" in line
    assert not (tmp_path / "m.png").exists()


def test_serve_says_how_to_install_the_server(tmp_path: Path, no_local: dict[str, str]) -> None:
    line = assert_one_line_failure(run_cli(tmp_path, "serve", "--port", "0", extra_env=no_local))
    assert INSTALL_LOCAL in line and "--cloud" not in line


def test_help_and_version_work_without_it(tmp_path: Path, no_local: dict[str, str]) -> None:
    for args in (["--help"], ["--version"], ["serve", "--help"], ["generate", "--help"]):
        result = run_cli(tmp_path, *args, extra_env=no_local, timeout=60)
        assert result.returncode == 0, result.stderr


def test_generate_against_a_remote_server_needs_no_engine(
    tmp_path: Path, no_local: dict[str, str], live_server_url: str
) -> None:
    """The whole client path (token, session, turn, export, still conversion) runs
    without the extra: the server is another process, as the cloud would be."""
    result = run_cli(
        tmp_path,
        "generate",
        "a perfume bottle on marble",
        "--out",
        "bottle.webp",
        "--json",
        extra_env={**no_local, "NEMO_API_URL": live_server_url},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["output_path"] == "bottle.webp"
    assert (tmp_path / "bottle.webp").read_bytes()[8:12] == b"WEBP"


def test_the_app_and_client_modules_import_without_it(no_local: dict[str, str]) -> None:
    code = (
        "import importlib, pkgutil, photogen\n"
        "for pkg in ('photogen.ui', 'photogen.core', 'photogen.client', 'photogen.wire'):\n"
        "    root = importlib.import_module(pkg)\n"
        "    for info in pkgutil.walk_packages(root.__path__, prefix=pkg + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "for name in ('photogen.cli', 'photogen.headless', 'photogen.server.options'):\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=no_local, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
