"""Wire models: round trips of every documented shape."""

from __future__ import annotations

import json

import pytest

from photogen.wire import (
    AnonymousToken,
    CreditsBalance,
    Event,
    RenderRequest,
    RunRequest,
    SessionState,
    TrackType,
    parse_draft,
    read_render_status,
    render_body,
    run_body,
)
from photogen.wire.events import dump_event

STATE_EXAMPLE = {
    "session_id": "7301958203948172800",
    "task_id": "task_8f3a",
    "task_name": "project",
    "state": {
        "video_infos": [{"filename": "clip.mp4", "file_type": "video", "duration": 30.5}],
        "draft": {
            "d": 10000,
            "m": {"title": "Urban Dreams", "width": 1080, "height": 1920},
            "t": [
                {"tt": 0, "sg": [{"d": 10000, "m": {"name": "city timelapse", "start": 0}}]},
                {"tt": 1, "sg": [{"d": 10000, "m": {"name": "Lo-fi", "volume": 0.35}}]},
                {"tt": 7, "sg": [{"d": 3000, "m": {"text": "Urban Dreams", "start": 0}}]},
            ],
        },
        "canvas_config": {"width": 1080, "height": 1920, "ratio": "9:16"},
        "video_analyses": {},
        "generated_media": [{"type": "video", "url": "https://cdn.example/g/1.mp4"}],
    },
}


def test_state_example_parses_and_keeps_the_draft_opaque() -> None:
    state = SessionState.model_validate(STATE_EXAMPLE)
    assert state.state.draft == STATE_EXAMPLE["state"]["draft"]
    draft = state.state.parsed_draft()
    assert draft.is_exportable
    assert [t.tt for t in draft.t] == [TrackType.VIDEO, TrackType.AUDIO, TrackType.TEXT]
    assert draft.tracks_of(TrackType.TEXT)[0].sg[0].m["text"] == "Urban Dreams"


@pytest.mark.parametrize("raw", [None, [], "x", {"t": "not a list"}, {}])
def test_parse_draft_is_lenient(raw: object) -> None:
    assert not parse_draft(raw).is_exportable


def test_unknown_keys_survive_a_round_trip() -> None:
    raw = {"d": 1, "m": {}, "t": [{"tt": 0, "sg": [], "x_future": 1}], "extra": True}
    assert parse_draft(raw).model_dump()["extra"] is True


def test_token_repr_never_shows_the_token() -> None:
    token = AnonymousToken(token="nmv_usr_SECRET", credits=100)
    assert "SECRET" not in repr(token) and "SECRET" not in str(token)


def test_credits_gateway_shape_is_tolerated() -> None:
    balance = CreditsBalance.model_validate({"available": 5, "frozen": 0, "total_granted": 9})
    assert balance.available == 5


@pytest.mark.parametrize(
    ("body", "status", "url"),
    [
        (
            {"id": "r1", "status": "completed", "progress": 100, "output": {"url": "u1"}},
            "completed",
            "u1",
        ),
        (
            {"success": True, "data": {"id": "r1", "status": "processing", "outputUrl": None}},
            "processing",
            None,
        ),
        (
            {
                "code": 0,
                "data": {"render_id": "r1", "status": "completed", "output": {"url": "u3"}},
            },
            "completed",
            "u3",
        ),
        ({"taskId": "r1", "status": "failed", "error": "boom"}, "failed", None),
        ({"id": "r1", "status": "completed", "output_url": "u5"}, "completed", "u5"),
        ("not json", "pending", None),
    ],
)
def test_render_status_accepts_every_shape(body: object, status: str, url: str | None) -> None:
    parsed = read_render_status(body)
    assert (parsed.status, parsed.url) == (status, url)
    if isinstance(body, dict) and body.get("status") == "failed":
        assert parsed.error == "boom" and parsed.done


def test_render_request_uses_camel_case_session_id() -> None:
    req = RenderRequest(id="render_1", sessionId="s", draft={"t": []})
    assert req.model_dump(by_alias=True)["sessionId"] == "s"


def test_render_body_is_a_render_request_with_the_draft_unchanged() -> None:
    draft = {"t": [{"id": "v", "sg": [{"m": {"url": None}}]}], "m": {}}
    body = render_body("render_1", "s", draft, "png", "high", None)
    assert body == {
        "id": "render_1",
        "sessionId": "s",
        "draft": draft,
        "output": {"format": "png", "quality": "high"},
    }
    assert RenderRequest.model_validate(body).session_id == "s"


def test_run_request_accepts_snake_camel_and_mixed() -> None:
    snake = run_body("s1", "hello", streaming=True)
    camel = {
        "appName": "nemo_agent",
        "userId": "me",
        "sessionId": "s1",
        "newMessage": {"role": "user", "parts": [{"text": "hello"}]},
        "unknown": 1,
    }
    mixed = {
        "app_name": "nemo_agent",
        "userId": "me",
        "session_id": "s1",
        "newMessage": {"parts": [{"text": "hello"}]},
    }
    for body in (snake, camel, mixed):
        req = RunRequest.model_validate(body)
        assert (req.session_id, req.new_message.text) == ("s1", "hello")
    assert RunRequest.model_validate(snake).streaming


def test_run_body_is_the_skills_body() -> None:
    assert run_body("s", "t") == {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": "s",
        "new_message": {"parts": [{"text": "t"}]},
    }


def test_event_dump_is_camel_case_without_nulls() -> None:
    raw = (
        '{"content":{"parts":[{"functionCall":{"id":"adk-1","args":{"a":1},"name":"edit"}}],'
        '"role":"model"},"invocationId":"e-1","author":"nemo_agent","actions":{"stateDelta":{},'
        '"artifactDelta":{},"requestedAuthConfigs":{}},"id":"Lk9Vb3Nd","timestamp":1.5}'
    )
    event = Event.model_validate_json(raw)
    assert event.content and event.content.parts[0].function_call
    assert event.content.parts[0].function_call.name == "edit"
    assert json.loads(dump_event(event)) == json.loads(raw)


def test_thought_text_is_hidden() -> None:
    event = Event.model_validate(
        {"content": {"parts": [{"text": "secret plan", "thought": True}, {"text": "Hi"}]}}
    )
    assert event.text == "Hi"


@pytest.mark.parametrize(
    "odd",
    [
        {"d": 3333.5, "t": [{"tt": 0, "sg": [{"d": 3000.7, "m": {"name": "a"}}]}]},
        {"d": None, "t": [{"tt": 0, "sg": [{"d": "3000", "m": {}}]}]},
        {"t": [{"tt": "video", "sg": []}, {"tt": 0, "sg": [{"d": 3000}, "junk", None]}]},
        {"t": [{"tt": 0, "sg": [{"d": 3000, "m": None}]}, 42]},
    ],
)
def test_one_odd_field_does_not_empty_the_draft(odd: dict[str, object]) -> None:
    draft = parse_draft(odd)
    assert draft.is_exportable
    assert draft.tracks_of(TrackType.VIDEO)[-1].sg[0].d in (3000, 3001)


def test_run_body_carries_the_selected_photo_only_when_there_is_one() -> None:
    body = run_body("s", "t", selected="http://h/media/k/a.png")
    assert body["state_delta"] == {"selected_media": "http://h/media/k/a.png"}
    assert RunRequest.model_validate(body).selected_media() == "http://h/media/k/a.png"
    assert "state_delta" not in run_body("s", "t", selected=None)
    assert RunRequest.model_validate(run_body("s", "t")).selected_media() is None
