"""Auth bootstrap, token cache, client id, and the 1001/400/429 retry rules (MockTransport)."""

from __future__ import annotations

import json
import logging
import stat
import uuid

import httpx
import pytest

from photogen.client import AuthError, ClientSettings, RateLimited
from photogen.client.auth import TokenCache
from photogen.client.errors import ApiError
from tests.client.conftest import TOKEN, envelope, token_response

ANON = "/api/auth/anonymous-token"
CREDITS = "/api/credits/balance/simple"


class Server:
    """A scripted mock: counts calls, records requests, answers from a queue per path."""

    def __init__(self, **scripts: list[httpx.Response]) -> None:
        self.scripts = {k.replace("_", "/"): v for k, v in scripts.items()}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == ANON:
            queue = self.scripts.get("anon", [])
        else:
            queue = self.scripts.get("credits", [])
        if queue:
            return queue.pop(0) if len(queue) > 1 else queue[0]
        return httpx.Response(200, json=envelope({"available": 5, "frozen": 0, "total": 5}))

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


BALANCE = httpx.Response(200, json=envelope({"available": 5, "frozen": 0, "total": 5}))


async def test_anonymous_token_then_bearer_and_attribution_on_every_call(mock_client):
    server = Server(anon=[token_response()])
    client = mock_client(server)
    assert not client.has_token
    assert (await client.credits()).available == 5
    assert client.has_token
    anon, credits = server.requests
    assert anon.url.path == ANON and "authorization" not in anon.headers
    assert uuid.UUID(anon.headers["x-client-id"])
    assert credits.headers["authorization"] == f"Bearer {TOKEN}"
    for request in server.requests:
        assert request.headers["x-skill-source"] == "photogen-tui"
        assert request.headers["x-skill-platform"] == "terminal"
        assert request.headers["x-skill-version"]


async def test_nemo_token_is_used_without_asking(mock_client):
    server = Server()
    client = mock_client(server, token="nmv_usr_mine")
    await client.credits()
    assert server.paths() == [CREDITS]
    assert server.requests[0].headers["authorization"] == "Bearer nmv_usr_mine"


async def test_client_id_persists_in_the_file(mock_client, settings):
    server = Server(anon=[token_response()])
    await mock_client(server, cache_token=False).ensure_token()
    await mock_client(server, cache_token=False).ensure_token()
    ids = {r.headers["x-client-id"] for r in server.requests}
    assert len(ids) == 1
    assert settings.id_file.read_text().strip() == ids.pop()


async def test_nemo_client_id_wins(mock_client):
    server = Server(anon=[token_response()])
    await mock_client(server, client_id="11111111-2222-3333-4444-555555555555").ensure_token()
    assert server.requests[0].headers["x-client-id"] == "11111111-2222-3333-4444-555555555555"


async def test_token_cache_is_private_and_per_base_url(mock_client, settings):
    server = Server(anon=[token_response()])
    await mock_client(server).ensure_token()
    cache = settings.config_dir / "tokens.json"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.id_file.stat().st_mode) == 0o600
    assert json.loads(cache.read_text())["http://mock.test"]["token"] == TOKEN

    again = Server()
    await mock_client(again).credits()  # cached token, no new anonymous call
    assert again.paths() == [CREDITS]

    other = Server(anon=[token_response("nmv_usr_other")])
    cloud = mock_client(other, base_url="http://other.test")
    await cloud.credits()
    assert other.paths() == [ANON, CREDITS]
    assert other.requests[1].headers["authorization"] == "Bearer nmv_usr_other"


def test_expired_cached_token_is_ignored(tmp_path):
    cache = TokenCache(tmp_path / "tokens.json")
    cache._write(
        {
            "http://a": {"token": "t", "expires_at": "2001-01-01T00:00:00Z"},
            "http://b": {"token": "u", "expires_at": "2999-01-01T00:00:00Z"},
        }
    )
    assert cache.load("http://a") is None
    assert cache.load("http://b")[0].get_secret_value() == "u"


@pytest.mark.parametrize("style", ["envelope", "http"])
async def test_1001_reauth_keeps_the_client_id_and_retries_once(mock_client, style):
    status = 401 if style == "http" else 200
    expired = httpx.Response(status, json=envelope(code=1001, message="token expired"))
    server = Server(
        anon=[token_response("nmv_usr_a"), token_response("nmv_usr_b")], credits=[expired, BALANCE]
    )
    client = mock_client(server)
    assert (await client.credits()).total == 5
    assert server.paths() == [ANON, CREDITS, ANON, CREDITS]
    anon1, _, anon2, retry = server.requests
    assert anon1.headers["x-client-id"] == anon2.headers["x-client-id"]
    assert retry.headers["authorization"] == "Bearer nmv_usr_b"


