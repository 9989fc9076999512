"""Abuse bounds: render length, body size and depth, lone surrogates, broken uploads,
URL uploads that point back at this server."""

from __future__ import annotations

import json
import os
import socket
import threading
from typing import Any

import httpx
import pytest

from photogen.server import uploads as upload_module
from photogen.server.engines import Engines

from .conftest import png_bytes
from .fakes import fake_render

MIB = 1024 * 1024
JSON = {"Content-Type": "application/json"}


def _files(media_dir) -> list[str]:
    return [f for _, _, fs in os.walk(media_dir) for f in fs]


def _photo_url(api) -> str:
    r = api.upload(("p.png", png_bytes()))
    return r.json()["data"]["files"][0]["cdn_url"]  # type: ignore[no-any-return]


def _draft(url: str, durations: list[int]) -> dict[str, Any]:
    segs = [{"d": d, "m": {"url": url, "name": f"p{i}"}} for i, d in enumerate(durations)]
    return {"d": sum(durations), "m": {}, "t": [{"tt": 0, "sg": segs}]}


def _submit(api, draft, rid):
    body = {"id": rid, "sessionId": api.session_id, "draft": draft, "output": {"format": "mp4"}}
    return api.post("/api/render/proxy/lambda", json=body)


# --- 1. render length -------------------------------------------------------


@pytest.mark.parametrize(
    "durations,needle",
    [
        ([3_600_000], "0.1 to 60 s"),  # one photo for an hour
        ([10**400], "far too long"),  # no float can hold it
        ([3000, 50], "0.1 to 60 s"),  # too short
        ([3000, 0], "0.1 to 60 s"),  # no length at all
        ([1000] * 201, "limit is 200"),
        ([60_000] * 11, "limit is 10 minutes"),
    ],
)
def test_render_refuses_drafts_past_the_length_limits(server, api_for, durations, needle):
    api = api_for(server().url)
    r = _submit(api, _draft(_photo_url(api), durations), "too_long")
    body = r.json()
    assert r.status_code == 422 and body["code"] == 422 and body["data"] is None, body
    assert needle in body["message"], body["message"]
    assert api.get("/api/render/proxy/lambda/too_long").status_code == 404


def test_render_at_the_limits_is_accepted_and_not_clamped(server, api_for):
    plans: list[Any] = []
    rendered = threading.Event()

    def capture(plan, out, progress, cancel):
        plans.append(plan)
        outcome = fake_render(plan, out, progress, cancel)
        rendered.set()
        return outcome

    api = api_for(server(engines=Engines(render=capture)).url)
    url = _photo_url(api)
    assert _submit(api, _draft(url, [100, 1000]), "short").json()["code"] == 0
    assert rendered.wait(15)
    assert [still[1] for still in plans[0].stills] == [0.1, 1.0]  # 0.1 s stays 0.1 s
    assert _submit(api, _draft(url, [60_000] * 10), "ten_minutes").json()["code"] == 0


# --- 1. body size and depth -------------------------------------------------


def _routes(api) -> list[str]:
    return [
        "/api/render/proxy/lambda",
        "/run_sse",
        "/api/tasks/me/with-session/nemo_agent",
        "/api/auth/claim-token",
        f"/api/upload-video/nemo_agent/me/{api.session_id}",
    ]


def test_json_bodies_over_2_mib_are_413_on_every_route(server, api_for):
    api = api_for(server().url)
    big = json.dumps({"session_id": api.session_id, "pad": "x" * (2 * MIB)}).encode()
    for path in _routes(api):
        r = api.post(path, content=big, headers=JSON)
        body = r.json()
        assert r.status_code == 413 and body["code"] == 413 and body["data"] is None, (path, body)
        assert "request too large" in body["message"].lower()

    def chunked():  # no Content-Length: counted while it streams
        for _ in range(3):
            yield b" " * MIB
        yield b"{}"

    r = api.post("/api/tasks/me/with-session/nemo_agent", content=chunked(), headers=JSON)
    assert r.status_code == 413 and "request too large" in r.json()["message"].lower()
    fine = json.dumps({"task_name": "ok", "pad": "x" * MIB}).encode()
    r = api.post("/api/tasks/me/with-session/nemo_agent", content=fine, headers=JSON)
    assert r.status_code == 200 and r.json()["code"] == 0


def test_multipart_uploads_keep_their_own_limit(server, api_for):
    api = api_for(server().url)
    big_png = png_bytes() + b"\0" * (3 * MIB)
    r = api.upload(("big.png", big_png))
    assert r.json()["code"] == 0 and r.json()["data"]["files"][0]["size"] == len(big_png)


def test_deeply_nested_json_is_422_not_500(server, api_for):
    api = api_for(server().url)
    deep = b'{"id": "r", "sessionId": "s", "draft": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    for path in _routes(api):
        r = api.post(path, content=deep, headers=JSON)
        assert r.status_code == 422 and "nested too deeply" in r.json()["message"], (path, r.text)
    brackets_in_text = json.dumps({"task_name": "[" * 500}).encode()
    r = api.post("/api/tasks/me/with-session/nemo_agent", content=brackets_in_text, headers=JSON)
    assert r.json()["code"] == 0


# --- 3. lone surrogates -----------------------------------------------------


