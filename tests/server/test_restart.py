"""A restart keeps tokens, sessions, credits, media and render jobs (restarted, then done)."""

from __future__ import annotations

import threading
import time

import httpx

from photogen.server.engines import Engines

from .fakes import fake_render


def test_restart_keeps_everything_and_resumes_the_render(server, api_for):
    started = threading.Event()

    def slow(plan, out, progress, cancel):
        started.set()
        for pct in range(100):
            if cancel.wait(0.02):
                raise RuntimeError("cancelled")
            progress(pct)
        return fake_render(plan, out, progress, cancel)

    first = server(engines=Engines(render=slow))
    api = api_for(first.url)
    api.run("photo: a harbour")
    state = api.state()
    body = {"id": "render_r", "sessionId": api.session_id, "draft": state["draft"]}
    assert api.post("/api/render/proxy/lambda", json=body).json()["code"] == 0
    assert started.wait(10)
    first.stop()  # mid-render

    second = server(engines=Engines(render=fake_render), data_dir=first.data_dir, port=first.port)
    assert second.url == first.url
    assert api.state() == state
    assert api.credits() == {"available": 90, "frozen": 0, "total": 90}
    assert httpx.get(state["generated_media"][0]["url"]).status_code == 200
    for _ in range(300):
        poll = api.get("/api/render/proxy/lambda/render_r").json()["data"]  # shape B
        if poll["status"] == "completed":
            break
        time.sleep(0.02)
    assert poll["status"] == "completed" and poll["progress"] == 100


def test_state_urls_follow_the_new_port(server, api_for):
    first = server()
    api = api_for(first.url)
    api.run("photo: a kite")
    first.stop()
    second = server(data_dir=first.data_dir)
    api.http.base_url = second.url
    url = api.state()["generated_media"][0]["url"]
    assert url.startswith(second.url + "/media/") and httpx.get(url).status_code == 200
