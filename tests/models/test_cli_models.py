"""``photogen-tui models ...`` as a user runs it: a real process, the fake hub on loopback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from photogen.headless_progress import Progress
from photogen.models.catalogue import find_spec
from photogen.models.progress import PullBar, human_bytes, human_seconds
from tests.models.fakehub import FakeHub


def _cli(
    tmp_path: Path, hub: FakeHub | None, *args: str, token: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "PHOTOGEN_"))}
    env["PHOTOGEN_MODELS_DIR"] = str(tmp_path / "models")
    env["HF_HOME"] = str(tmp_path / "hf-home")
    if hub is not None:
        env["HF_ENDPOINT"] = hub.url
    if token:
        env["HF_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "photogen.cli", "models", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_pull_list_info_remove_from_a_fresh_install(tmp_path: Path, hub: FakeHub) -> None:
    listed = _cli(tmp_path, None, "list")
    assert listed.returncode == 0
    assert "birefnet-lite" in listed.stdout and "available" in listed.stdout
    assert "  Cut-outs: classical (GrabCut)\n" in listed.stdout

    pulled = _cli(tmp_path, hub, "pull", "birefnet-lite")
    assert pulled.returncode == 0, pulled.stderr
    assert "Pulling birefnet-lite from onnx-community/BiRefNet_lite-ONNX: 1 files" in pulled.stderr
    assert "Pulling birefnet-lite 100%" in pulled.stderr  # plain lines in a pipe
    assert "Installed birefnet-lite" in pulled.stderr and "verified" in pulled.stderr

    data = json.loads(_cli(tmp_path, None, "list", "--json").stdout)
    status = {m["name"]: m["status"] for m in data["models"]}
    assert status["birefnet-lite"].startswith("installed (") and status["sd-turbo"] == "available"
    assert "Cut-outs: birefnet-lite (installed)" in data["in_use"]
    assert "  Cut-outs: birefnet-lite (installed)\n" in _cli(tmp_path, None, "list").stdout

    info = _cli(tmp_path, None, "info", "birefnet-lite").stdout
    assert "commercial:  yes" in info and "a" * 40 in info and "installed in" in info

    again = _cli(tmp_path, hub, "pull", "birefnet-lite")
    assert again.returncode == 0 and "already installed" in again.stdout
    assert len(hub.gets("onnx/model.onnx")) == 1

    removed = _cli(tmp_path, None, "remove", "birefnet-lite")
    assert removed.returncode == 0 and "freed" in removed.stdout
    assert not (tmp_path / "models" / "birefnet-lite").exists()


def test_a_gated_model_without_a_token_fails_in_one_line(tmp_path: Path, hub: FakeHub) -> None:
    refused = _cli(tmp_path, hub, "pull", "flux-schnell", token="wrong-token")
    assert refused.returncode == 1
    assert "gated" in refused.stderr and "HF_TOKEN" in refused.stderr
    assert "wrong-token" not in refused.stderr + refused.stdout
    assert "installed" not in _cli(tmp_path, None, "list").stdout.split("flux-schnell")[1][:80]


def test_a_non_commercial_model_says_so_before_pulling(tmp_path: Path, hub: FakeHub) -> None:
    del hub.repos["stabilityai/sd-turbo"]  # the note comes before any download
    result = _cli(tmp_path, hub, "pull", "sd-turbo")
    assert "not for commercial use" in result.stderr
    assert result.returncode == 1 and "no repository stabilityai/sd-turbo" in result.stderr


def test_an_unknown_name_lists_the_choices(tmp_path: Path) -> None:
    result = _cli(tmp_path, None, "info", "stable-diffusion-9")
    assert result.returncode == 1
    assert "no model called 'stable-diffusion-9'" in result.stderr and "birefnet" in result.stderr


def test_info_says_licence_and_speed_basis_for_every_model(tmp_path: Path) -> None:
    for name in (
        "lcm-dreamshaper",
        "sd-turbo",
        "flux-schnell",
        "instruct-pix2pix",
        "birefnet-lite",
        "birefnet",
    ):
        info = _cli(tmp_path, None, "info", name).stdout
        assert "licence:" in info and "commercial:" in info
        assert "(estimated)" in info or "(measured)" in info


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_bar_shows_bytes_speed_and_time_left() -> None:
    spec = find_spec("birefnet-lite")
    assert spec is not None
    now = [0.0]
    stream = _Tty()
    bar = PullBar(Progress(stream), clock=lambda: now[0])
    bar.started(spec, 1, 1000)
    now[0] = 1.0
    bar.advanced(250)
    frame = stream.getvalue().rsplit("\r", 1)[-1]
    assert "250 B/1.0 kB" in frame and "250 B/s" in frame and "ETA 3s" in frame and "25%" in frame
    now[0] = 1.01
    bar.advanced(10)  # within a tenth of a second: not redrawn
    assert stream.getvalue().rsplit("\r", 1)[-1] == frame


def test_plain_lines_only_every_tenth_and_sizes_read_well() -> None:
    spec = find_spec("birefnet-lite")
    assert spec is not None
    stream = io.StringIO()
    bar = PullBar(Progress(stream))
    bar.started(spec, 1, 1000)
    for _ in range(100):
        bar.advanced(10)
    lines = [line for line in stream.getvalue().splitlines() if line.startswith("Pulling")]
    # The first line of each tenth: 1% opens the first one.
    assert lines[1:] == [f"Pulling birefnet-lite {p}%" for p in (1, *range(10, 101, 10))]
    assert human_bytes(4_300_000_000) == "4.3 GB" and human_bytes(999) == "999 B"
    assert human_seconds(195) == "3m15s" and human_seconds(7300) == "2h01m"
