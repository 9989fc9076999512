"""The layers of DESIGN.md §2: ui -> core -> client -> wire <- server -> (models ->) engine.

Each check imports a package in a fresh interpreter and looks at what got loaded, so
an import anywhere in the package's module tree counts, not just the top module.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import photogen

FORBIDDEN = {
    "photogen.wire": (
        "textual",
        "httpx",
        "fastapi",
        "photogen.client",
        "photogen.server",
        "photogen.core",
        "photogen.engine",
        "photogen.ui",
    ),
    "photogen.client": (
        "textual",
        "photogen.server",
        "photogen.core",
        "photogen.engine",
        "photogen.ui",
        "fastapi",
    ),
    "photogen.core": ("textual", "photogen.server", "photogen.engine", "photogen.ui", "fastapi"),
    "photogen.server": ("textual", "photogen.client", "photogen.core", "photogen.ui"),
    "photogen.models": (
        "textual",
        "fastapi",
        "torch",
        "huggingface_hub",
        "photogen.client",
        "photogen.core",
        "photogen.server",
        "photogen.ui",
    ),
    # The one still writer: Pillow and the format table, used by core, client and server.
    "photogen.stills": (
        "textual",
        "httpx",
        "pydantic",
        "fastapi",
        "numpy",
        "photogen.client",
        "photogen.core",
        "photogen.server",
        "photogen.engine",
        "photogen.ui",
    ),
    "photogen.engine": (
        "textual",
        "httpx",
        "fastapi",
        "photogen.models",
        "photogen.wire",
        "photogen.client",
        "photogen.core",
        "photogen.server",
        "photogen.ui",
    ),
}


def modules_of(package: str) -> list[str]:
    root = __import__(package, fromlist=["_"])
    found = [package]
    for info in pkgutil.walk_packages(getattr(root, "__path__", []), prefix=f"{package}."):
        if ".__main__" not in info.name:
            found.append(info.name)
    return found


def loaded_after_import(names: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_a_forbidden_layer(package: str) -> None:
    loaded = loaded_after_import(modules_of(package))
    leaks = sorted(
        m for m in loaded for bad in FORBIDDEN[package] if m == bad or m.startswith(bad + ".")
    )
    assert not leaks, f"{package} pulls in {leaks[:5]}"


def test_cli_import_is_light() -> None:
    loaded = loaded_after_import(["photogen.cli"])
    heavy = [m for m in ("textual", "httpx", "fastapi", "numpy", "PIL", "av", "cv2") if m in loaded]
    assert not heavy, f"photogen.cli imports {heavy} before a command runs"


def test_version_is_the_package_version() -> None:
    assert photogen.__version__ != "0.0.0"


def test_the_app_paints_before_pydantic_and_the_client_load() -> None:
    loaded = loaded_after_import(["photogen.ui.app", "photogen.wire.safety"])
    heavy = [m for m in ("pydantic", "httpx", "photogen.client", "PIL", "numpy") if m in loaded]
    assert not heavy, f"importing the app pulls in {heavy} before its first paint"


def test_every_wire_export_resolves() -> None:
    import photogen.wire as wire

    for name in wire.__all__:
        assert getattr(wire, name) is not None, name


def test_the_core_and_client_modules_the_app_imports_early_stay_light() -> None:
    """The UI matches on core's types at run time; those modules must not load pydantic."""
    early = [
        "photogen.client",
        "photogen.client.errors",
        "photogen.core.errors",
        "photogen.core.intents",
        "photogen.core.protocols",
        "photogen.core.updates",
    ]
    loaded = loaded_after_import(early)
    heavy = [m for m in ("pydantic", "httpx", "photogen.client.api") if m in loaded]
    assert not heavy, f"importing {early} pulls in {heavy}"


FIRST_PAINT = """
import asyncio, json, sys, tempfile
from pathlib import Path
from photogen.core.settings import Settings
from photogen.ui.app import PhotogenApp
from photogen.ui.images.detect import Detection

async def main() -> None:
    never = asyncio.Event()

    async def opening(settings, **_):  # the workspace is still starting
        await never.wait()

    root = Path(tempfile.mkdtemp())
    settings = Settings(download_dir=root / "out", data_dir=root / "data")
    app = PhotogenApp(
        settings, workspace_factory=opening, detection=Detection("halfblock", False, "test")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query("#prompt"), "the main screen did not paint"
        print(json.dumps(sorted(sys.modules)))
        app.exit()

asyncio.run(main())
"""


def test_the_painted_app_has_not_loaded_pydantic_or_the_client() -> None:
    """Up to its first frame (every widget mounted) the app runs without the client stack."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    heavy = [m for m in ("pydantic", "httpx", "photogen.client.api", "PIL", "numpy") if m in loaded]
    assert not heavy, f"the app loaded {heavy} before its first paint"
