"""``python -m photogen.server``: switches and the ready line."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from photogen.server.__main__ import parse_args


def test_parse_args_maps_every_switch(tmp_path):
    config = parse_args(
        [
            "--port",
            "0",
            "--data-dir",
            str(tmp_path),
            "--http-errors",
            "--render-shape",
            "B",
            "--sse-shape",
            "simple",
            "--time-scale",
            "0.01",
            "--drop-stream-after",
            "3",
            "--rate-limit-every",
            "5",
            "--expire-tokens-after",
            "10",
            "--fail-render-once",
        ]
    )
    assert (config.port, config.data_dir, config.http_errors) == (0, tmp_path, True)
    assert (config.render_shape, config.sse_shape, config.time_scale) == ("B", "simple", 0.01)
    assert (config.drop_stream_after, config.rate_limit_every) == (3, 5)
    assert config.expire_tokens_after == 10 and config.fail_render_once


def test_module_prints_ready_line_and_serves(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "photogen.server", "--port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("photogen server listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        assert httpx.get(f"{url}/health").json() == {"status": "ok"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
    assert (tmp_path / "server.sqlite3").exists()


def test_server_exits_when_the_app_that_started_it_is_killed(tmp_path):
    """A crashed (SIGKILLed) app must not leave its embedded server running."""
    import os
    import signal
    import time

    starter = (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-m', 'photogen.server', '--port', '0',\n"
        f"    '--data-dir', {str(tmp_path)!r}, '--parent-pid', str(os.getpid())],\n"
        "    stdout=subprocess.PIPE, text=True)\n"
        "print(child.pid, child.stdout.readline().strip(), flush=True)\n"
        "time.sleep(600)\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True
    ) as parent:
        child_pid_text, ready = parent.stdout.readline().split(" ", 1)
        child_pid = int(child_pid_text)
        assert "listening" in ready
        os.kill(parent.pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            return
        with open(f"/proc/{child_pid}/stat") as stat:
            if stat.read().split(")")[1].split()[0] == "Z":
                return  # exited; only its process-table entry is left
        time.sleep(0.1)
    os.kill(child_pid, signal.SIGKILL)
    raise AssertionError("the server outlived its parent")


def test_switches_left_out_keep_the_configs_defaults(tmp_path):
    from photogen.server.config import ServerConfig

    given = parse_args(["--data-dir", str(tmp_path)])
    assert given == ServerConfig(data_dir=tmp_path)


def test_photogen_tui_serve_has_the_product_switches_not_the_fault_ones(tmp_path, capsys):
    from photogen.cli import build_parser
    from photogen.server.__main__ import config_from_args

    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--data-dir", str(tmp_path)]
        + ["--credits-per-image", "0", "--credits-per-edit", "0", "--anonymous-credits", "5"]
        + ["--tokens-per-ip", "3", "--model-dir", "/models/sd", "--render-shape", "B"]
        + ["--device", "cpu", "--models-dir", "/models"]
    )
    config = config_from_args(args)
    assert (config.host, config.port, config.data_dir) == ("0.0.0.0", 9000, tmp_path)
    assert (config.credits_per_image, config.credits_per_edit) == (0, 0)
    assert (config.anonymous_credits, config.tokens_per_ip) == (5, 3)
    assert (config.model_dir, config.render_shape) == ("/models/sd", "B")
    assert (config.device, config.models_dir) == ("cpu", "/models")
    for fault in (["--fail-render-once"], ["--debug-commands"], ["--parent-pid", "1"]):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["serve", *fault])
        assert "unrecognized arguments" in capsys.readouterr().err
