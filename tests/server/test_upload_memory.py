"""A 200 MB+ upload through a real server process keeps memory flat (no buffering)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_upload.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_upload", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_200mb_upload_is_cut_off_with_flat_memory():
    figures = _bench().measure((200 << 20) + (8 << 20))
    assert figures["code"] == 4002
    assert figures["server_peak_growth_mib"] < 50
    assert figures["client_peak_growth_mib"] < 50


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_upload_just_under_the_limit_is_accepted_with_flat_memory():
    figures = _bench().measure((200 << 20) - 4096)
    assert figures["code"] == 0
    assert figures["server_peak_growth_mib"] < 50
