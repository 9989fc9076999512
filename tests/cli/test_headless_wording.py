"""Headless errors are worded for a command, not for the app (no kept text, no Enter)."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from photogen.client.errors import SessionNotFound, StreamError, TransportError
from photogen.core.errors import describe_error
from photogen.core.settings import Settings
from photogen.core.updates import Notice, TurnFinished
from photogen.headless import GenerateFailed, generate
from photogen.headless_progress import Progress

APP_ONLY = ("kept", "timeline", "enter", "checking what happened", "new session was started")

ERRORS = [
    TransportError("Could not reach the server (/api/state): ConnectError"),
    StreamError("timed out", timed_out=True),
    StreamError("dropped", dropped=True),
    SessionNotFound("Session not found", code=1002),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_headless_wording_has_no_app_promises(error: Exception) -> None:
    app, headless = describe_error(error), describe_error(error, in_app=False)
    assert app.title == headless.title
    assert not any(words in str(headless).lower() for words in APP_ONLY), str(headless)
    assert any(words in str(app).lower() for words in APP_ONLY), "the app keeps its wording"


class TurnThatCannotReachTheServer:
    """A workspace whose chat turn fails the way core reports a lost connection."""

    session = argparse.Namespace(id="s1")

    @classmethod
    async def open(cls, *_args: Any, **_kwargs: Any) -> TurnThatCannotReachTheServer:
        return cls()

    async def send(self, _text: str) -> AsyncIterator[Any]:
        from photogen.core.turns import _notice

        yield _notice(TransportError("Could not reach the server (/run_sse): ReadError"))
        yield TurnFinished(False, retry_text=_text)

    async def close(self) -> None:
        pass


async def test_an_error_notice_in_the_turn_is_worded_for_the_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import photogen.headless

    monkeypatch.setattr(photogen.headless, "Workspace", TurnThatCannotReachTheServer)
    args = argparse.Namespace(
        prompt="a mug", image=[], aspect=None, export=None, out=None, force=False, cloud=False
    )
    with pytest.raises(GenerateFailed) as failed:
        await generate(args, Settings(data_dir=tmp_path), progress=Progress(quiet=True))
    message = str(failed.value)
    assert message.startswith("Can't reach the server.")
    assert not any(words in message.lower() for words in APP_ONLY)


def test_core_error_notices_carry_their_cause() -> None:
    from photogen.core.turns import _notice

    error = TransportError("x")
    notice = _notice(error)
    assert notice.cause is error and notice == Notice(notice.text, "error", notice.what_to_do)


async def test_a_turn_ending_in_the_error_line_fails_generate(
    live_server: Any, tmp_path: Path
) -> None:
    from tests.server.fakes import StandInAgent

    server = live_server(agent=StandInAgent())
    settings = Settings(data_dir=tmp_path, backend=server.url, client_config_dir=tmp_path / "c")
    args = argparse.Namespace(
        prompt="crash", image=[], aspect=None, export=None, out=None, force=False, cloud=False
    )
    progress = Progress(quiet=True)
    with pytest.raises(GenerateFailed) as failed:
        await generate(args, settings, progress)
    assert str(failed.value).startswith("The assistant hit an error")  # never as a reply
