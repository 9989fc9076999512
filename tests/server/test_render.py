"""Render jobs: validation, 402, shapes A/B, progress, cancel, fail-once, stills, download."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from photogen.server.engines import Engines, RenderOutcome

from .conftest import ATTRIBUTION
from .fakes import fake_render


def _ready(api, text="photo: a lake at dawn"):
    api.run(text)
    return api.get(f"/api/state/nemo_agent/me/{api.session_id}/latest").json()["data"]["state"]


def _submit(api, draft, rid="render_1", fmt="mp4", headers=None):
    body = {"id": rid, "sessionId": api.session_id, "draft": draft, "output": {"format": fmt}}
    return api.post("/api/render/proxy/lambda", json=body, headers=headers or {})


def _poll_until_done(api, rid, timeout=30.0):
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/api/render/proxy/lambda/{rid}").json()
        seen.append(body)
        status = (body.get("data") or body)["status"]
        if status in ("completed", "failed", "cancelled"):
            return seen
        time.sleep(0.01)
    raise AssertionError(f"render {rid} did not finish: {seen[-1]}")


def test_render_shape_a_progress_and_download(server, api_for):
    api = api_for(server(render_shape="A").url)
    state = _ready(api)
    r = _submit(api, state["draft"])
    assert r.json() == {
        "code": 0,
        "message": "success",
        "id": "render_1",
        "status": "pending",
        "progress": 0,
    }
    seen = _poll_until_done(api, "render_1")
    progress = [b["progress"] for b in seen]
    assert progress == sorted(progress) and progress[-1] == 100 and len(set(progress)) > 2
    done = seen[-1]
    assert done["status"] == "completed" and done["output"]["url"].startswith(api.url + "/media/")
    assert done["output"]["duration"] == 3.0 and done["output"]["size"] > 0
    assert httpx.get(done["output"]["url"]).content[4:8] == b"ftyp"
    dl = api.get("/api/render/proxy/render_1/download")
    assert dl.status_code == 200 and dl.content[4:8] == b"ftyp"
    assert 'filename="render_1.mp4"' in dl.headers["content-disposition"]


def test_render_shape_b_is_the_default(server, api_for):
    api = api_for(server().url)
    _submit(api, _ready(api)["draft"], rid="render_b")
    done = _poll_until_done(api, "render_b")[-1]
    assert done["success"] is True
    data = done["data"]
    assert data["status"] == "completed" and data["progress"] == 100
    assert data["outputUrl"].endswith(".mp4") and data["completedAt"] >= data["createdAt"]


def test_render_refusals(server, api_for):
    api = api_for(server(render_shape="A").url)
    draft = _ready(api)["draft"]
    bare = {k: "" for k in ATTRIBUTION}
    r = _submit(api, draft, headers=bare)
    assert r.status_code == 402 and r.json()["code"] == 402
    r = _submit(api, {"d": 0, "m": {}, "t": []})
    assert r.status_code == 422 and "Nothing to export" in r.json()["message"]
    r = _submit(api, draft, fmt="gif")
    assert r.status_code == 422 and "format" in r.json()["message"]
    assert _submit(api, draft, rid="bad id!").status_code == 422
    assert _submit(api, draft, rid="dup").json()["code"] == 0
    r = _submit(api, draft, rid="dup")
    assert r.status_code == 409 and "already used" in r.json()["message"]
    r = api.get("/api/render/proxy/lambda/nope")
    assert r.status_code == 404 and r.json()["code"] == 404


def test_render_ownership(server, api_for):
    url = server(render_shape="A").url
    alice, bob = api_for(url), api_for(url)
    _submit(alice, _ready(alice)["draft"], rid="mine")
    _poll_until_done(alice, "mine")
    assert bob.get("/api/render/proxy/lambda/mine").status_code == 404
    assert bob.get("/api/render/proxy/mine/download").status_code == 404
    assert bob.post("/api/render/proxy/lambda/mine/cancel").status_code == 404


def test_fail_render_once_then_retry_with_new_id(server, api_for):
    api = api_for(server(render_shape="A", fail_render_once=True).url)
    draft = _ready(api)["draft"]
    _submit(api, draft, rid="try_1")
    first = _poll_until_done(api, "try_1")[-1]
    assert first["status"] == "failed" and "try again" in first["error"]
    _submit(api, draft, rid="try_2")
    assert _poll_until_done(api, "try_2")[-1]["status"] == "completed"


def test_cancel_a_running_render(server, api_for):
    started = threading.Event()

    def slow(plan, out, progress, cancel):
        started.set()
        for pct in range(100):
            if cancel.wait(0.05):
                raise RuntimeError("cancelled")
            progress(pct)
        return fake_render(plan, out, progress, cancel)

    api = api_for(server(render_shape="A", engines=Engines(render=slow)).url)
    _submit(api, _ready(api)["draft"], rid="slow")
    assert started.wait(10)
    r = api.post("/api/render/proxy/lambda/slow/cancel")
    assert r.json()["status"] == "cancelled"
    time.sleep(0.2)
    assert api.get("/api/render/proxy/lambda/slow").json()["status"] == "cancelled"
    assert api.get("/api/render/proxy/slow/download").status_code == 409


@pytest.mark.parametrize(
    "fmt,magic", [("png", b"\x89PNG"), ("jpg", b"\xff\xd8"), ("webp", b"RIFF")]
)
def test_still_export(server, api_for, fmt, magic):
    api = api_for(server(render_shape="A").url)
    _submit(api, _ready(api)["draft"], rid=f"still_{fmt}", fmt=fmt)
    done = _poll_until_done(api, f"still_{fmt}")[-1]
    assert done["status"] == "completed" and done["output"]["url"].endswith(f".{fmt}")
    assert httpx.get(done["output"]["url"]).content.startswith(magic)


def test_render_with_missing_media_fails_clearly(server, api_for):
    api = api_for(server(render_shape="A").url)
    draft = {
        "d": 1000,
        "m": {},
        "t": [{"tt": 0, "sg": [{"d": 1000, "m": {"url": "/media/x/y.png"}}]}],
    }
    _submit(api, draft, rid="ghost")
    done = _poll_until_done(api, "ghost")[-1]
    assert done["status"] == "failed" and "missing" in done["error"]


@pytest.mark.slow
def test_real_mp4_with_music_and_title(live_server, api_for, tmp_path):
    """The real agent, real engines and the real renderer, end to end."""
    import av

    api = api_for(live_server(render_shape="A").url)
    api.run("a photo of a mountain lake at sunset")
    api.run("add lofi music")
    api.run('add the title "Lake"')
    draft = api.state()["draft"]
    assert sorted(t["tt"] for t in draft["t"]) == [0, 1, 7]
    for seg in draft["t"][0]["sg"]:
        seg["d"] = 1000  # keep the encode short
    _submit(api, draft, rid="real")
    done = _poll_until_done(api, "real", timeout=120)[-1]
    assert done["status"] == "completed", done
    out = tmp_path / "real.mp4"
    out.write_bytes(api.get("/api/render/proxy/real/download").content)
    with av.open(str(out)) as container:
        assert {s.type for s in container.streams} == {"video", "audio"}
        assert container.streams.video[0].codec_context.width in (1080, 1920)


def test_render_outcome_type():
    assert RenderOutcome(1.0, 2).size_bytes == 2
