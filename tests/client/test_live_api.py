"""Every REST endpoint and every error code against the real embedded server."""

from __future__ import annotations

import contextlib
import http.server
import stat
import threading
from collections.abc import AsyncIterator

import pytest

from photogen.client import (
    AuthError,
    FileTooLarge,
    OutOfCredits,
    RateLimited,
    SessionNotFound,
    UnsupportedFile,
)
from photogen.client.errors import ApiError
from tests.client.conftest import Sleeps
from tests.client.live import live_client, turn

PNG_HEAD = b"\x89PNG\r\n\x1a\n"


@contextlib.asynccontextmanager
async def _served(body: bytes) -> AsyncIterator[str]:
    """A loopback URL (a plain HTTP server on a free port) that answers ``body``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/file.bin"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def png(path):
    from PIL import Image

    Image.new("RGB", (16, 12), (10, 120, 200)).save(path, "PNG")
    return path


async def test_bootstrap_session_credits_state_claim(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session("my project", "en")
        assert session.session_id and session.task_id
        assert client.has_token
        balance = await client.credits()
        assert balance.total == balance.available + balance.frozen == 100
        state = await client.state(session.session_id)
        assert state.session_id == session.session_id and state.task_name == "my project"
        link = await client.claim_link(session.task_id, session.session_id)
        assert link and link.startswith("https://nemovideo.com/workspace/claim?ct=clm_")
        assert "nmv_usr" not in link
    cache = tmp_path / "cfg" / "tokens.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    async with live_client(server.url, tmp_path / "cfg") as again:
        await again.ensure_token()
        assert again._auth.token == client._auth.token  # cached for this base URL


async def test_same_client_id_gets_the_same_token(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "a", cache_token=False) as one:
        await one.ensure_token()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "client_id").write_text((tmp_path / "a" / "client_id").read_text())
    async with live_client(server.url, tmp_path / "b", cache_token=False) as two:
        await two.ensure_token()
    assert one._auth.token == two._auth.token


async def test_refused_client_id_is_replaced(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "c", client_id="x" * 300) as client:
        await client.credits()
        assert client._auth.ids.get() != "x" * 300
    assert (tmp_path / "c" / "client_id").read_text().strip() == client._auth.ids.get()


@pytest.mark.parametrize("http_errors", [False, True])
async def test_unknown_session(live_server, tmp_path, http_errors):
    server = live_server(http_errors=http_errors)
    async with live_client(server.url, tmp_path / "cfg") as client:
        with pytest.raises(SessionNotFound) as info:
            await client.state("404404")
        assert info.value.code == 1002
        assert info.value.status == (404 if http_errors else 200)
        with pytest.raises(SessionNotFound):
            await turn(client, "404404", "hello")


async def test_expired_token_reauths_with_the_same_client_id(live_server, tmp_path):
    server = live_server(expire_tokens_after=2)
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        first = client._auth.token
        client_id = client._auth.ids.get()
        for _ in range(4):
            await client.credits()
        assert client._auth.token != first
        assert client._auth.ids.get() == client_id
        await client.state(session.session_id)


async def test_user_token_refused_is_an_auth_error(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg", token="nmv_usr_bogus") as client:
        with pytest.raises(AuthError) as info:
            await client.credits()
        assert "nmv_usr_bogus" not in str(info.value) + repr(info.value)


async def test_rate_limit_is_waited_and_retried_once(live_server, tmp_path):
    server = live_server(rate_limit_every=2, retry_after_s=0)
    sleeps = Sleeps()
    async with live_client(server.url, tmp_path / "cfg", sleep=sleeps) as client:
        for _ in range(3):
            await client.credits()
    assert len(sleeps.calls) >= 1 and all(s == 0 for s in sleeps.calls)


async def test_rate_limit_every_call_raises_after_one_retry(live_server, tmp_path):
    server = live_server(rate_limit_every=1, retry_after_s=3000)
    sleeps = Sleeps()
    async with live_client(server.url, tmp_path / "cfg", sleep=sleeps, token="nmv_usr_x") as client:
        with pytest.raises(RateLimited) as info:
            await client.credits()
    assert info.value.status == 429
    assert sleeps.calls == [30.0]  # 3000 s scaled by the server's time scale 0.01


@pytest.mark.parametrize("http_errors", [False, True])
async def test_out_of_credits_before_the_stream(live_server, tmp_path, http_errors):
    server = live_server(anonymous_credits=0, http_errors=http_errors)
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        with pytest.raises(OutOfCredits) as info:
            await turn(client, session.session_id, "a photo of a red mug on white")
    assert info.value.code == 2001
    assert info.value.status == (402 if http_errors else 200)
    assert info.value.bind_url and "?bind=" in info.value.bind_url


async def test_upload_files_and_urls(live_server, tmp_path):
    server = live_server()
    image = png(tmp_path / "shot.png")
    progress: list[tuple[int, int]] = []
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        result = await client.upload_files(
            session.session_id, [image, image], lambda d, t: progress.append((d, t))
        )
        assert result.session_state_applied and len(result.files) == 2
        assert result.files[0].file_type == "image" and result.files[0].cdn_url
        again = await client.upload_urls(session.session_id, [result.files[0].cdn_url])
        assert len(again.files) == 1
        state = await client.state(session.session_id)
        assert len(state.state.video_infos) == 3
    assert progress[-1][0] == progress[-1][1]


@pytest.mark.parametrize("http_errors", [False, True])
async def test_server_refuses_type_and_size(live_server, tmp_path, http_errors):
    server = live_server(upload_limit_bytes=2000, http_errors=http_errors)
    big = tmp_path / "big.png"
    big.write_bytes(PNG_HEAD + b"\x00" * 5000)
    async with live_client(server.url, tmp_path / "cfg") as client, _served(b"%PDF-1.7") as url:
        session = await client.create_session()
        with pytest.raises(UnsupportedFile) as info:  # the server sniffs what it fetched
            await client.upload_urls(session.session_id, [url])
        assert info.value.code == 4001 and "mp4" in info.value.accepted
        assert info.value.status == (415 if http_errors else 200)
        with pytest.raises(FileTooLarge) as info2:
            await client.upload_files(session.session_id, [big])
        assert info2.value.code == 4002
        assert info2.value.status == (413 if http_errors else 200)


async def test_another_tokens_session_is_not_found(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "a") as owner:
        session = await owner.create_session()
    async with live_client(server.url, tmp_path / "b") as other:
        with pytest.raises((SessionNotFound, ApiError)):
            await other.state(session.session_id)


async def test_token_never_in_logs_of_a_whole_session(live_server, tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    server = live_server(expire_tokens_after=3)
    errors: list[str] = []
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        await turn(client, session.session_id, 'add a title "Hi"')
        await client.credits()
        await client.upload_files(session.session_id, [png(tmp_path / "p.png")])
        try:
            await client.state("nope")
        except ApiError as exc:
            errors += [str(exc), repr(exc)]
        token = client._auth.token.get_secret_value()
        errors += [repr(client), repr(client.settings), repr(client._auth.token)]
    assert token.startswith("nmv_usr_")
    for text in [caplog.text, *errors]:
        assert token not in text


async def test_out_of_credits_with_your_own_token_says_top_up_not_register(live_server, tmp_path):
    import httpx

    server = live_server(anonymous_credits=0)
    token = httpx.post(
        f"{server.url}/api/auth/anonymous-token",
        headers={
            "X-Client-Id": "user-with-a-token",
            "X-Skill-Source": "photogen-tui",
            "X-Skill-Version": "0",
            "X-Skill-Platform": "terminal",
        },
    ).json()["data"]["token"]
    async with live_client(server.url, tmp_path / "cfg", token=token) as client:
        session = await client.create_session()
        with pytest.raises(OutOfCredits) as info:
            await turn(client, session.session_id, "a photo of a red mug on white")
    assert info.value.bind_url is None
