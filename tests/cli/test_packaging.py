"""The package metadata: SPDX license with its file, URLs, classifiers, the ``local`` extra,
and a build that does not warn. Built offline with the installed setuptools."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

from photogen.installed import LOCAL_MODULES

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DISTRIBUTIONS = {
    "fastapi",
    "uvicorn",
    "python-multipart",
    "numpy",
    "opencv-python-headless",
    "av",
}


@pytest.fixture(scope="module")
def metadata(tmp_path_factory: pytest.TempPathFactory) -> tuple[Message, str]:
    """The wheel's METADATA as setuptools prepares it, and what the build printed."""
    out = tmp_path_factory.mktemp("metadata")
    code = (
        "import sys\n"
        "from setuptools import build_meta\n"
        "print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))\n"
    )
    # Without PYTHONDONTWRITEBYTECODE: setuptools warns when byte-compiling is off.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    dist_info = out / result.stdout.strip().splitlines()[-1]
    text = (dist_info / "METADATA").read_text(encoding="utf-8")
    return Parser().parsestr(text), result.stdout + result.stderr


def _requirement_name(requirement: str) -> str:
    for stop in "<>=!~;[ ":
        requirement = requirement.split(stop, 1)[0]
    return requirement.lower()


def test_the_build_does_not_warn(metadata: tuple[Message, str]) -> None:
    _meta, output = metadata
    assert "warning" not in output.lower(), output


def test_license_is_spdx_mit_with_its_file(metadata: tuple[Message, str]) -> None:
    meta, _ = metadata
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_urls_and_classifiers(metadata: tuple[Message, str]) -> None:
    meta, _ = metadata
    assert meta.get_all("Project-URL")
    classifiers = meta.get_all("Classifier") or []
    assert "Environment :: Console" in classifiers and "Typing :: Typed" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")], "SPDX replaces these"


def test_the_engine_and_server_are_the_local_extra(metadata: tuple[Message, str]) -> None:
    meta, _ = metadata
    base, local = set(), set()
    for requirement in meta.get_all("Requires-Dist") or []:
        name = _requirement_name(requirement)
        if 'extra == "local"' in requirement:
            local.add(name)
        elif "extra ==" not in requirement:
            base.add(name)
    assert local == ENGINE_DISTRIBUTIONS
    assert not base & ENGINE_DISTRIBUTIONS
    assert {"textual", "httpx", "pydantic", "pillow", "pillow-heif"} <= base


def test_the_install_check_knows_every_local_distribution() -> None:
    """``photogen.installed`` checks one module per distribution of the extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    local = {_requirement_name(r) for r in project["optional-dependencies"]["local"]}
    assert len(LOCAL_MODULES) == len(local)
    test_extra = project["optional-dependencies"]["test"]
    assert "photogen-tui[local]" in test_extra, "the tests need the engine and server"
