"""Transport edges: 404 wording per endpoint, header wait bound, token hygiene, no proxy for
the embedded server."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from photogen.client import ApiError, AuthError, ClientSettings, NemoClient, SessionNotFound
from photogen.client.errors import StreamError, TransportError
from photogen.client.transport import guard
from photogen.wire.safety import is_loopback
from tests.client.live import live_client, turn

SECRET = "nmv_usr_SECRET"


# --- a bare 404 from a render endpoint is not "session gone" --------------------------


@pytest.mark.parametrize("http_errors", [False, True])
async def test_unknown_render_is_not_session_not_found(live_server, tmp_path, http_errors):
    server = live_server(http_errors=http_errors)
    async with live_client(server.url, tmp_path / "cfg") as client:
        with pytest.raises(ApiError) as info:
            await client.poll_render("render_404404")
    assert not isinstance(info.value, SessionNotFound)
    if http_errors:  # HTTP 404 with code 404: the case that used to become 1002
        assert info.value.message == "render not found"


# --- a gateway that takes the request and never answers -------------------------------


@pytest.fixture
def silent_gateway() -> Iterator[socket.socket]:
    """A loopback socket that completes the TCP handshake and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock
    sock.close()


async def test_waiting_for_run_sse_headers_is_bounded(silent_gateway, tmp_path):
    url = f"http://127.0.0.1:{silent_gateway.getsockname()[1]}"
    settings = ClientSettings(
        base_url=url,
        config_dir=tmp_path / "cfg",
        token="nmv_usr_test",  # no token call first
        heartbeat_timeout_s=0.3,
        stream_hard_limit_s=60,
    )
    async with NemoClient(settings) as client:
        with pytest.raises(StreamError) as info:
            await turn(client, "s1", "hello")
    assert info.value.timed_out and not info.value.dropped
    silent_gateway.setblocking(False)
    conn, _ = silent_gateway.accept()  # the one request that was sent
    conn.close()
    with pytest.raises(BlockingIOError):  # ... and never re-sent
        silent_gateway.accept()


# --- the token never shows up in a message ------------------------------------------


def test_token_from_env_is_stripped(monkeypatch, tmp_path):
    monkeypatch.setenv("NEMO_TOKEN", f"  {SECRET}\n")
    settings = ClientSettings.from_env(config_dir=tmp_path)
    assert settings.token is not None and settings.token.get_secret_value() == SECRET


@pytest.mark.parametrize("bad", ["nmv_usr_SEC\nRET", f"{SECRET}\x7fx", f"nmv\x1b[31m{SECRET}"])
def test_token_with_control_characters_is_refused_without_quoting_it(monkeypatch, bad):
    monkeypatch.setenv("NEMO_TOKEN", bad)
    with pytest.raises(AuthError) as info:
        ClientSettings.from_env()
    assert "SEC" not in str(info.value) and "NEMO_TOKEN" in str(info.value)


async def test_bad_token_in_settings_is_an_auth_error_not_a_leak(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg", token=f"{SECRET}\n") as client:
        with pytest.raises(AuthError) as info:
            await client.credits()
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)


def test_guard_never_quotes_protocol_error_text():
    with pytest.raises(TransportError) as info, guard("/x"):
        raise httpx.LocalProtocolError(f"Illegal header value b'Bearer {SECRET}\\n'")
    assert SECRET not in info.value.message
    assert "LocalProtocolError" in info.value.message


async def test_header_error_from_httpx_does_not_leak_the_token(mock_client):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError(f"Illegal header value {request.headers['authorization']}")

    client = mock_client(handler, token=SECRET)
    with pytest.raises(TransportError) as info:
        await client.credits()
    assert SECRET not in str(info.value)


def test_connect_error_keeps_the_os_reason():
    with pytest.raises(TransportError) as info, guard("/x"):
        httpx.get("http://127.0.0.1:1/", timeout=2)
    assert "ConnectError" in info.value.message and "refused" in info.value.message.lower()


# --- no proxy for the embedded server ------------------------------------------------


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8765", True),
        ("http://127.9.9.9", True),
        ("http://[::1]:9000", True),
        ("http://localhost:1234", True),
        ("https://mega-api-prod.nemovideo.ai", False),
        ("http://10.0.0.1", False),
        ("ftp://127.0.0.1/x", False),  # the one check: the server's URL uploads use it too
        ("file:///etc/passwd", False),
        ("http://[::1", False),
    ],
)
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_loopback_calls_ignore_proxy_variables(live_server, tmp_path, monkeypatch):
    server = live_server()  # started before the proxy variables (its health check)
    dead_proxy = f"http://127.0.0.1:{_unused_port()}"
    for var in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(var, dead_proxy)
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
    async with live_client(server.url, tmp_path / "cfg") as client:
        balance = await client.credits()  # token call + authed call, straight to the server
    assert balance.total >= 0


async def test_cloud_client_keeps_proxy_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    settings = ClientSettings(base_url="https://api.example.com", config_dir=tmp_path)
    async with NemoClient(settings) as client:
        assert client._http.trust_env is True
    async with NemoClient(settings.model_copy(update={"base_url": "http://[::1]:1"})) as local:
        assert local._http.trust_env is False