@pytest.mark.parametrize("code", [1001, 1010, 1011, 401])
async def test_auth_failure_twice_raises_auth_error(mock_client, code):
    refused = httpx.Response(200, json=envelope(code=code, message="no"))
    server = Server(anon=[token_response()], credits=[refused])
    with pytest.raises(AuthError) as info:
        await mock_client(server).credits()
    assert info.value.code == code
    assert server.paths() == [ANON, CREDITS, ANON, CREDITS]


async def test_user_token_is_not_swapped_for_an_anonymous_one(mock_client):
    refused = httpx.Response(401, json=envelope(code=1001, message="expired"))
    server = Server(credits=[refused])
    with pytest.raises(AuthError):
        await mock_client(server, token="nmv_usr_mine").credits()
    assert server.paths() == [CREDITS]


async def test_400_on_anonymous_token_makes_a_new_client_id(mock_client, settings):
    bad = httpx.Response(400, json=envelope(code=400, message="X-Client-Id required"))
    server = Server(anon=[bad, token_response()])
    await mock_client(server).ensure_token()
    first, second = server.requests
    assert first.headers["x-client-id"] != second.headers["x-client-id"]
    assert settings.id_file.read_text().strip() == second.headers["x-client-id"]


async def test_400_twice_is_an_api_error(mock_client):
    bad = httpx.Response(400, json=envelope(code=400, message="X-Client-Id required"))
    server = Server(anon=[bad])
    with pytest.raises(ApiError) as info:
        await mock_client(server).ensure_token()
    assert info.value.status == 400 and len(server.requests) == 2


async def test_429_waits_retry_after_and_retries_once(mock_client, sleeps):
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json=envelope(code=429))
    server = Server(anon=[token_response()], credits=[limited, BALANCE])
    assert (await mock_client(server).credits()).available == 5
    assert sleeps.calls == [2.0]


async def test_429_without_header_waits_the_setting(mock_client, sleeps):
    limited = httpx.Response(429, json=envelope(code=429))
    server = Server(anon=[token_response()], credits=[limited])
    with pytest.raises(RateLimited):
        await mock_client(server, rate_limit_wait_s=0.25).credits()
    assert sleeps.calls == [0.25]
    assert server.paths() == [ANON, CREDITS, CREDITS]


async def test_429_on_the_token_call_is_waited_once(mock_client, sleeps):
    limited = httpx.Response(429, headers={"Retry-After": "1"}, json=envelope(code=429))
    server = Server(anon=[limited, token_response()])
    await mock_client(server).ensure_token()
    assert sleeps.calls == [1.0] and len(server.requests) == 2


async def test_token_never_in_logs_reprs_or_errors(mock_client, settings, caplog):
    caplog.set_level(logging.DEBUG)
    refused = httpx.Response(401, json=envelope(code=1001, message="bad token"))
    server = Server(anon=[token_response()], credits=[refused])
    client = mock_client(server)
    with pytest.raises(AuthError) as info:
        await client.credits()
    user = mock_client(Server(), token=TOKEN)
    texts = [
        caplog.text,
        repr(client),
        str(client),
        repr(info.value),
        str(info.value),
        repr(settings),
        repr(user.settings),
        str(user.settings.model_dump()),
        repr(user),
        repr(client._auth.token),
    ]
    for text in texts:
        assert TOKEN not in text


def test_settings_from_env(monkeypatch, tmp_path):
    monkeypatch.setenv("NEMO_API_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("NEMO_TOKEN", TOKEN)
    monkeypatch.setenv("NEMO_CLIENT_ID", "abc-123-def")
    monkeypatch.setenv("NEMO_WEB_URL", "")
    s = ClientSettings.from_env(config_dir=tmp_path)
    assert s.base_url == "http://127.0.0.1:9"
    assert s.web_url == "https://nemovideo.com"
    assert s.token is not None and s.token.get_secret_value() == TOKEN
    assert s.client_id == "abc-123-def"
    assert s.client_id_file == tmp_path / "client_id"
    assert TOKEN not in repr(s)
