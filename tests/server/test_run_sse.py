"""``/run_sse``: framing, both shapes, partials, heartbeats, drops, credits, tools."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from .conftest import parse_frames, png_bytes, texts


def _calls(frames):
    return [
        p["functionCall"]
        for f in frames
        if isinstance(f, dict) and "content" in f
        for p in f["content"]["parts"]
        if "functionCall" in p
    ]


def _responses(frames):
    return [
        p["functionResponse"]
        for f in frames
        if isinstance(f, dict) and "content" in f
        for p in f["content"]["parts"]
        if "functionResponse" in p
    ]


def test_generate_turn_adk_shape_and_state(server, api_for):
    url = server().url
    api = api_for(url)
    r = api.run_raw("photo: a red apple")
    assert r.headers["content-type"] == "text/event-stream; charset=utf-8"
    blocks = r.text.split("\n\n")
    assert blocks[-1] == "" and all(b.startswith("data: {") for b in blocks[:-1])
    frames = [f for f in parse_frames(r.text) if f != {"type": "heartbeat"}]
    assert texts(frames) == ["Making your photo.", "Here is your photo (1080x1080)."]
    assert len({f["invocationId"] for f in frames}) == 1
    assert all(f["author"] == "nemo_agent" and "actions" in f for f in frames)
    (call,) = _calls(frames)
    assert call["name"] == "generate_image" and call["id"].startswith("adk-")
    assert frames[1]["longRunningToolIds"] == [call["id"]]
    (resp,) = _responses(frames)
    assert resp["id"] == call["id"] and frames[2]["content"]["role"] == "user"
    result = resp["response"]
    assert result["status"] == "success" and result["image_url"].startswith(url + "/media/")
    assert (result["width"], result["height"], result["seed"]) == (1080, 1080, 7)
    assert result["engine"].startswith("photogen-studio") and result["notes"]
    state = api.state()
    (media,) = state["generated_media"]
    assert media["url"] == result["image_url"] and media["prompt"] == "a red apple"
    assert state["canvas_config"] == {"width": 1080, "height": 1080, "ratio": "1:1"}
    (seg,) = state["draft"]["t"][0]["sg"]
    assert state["draft"]["d"] == 3000 and seg["m"]["url"] == result["image_url"]
    assert httpx.get(result["image_url"]).content.startswith(b"\x89PNG")
    assert api.credits() == {"available": 90, "frozen": 0, "total": 90}


def test_camel_case_body_and_role_accepted(server, api_for):
    api = api_for(server().url)
    body = {
        "appName": "nemo_agent",
        "userId": "me",
        "sessionId": api.session_id,
        "newMessage": {"role": "user", "parts": [{"text": "hello"}]},
    }
    r = api.post("/run_sse", json=body)
    assert r.status_code == 200 and texts(parse_frames(r.text))[0].startswith("Hello")


def test_streaming_partials_then_aggregate(server, api_for):
    api = api_for(server().url)
    frames = api.run("hello there", streaming=True)
    partial, full = texts(frames, partial=True), texts(frames)
    assert len(partial) > 1 and "".join(partial) == full[0]
    last_partial = max(i for i, f in enumerate(frames) if f.get("partial"))
    assert not frames[last_partial + 1].get("partial")


def test_simple_shape(server, api_for):
    api = api_for(server(sse_shape="simple").url)
    frames = [f for f in api.run("photo: a boat", streaming=True) if f["type"] != "heartbeat"]
    kinds = [f["type"] for f in frames]
    assert kinds == ["text", "tool_call", "tool_result", "text"]
    assert frames[1]["name"] == "generate_image" and frames[1]["args"]["prompt"] == "a boat"
    assert frames[2]["result"]["status"] == "success"
    assert frames[3]["content"].startswith("Here is your photo")


def test_heartbeats_while_a_tool_runs(server, api_for):
    api = api_for(server(time_scale=0.05, tool_latency_s=8, heartbeat_s=1).url)
    frames = api.run("photo: slow")
    beats = [i for i, f in enumerate(frames) if f == {"type": "heartbeat"}]
    call_at = next(i for i, f in enumerate(frames) if _calls([f]))
    assert len(beats) >= 3 and all(call_at < i for i in beats)


def test_credits_held_while_turn_runs(server, api_for):
    api = api_for(server(time_scale=0.05, tool_latency_s=20).url)
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"parts": [{"text": "photo: held"}]},
    }
    with api.http.stream("POST", "/run_sse", json=body, headers=api.auth) as r:
        for line in r.iter_lines():
            if "functionCall" in line:
                assert api.credits() == {"available": 90, "frozen": 10, "total": 100}
                break
    for _ in range(200):
        if api.credits()["frozen"] == 0:
            break
        time.sleep(0.05)
    assert api.credits() == {"available": 90, "frozen": 0, "total": 90}


def test_failed_tool_releases_credits_and_says_why(server, api_for):
    api = api_for(server().url)
    frames = api.run("edit")  # nothing uploaded, nothing generated
    assert _responses(frames)[0]["response"]["status"] == "error"
    assert texts(frames)[-1].startswith("Sorry, that didn't work")
    assert api.credits() == {"available": 100, "frozen": 0, "total": 100}


@pytest.mark.parametrize("http_errors,status", [(False, 200), (True, 402)])
def test_out_of_credits_before_stream(server, api_for, http_errors, status):
    api = api_for(server(anonymous_credits=5, http_errors=http_errors).url)
    r = api.run_raw("photo: too expensive")
    assert r.status_code == status and r.headers["content-type"] == "application/json"
    assert r.json()["code"] == 2001
    assert api.run("hello")  # free turns still work


def test_pre_stream_errors(server, api_for):
    url = server().url
    api = api_for(url)
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": "999",
        "new_message": {"parts": [{"text": "hi"}]},
    }
    r = api.post("/run_sse", json=body)
    assert r.status_code == 404
    assert r.json() == {
        "code": 1002,
        "message": "Session not found",
        "detail": "Session not found: 999",
        "data": None,
    }
    r = httpx.post(f"{url}/run_sse", json=body, headers={"Authorization": "Bearer bad"})
    assert r.status_code == 401 and r.json()["code"] == 1001
    r = api.post("/run_sse", json={"app_name": "nemo_agent", "new_message": {"parts": []}})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "missing"


def test_in_stream_errors(server, api_for):
    api = api_for(server().url)
    assert api.run_raw("x", new_message={"parts": []}).status_code == 200
    frames = parse_frames(
        api.post("/run_sse", json={"session_id": api.session_id, "new_message": {"parts": []}}).text
    )
    assert frames == [{"error": "No parts in the new_message."}]
    frames = api.run("bogus")
    assert frames[0]["errorCode"] == "MALFORMED_FUNCTION_CALL" and texts(frames) == ["still here"]
    frames = api.run("crash")
    assert frames == [{"error": "Internal error: RuntimeError"}]


def test_debug_scripts(server, api_for):
    api = api_for(server(debug_commands=True).url)
    frames = api.run("#fault error")
    assert texts(frames) == ["Working on it."] and list(frames[-1]) == ["error"]
    assert api.run("#fault badjson") == ['{"error": "bad "quoted" message"}']
    assert api.run("#fault heartbeats 3") == [{"type": "heartbeat"}] * 3
    frames = api.run("#fault errorcode")
    assert frames[0]["errorCode"] == "MALFORMED_FUNCTION_CALL" and texts(frames)


def test_drop_stream_after_n_events_work_still_completes(server, api_for):
    api = api_for(server(drop_stream_after=2).url)
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": api.session_id,
        "new_message": {"parts": [{"text": "photo: dropped"}]},
    }
    got = []
    with (
        pytest.raises(httpx.RemoteProtocolError),  # the drop happens mid-read
        api.http.stream("POST", "/run_sse", json=body, headers=api.auth) as r,
    ):
        for line in r.iter_lines():
            if line.startswith("data: "):
                got.append(json.loads(line[6:]))
    assert len(got) == 2
    for _ in range(200):
        if api.state()["generated_media"]:
            break
        time.sleep(0.05)
    assert api.state()["generated_media"][0]["prompt"] == "dropped"
    assert api.credits()["available"] == 90


def test_timeline_edits(server, api_for):
    api = api_for(server().url)
    api.run("photos2: two boats")
    assert api.state()["draft"]["t"] == []  # a grid: nothing on the timeline until used
    api.run("use 1")
    api.run("use 2")
    state = api.state()
    assert state["canvas_config"]["ratio"] == "9:16" and state["draft"]["d"] == 6000
    assert [s["m"]["start"] for s in state["draft"]["t"][0]["sg"]] == [0, 3000]
    frames = api.run("music")
    assert _responses(frames)[0]["response"] == {"result": "ok", "changed": ["music: Lo-fi"]}
    assert texts(frames) == []  # a silent edit
    api.run("title: Two Boats")
    ops = [
        {"op": "set_duration", "index": -1, "duration_ms": 2000},
        {"op": "remove_segment", "index": 0},
        {"op": "set_volume", "volume": 60},
        {"op": "set_aspect", "aspect_ratio": "16:9"},
    ]
    api.run("ops: " + json.dumps(ops))
    draft = api.state()["draft"]
    assert [t["tt"] for t in draft["t"]] == [0, 1, 7] and draft["d"] == 2000
    assert draft["t"][1]["sg"][0]["d"] == 2000 and draft["t"][1]["sg"][0]["m"]["volume"] == 0.6
    assert draft["t"][2]["sg"][0]["m"]["text"] == "Two Boats"
    assert (draft["m"]["width"], draft["m"]["height"]) == (1920, 1080)
    bad = api.run('ops: [{"op": "remove_segment", "index": 5}]')
    assert _responses(bad)[0]["response"]["status"] == "error"
    assert api.state()["draft"] == draft  # all or nothing
    api.run('ops: [{"op": "remove_music"}, {"op": "remove_title"}]')
    assert [t["tt"] for t in api.state()["draft"]["t"]] == [0]


def test_edit_uploaded_image_and_music_from_upload(server, api_for):
    api = api_for(server().url)
    up = api.upload(("mug.png", png_bytes((40, 30)))).json()["data"]["files"][0]
    frames = api.run("edit")
    result = _responses(frames)[0]["response"]
    assert result["status"] == "success" and result["width"] == result["height"]
    state = api.state()
    assert state["generated_media"][0]["source"] == up["cdn_url"]
    assert state["draft"]["t"][0]["sg"][0]["m"]["url"] == result["image_url"]
    wav = _wav()
    audio = api.upload(("song.wav", wav)).json()["data"]["files"][0]
    ops = [{"op": "add_music", "source": audio["cdn_url"], "name": "Song", "volume": 0.5}]
    resp = _responses(api.run("ops: " + json.dumps(ops)))[0]["response"]
    assert resp["result"] == "ok"
    music = api.state()["draft"]["t"][1]["sg"][0]["m"]
    assert music["url"].startswith(api.url + "/media/") and music["volume"] == 0.5


def _wav() -> bytes:
    import io
    import wave

    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 8000)
    return buf.getvalue()
