"""[OURS] ``POST /api/run/nemo_agent/me/{session_id}/cancel``: the app's esc stops a turn."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from tests.server.conftest import Api


def _cancel(api: Api, session_id: str | None = None) -> Any:
    return api.post(f"/api/run/nemo_agent/me/{session_id or api.session_id}/cancel").json()


def test_cancel_stops_the_running_turn_and_its_stream_ends(
    live_server: Callable[..., Any],
) -> None:
    api = Api(live_server().url)
    api.login()
    api.new_session()
    ended: list[float] = []

    def long_turn() -> None:  # about 150 s of heartbeats unless stopped
        api.run("#fault heartbeats 1000")
        ended.append(time.monotonic())

    reader = threading.Thread(target=long_turn, daemon=True)
    reader.start()
    other = Api(api.url, api.client_id)
    other.login()
    deadline = time.monotonic() + 10
    stopped = 0
    while not stopped and time.monotonic() < deadline:  # until the turn has started
        stopped = _cancel(other, api.session_id)["data"]["stopped"]
    asked = time.monotonic()
    reader.join(timeout=10)
    assert stopped == 1
    assert ended and ended[0] - asked < 5
    assert _cancel(other, api.session_id)["data"]["stopped"] == 0
    api.close()
    other.close()


def test_cancel_is_only_for_the_sessions_owner(live_server: Callable[..., Any]) -> None:
    url = live_server().url
    owner, stranger = Api(url), Api(url)
    owner.login()
    owner.new_session()
    stranger.login()
    assert _cancel(stranger, owner.session_id)["code"] == 1002
    assert _cancel(owner)["data"] == {"stopped": 0}
    owner.close()
    stranger.close()