def test_lone_surrogates_never_give_500(server, api_for):
    api = api_for(server().url)
    lone = '"\\ud800"'
    r = api.post(
        "/api/tasks/me/with-session/nemo_agent",
        content=f'{{"task_name": {lone}, "language": "en"}}'.encode(),
        headers=JSON,
    )
    assert r.status_code == 200 and r.json()["code"] == 0, r.text
    r = api.post(
        "/api/auth/claim-token", content=f'{{"session_id": {lone}}}'.encode(), headers=JSON
    )
    assert r.status_code == 200 and r.json()["code"] == 1002, r.text
    run = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": "SID",
        "new_message": {"parts": [{"text": "TEXT"}]},
    }
    raw = json.dumps(run).replace('"SID"', lone).replace('"TEXT"', '"hi"')
    r = api.post("/run_sse", content=raw.encode(), headers=JSON)
    assert r.status_code == 404, r.text
    raw = json.dumps(run).replace("SID", api.session_id).replace('"TEXT"', lone)
    r = api.post("/run_sse", content=raw.encode(), headers=JSON)
    assert r.status_code == 200 and "Hello" in r.text
    r = api.post("/run_sse", content=b'{"app_name": 5, "x": "\\udfff"}', headers=JSON)
    assert r.status_code == 422 and "detail" in r.json()
    pair = '"\\ud83d\\ude00"'  # a valid pair stays the emoji
    r = api.post(
        "/api/tasks/me/with-session/nemo_agent",
        content=f'{{"task_name": {pair}}}'.encode(),
        headers=JSON,
    )
    assert r.json()["code"] == 0
    assert httpx.get(f"{api.url}/health").json() == {"status": "ok"}


# --- 2. broken multipart uploads ----------------------------------------------


def _part(name: str, data: bytes, boundary: str = "pgB") -> bytes:
    return (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + b"\r\n"
    )


MULTIPART = {"Content-Type": "multipart/form-data; boundary=pgB"}


def test_bad_closing_boundary_discards_every_file(server, api_for):
    srv = server()
    api = api_for(srv.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    body = _part("a.png", png_bytes()) + _part("b.png", png_bytes()) + b"--pgBxx--\r\n"
    r = api.post(path, content=body, headers=MULTIPART)
    assert r.status_code == 400 and r.json()["code"] == 400, r.text
    assert "malformed upload" in r.json()["message"]
    assert _files(srv.config.media_dir) == [] and api.state()["video_infos"] == []
    assert api.upload(("ok.png", png_bytes())).json()["code"] == 0


def test_garbage_multipart_is_400_not_500(server, api_for):
    srv = server()
    api = api_for(srv.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    r = api.post(path, content=b"garbage, not a multipart body" * 10, headers=MULTIPART)
    assert r.status_code == 400 and "malformed upload" in r.json()["message"], r.text
    after_a_file = _part("a.png", png_bytes() + b"\0" * 200_000) + b"--pgB\r\n\x00\x01garbage"
    r = api.post(path, content=after_a_file, headers=MULTIPART)
    assert r.status_code == 400 and "malformed upload" in r.json()["message"], r.text
    assert _files(srv.config.media_dir) == [] and api.state()["video_infos"] == []


def test_client_disconnect_mid_upload_leaves_no_files(server, api_for, monkeypatch):
    srv = server()
    api = api_for(srv.url)
    ended = threading.Event()
    real = upload_module.receive_multipart

    async def watched(content_type, stream, config):
        try:
            return await real(content_type, stream, config)
        finally:
            ended.set()

    monkeypatch.setattr(upload_module, "receive_multipart", watched)
    pad = b"\0" * (1200 * 1024)  # over a parser batch, so files are on disk when it stops
    sent = _part("a.png", png_bytes() + pad) + _part("b.png", png_bytes() + pad)
    head = (
        f"POST /api/upload-video/nemo_agent/me/{api.session_id} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{srv.port}\r\nAuthorization: Bearer {api.token}\r\n"
        f"Content-Type: {MULTIPART['Content-Type']}\r\nContent-Length: {len(sent) + MIB}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", srv.port)) as sock:
        sock.sendall(head + sent)
    assert ended.wait(15), "the upload handler never finished"
    assert _files(srv.config.media_dir) == [] and api.state()["video_infos"] == []


# --- 4. URL uploads back into this server -------------------------------------


def test_url_uploads_refuse_this_servers_own_routes(server, api_for):
    srv = server()
    api = api_for(srv.url)
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    media = _photo_url(api)
    for url in (
        f"{api.url}/health",
        f"{api.url}/api/credits/balance/simple",
        f"http://localhost:{srv.port}/list-apps",
        f"{api.url}/media/../health",
        f"{api.url}/media/%2e%2e/health",
        f"{api.url}/run_sse",
    ):
        r = api.post(path, json={"urls": [url]})
        body = r.json()
        assert r.status_code == 422 and "own /media/ files" in body["message"], (url, body)
    r = api.post(path, json={"urls": [media]})
    assert r.json()["code"] == 0 and r.json()["data"]["files"][0]["file_type"] == "image"
    other = api_for(server().url)  # another loopback port is not this server
    r = api.post(path, json={"urls": [_photo_url(other)]})
    assert r.json()["code"] == 0
    assert len(api.state()["video_infos"]) == 3
