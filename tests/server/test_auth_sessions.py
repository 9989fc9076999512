"""Auth, sessions, credits, state, ownership, error styles and fault switches."""

from __future__ import annotations

import httpx

from .conftest import ATTRIBUTION


def test_health_and_list_apps(server):
    url = server().url
    assert httpx.get(f"{url}/health").json() == {"status": "ok"}
    assert httpx.get(f"{url}/list-apps").json() == ["nemo_agent"]


def test_anonymous_token_shape_and_reuse(server, api_for):
    url = server().url
    api = api_for(url, session=False)
    again = httpx.post(f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": api.client_id})
    data = again.json()["data"]
    assert again.json()["code"] == 0 and again.json()["message"] == "success"
    assert data["token"] == api.token and data["token"].startswith("nmv_usr_")
    assert data["user_id"].startswith("anon_") and data["credits"] == 100
    assert data["expires_at"].endswith("Z")


def test_missing_client_id_is_http_400(server):
    r = httpx.post(f"{server().url}/api/auth/anonymous-token")
    assert r.status_code == 400
    assert r.json() == {"code": 400, "message": "X-Client-Id required", "data": None}


def test_tokens_per_ip_limit_gives_429_with_retry_after(server):
    url = server(tokens_per_ip=2).url
    codes = [
        httpx.post(f"{url}/api/auth/anonymous-token", headers={"X-Client-Id": f"c{i}"})
        for i in range(3)
    ]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].json()["code"] == 429 and "retry-after" in codes[2].headers


def test_session_create_state_and_credits(server, api_for):
    api = api_for(server().url, session=False)
    r = api.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "project"})
    data = r.json()["data"]
    assert set(data) >= {"task_id", "session_id", "user_id"} and data["session_id"].isdigit()
    api.session_id = data["session_id"]
    body = api.get(f"/api/state/nemo_agent/me/{api.session_id}/latest").json()["data"]
    assert body["task_id"] == data["task_id"] and body["task_name"] == "project"
    assert body["state"]["video_infos"] == [] and body["state"]["generated_media"] == []
    assert api.credits() == {"available": 100, "frozen": 0, "total": 100}
    assert api.post("/api/tasks/me/with-session/nemo_agent").json()["code"] == 0  # no body


def test_claim_token(server, api_for):
    api = api_for(server().url)
    body = {"task_id": "x", "session_id": api.session_id}
    first = api.post("/api/auth/claim-token", json=body).json()["data"]
    second = api.post("/api/auth/claim-token", json=body).json()["data"]
    assert first["claim_token"].startswith("clm_") and first == second
    assert first["expires_in"] == 604800


def test_bad_token_is_1001_with_http_200_by_default(server):
    url = server().url
    r = httpx.get(f"{url}/api/credits/balance/simple", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 200 and r.json()["code"] == 1001 and r.json()["data"] is None
    assert httpx.get(f"{url}/api/credits/balance/simple").json()["code"] == 1001


def test_http_error_style(server, api_for):
    url = server(http_errors=True).url
    r = httpx.get(f"{url}/api/credits/balance/simple", headers={"Authorization": "Bearer x"})
    assert r.status_code == 401 and r.json()["code"] == 1001
    api = api_for(url)
    r = api.get("/api/state/nemo_agent/me/123/latest")
    assert r.status_code == 404 and r.json()["code"] == 1002
    r = api.upload(("x.txt", b"hello, not a picture at all" * 5))
    assert r.status_code == 415 and r.json()["code"] == 4001


def test_ownership_isolation(server, api_for):
    url = server().url
    alice, bob = api_for(url), api_for(url)
    alice.upload(("a.png", _png()))
    for path in (f"/api/state/nemo_agent/me/{alice.session_id}/latest",):
        assert bob.get(path).json()["code"] == 1002
    r = bob.post(
        f"/api/upload-video/nemo_agent/me/{alice.session_id}", files=[("files", ("b.png", _png()))]
    )
    assert r.json()["code"] == 1002
    body = {"task_id": "t", "session_id": alice.session_id}
    assert bob.post("/api/auth/claim-token", json=body).json()["code"] == 1002
    run = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": alice.session_id,
        "new_message": {"parts": [{"text": "hi"}]},
    }
    r = bob.post("/run_sse", json=run)
    assert r.status_code == 404 and r.json()["code"] == 1002
    render = {"id": "render_1", "sessionId": alice.session_id, "draft": {"t": []}}
    assert bob.post("/api/render/proxy/lambda", json=render).json()["code"] == 1002


def test_rate_limit_every_nth_call(server, api_for):
    url = server(rate_limit_every=3).url
    api = api_for(url, session=False)  # calls 1 (token)
    first = api.get("/api/credits/balance/simple")  # 2
    third = api.get("/api/credits/balance/simple")  # 3 -> 429
    assert first.status_code == 200
    assert third.status_code == 429 and third.json()["code"] == 429
    assert third.headers["retry-after"].isdigit()
    assert httpx.get(f"{url}/health").status_code == 200  # /health is never limited


def test_expire_tokens_after_n_calls_then_reauth_same_user(server, api_for):
    url = server(expire_tokens_after=2).url
    api = api_for(url, session=False)
    user = api.login()["user_id"]
    assert api.get("/api/credits/balance/simple").json()["code"] == 0
    assert api.get("/api/credits/balance/simple").json()["code"] == 0
    assert api.get("/api/credits/balance/simple").json()["code"] == 1001
    old = api.token
    again = api.login()
    assert again["token"] != old and again["user_id"] == user
    assert api.get("/api/credits/balance/simple").json()["code"] == 0


def test_bad_input_keeps_server_serving(server, api_for):
    url = server().url
    api = api_for(url)
    junk = [
        api.post("/run_sse", content=b"{not json"),
        api.post("/run_sse", json={"session_id": api.session_id}),
        api.post("/api/tasks/me/with-session/nemo_agent", content=b"\xff\xfe"),
        api.post("/api/render/proxy/lambda", json=[1, 2]),
        api.post("/api/auth/claim-token", json={"nope": 1}),
        api.post(f"/api/upload-video/nemo_agent/me/{api.session_id}", content=b"raw"),
        api.post(
            f"/api/upload-video/nemo_agent/me/{api.session_id}",
            headers={"Content-Type": "multipart/form-data"},
            content=b"x",
        ),
        api.get("/media/../../etc/passwd"),
        api.get("/api/render/proxy/lambda/%00"),
    ]
    assert all(r.status_code < 500 for r in junk), [(r.status_code, r.text) for r in junk]
    assert junk[1].status_code == 422 and "detail" in junk[1].json()
    assert httpx.get(f"{url}/health").json() == {"status": "ok"}
    assert api.credits()["available"] == 100


def _png() -> bytes:
    from .conftest import png_bytes

    return png_bytes()


def test_attribution_headers_constant():
    assert set(ATTRIBUTION) == {"X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"}
