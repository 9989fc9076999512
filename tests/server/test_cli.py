"""``python -m photogen.server``: switches and the ready line."""

from __future__ import annotations

import subprocess
import sys

import httpx

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
