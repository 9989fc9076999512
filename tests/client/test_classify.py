"""Classification of every payload shape of contract §4 into typed items."""

from __future__ import annotations

import json

import pytest

from photogen.client.stream import (
    ErrorItem,
    HeartbeatItem,
    QuestionItem,
    StateDeltaItem,
    TextItem,
    ToolCallItem,
    ToolResultItem,
    classify,
)

ACTIONS = {"stateDelta": {}, "artifactDelta": {}, "requestedAuthConfigs": {}}


def adk(parts: list[dict], **extra) -> str:
    event = {
        "content": {"parts": parts, "role": "model"},
        "invocationId": "e-1",
        "author": "nemo_agent",
        "actions": ACTIONS,
        "id": "Xq3LmP9a",
        "timestamp": 1773423600.5,
        **extra,
    }
    return json.dumps(event)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "   ",
        "heartbeat",
        "HEARTBEAT",
        "ping",
        '{"type":"heartbeat"}',
        '"heartbeat"',
        '{"type": "heartbeat", "ts": 3}',
    ],
)
def test_heartbeats_in_every_form(payload):
    assert classify(payload) == [HeartbeatItem()]


def test_non_partial_text():
    assert classify(adk([{"text": "Hello"}])) == [TextItem("Hello", False, "nemo_agent")]


def test_partial_text_is_marked_provisional():
    assert classify(adk([{"text": "Hel"}], partial=True)) == [TextItem("Hel", True, "nemo_agent")]


def test_thought_parts_are_hidden():
    payload = adk([{"text": "thinking…", "thought": True}, {"text": "Answer"}])
    assert classify(payload) == [TextItem("Answer", False, "nemo_agent")]
    assert classify(adk([{"text": "only thoughts", "thought": True}])) == []


def test_text_parts_of_one_event_become_one_item():
    # A second item would REPLACE the first in the UI, so they are joined.
    assert classify(adk([{"text": "a "}, {"text": "b"}])) == [TextItem("a b", False, "nemo_agent")]


def test_function_call_becomes_a_labelled_status():
    payload = adk(
        [{"functionCall": {"id": "adk-1", "name": "generate_image", "args": {"prompt": "a mug"}}}]
    )
    (item,) = classify(payload)
    assert item == ToolCallItem(
        "adk-1", "generate_image", {"prompt": "a mug"}, "Generating photo…", False
    )


@pytest.mark.parametrize(
    ("name", "label", "long_running"),
    [
        ("generate_video_with_seedance", "Generating video — may take 2-5 min", True),
        ("generate_video", "Generating video — may take 2-5 min", True),
        ("edit_multitrack", "Editing timeline…", False),
        ("edit_image", "Editing your photo…", False),
        ("generate_music", "Generating music — may take 1-3 min", True),
        ("mystery_tool", "Working: mystery tool…", False),
    ],
)
def test_tool_labels(name, label, long_running):
    (item,) = classify(adk([{"functionCall": {"id": "x", "name": name, "args": {}}}]))
    assert (item.label, item.long_running) == (label, long_running)


def test_long_running_tool_ids_mark_a_call():
    payload = adk(
        [{"functionCall": {"id": "c9", "name": "slow_thing", "args": {}}}],
        longRunningToolIds=["c9"],
    )
    (item,) = classify(payload)
    assert item.long_running


def test_function_calls_in_partial_events_are_not_acted_on():
    payload = adk(
        [{"text": "x"}, {"functionCall": {"id": "1", "name": "generate_image"}}], partial=True
    )
    assert classify(payload) == [TextItem("x", True, "nemo_agent")]


def test_function_response_and_state_delta():
    event = json.loads(
        adk(
            [
                {
                    "functionResponse": {
                        "id": "adk-1",
                        "name": "generate_image",
                        "response": {"status": "success"},
                    }
                }
            ]
        )
    )
    event["content"]["role"] = "user"
    event["actions"] = {"stateDelta": {"draft_version": 2}}
    assert classify(json.dumps(event)) == [
        ToolResultItem("adk-1", "generate_image", {"status": "success"}),
        StateDeltaItem({"draft_version": 2}),
    ]


def test_snake_case_actions_and_parts_are_accepted():
    event = {
        "author": "nemo_agent",
        "invocation_id": "e-1",
        "content": {"parts": [{"function_call": {"name": "edit_multitrack", "args": {}}}]},
        "actions": {"state_delta": {"draft": {"t": []}}},
    }
    items = classify(json.dumps(event))
    assert isinstance(items[0], ToolCallItem) and items[0].label == "Editing timeline…"
    assert items[1] == StateDeltaItem({"draft": {"t": []}})


def test_non_dict_function_response_is_wrapped():
    (item,) = classify(adk([{"functionResponse": {"name": "t", "response": "done"}}]))
    assert item == ToolResultItem(None, "t", {"result": "done"})


def test_in_band_error_code_is_not_final():
    payload = json.dumps(
        {
            "errorCode": "MALFORMED_FUNCTION_CALL",
            "errorMessage": "Malformed function call: x",
            "invocationId": "e-1",
            "author": "nemo_agent",
            "actions": ACTIONS,
            "id": "E",
            "timestamp": 1,
        }
    )
    assert classify(payload) == [
        ErrorItem("Malformed function call: x", "MALFORMED_FUNCTION_CALL", False)
    ]


def test_final_error_line():
    assert classify('{"error": "429 RESOURCE_EXHAUSTED. Quota exceeded"}') == [
        ErrorItem("429 RESOURCE_EXHAUSTED. Quota exceeded", None, True)
    ]


def test_final_error_line_that_is_invalid_json():
    # ADK 1.4.2 builds it with an f-string: inner quotes break the JSON.
    (item,) = classify('{"error": "Tool "generate" failed: bad "arg""}')
    assert item.final and item.message == 'Tool "generate" failed: bad "arg"'


def test_final_error_with_an_object_and_code():
    assert classify('{"error": {"code": 2001, "message": "Out of credits"}}') == [
        ErrorItem("Out of credits", "2001", True)
    ]


def test_ask_question_becomes_a_question():
    payload = adk(
        [
            {
                "functionCall": {
                    "id": "q",
                    "name": "ask_question",
                    "args": {"question": "Square or portrait?"},
                }
            }
        ]
    )
    assert classify(payload) == [QuestionItem("Square or portrait?")]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"type": "text", "content": "Hi"}, [TextItem("Hi", False, "")]),
        (
            {"type": "tool_call", "name": "generate_image", "args": {"p": 1}},
            [ToolCallItem(None, "generate_image", {"p": 1}, "Generating photo…", False)],
        ),
        (
            {"type": "tool_result", "name": "generate_image", "result": {"url": "u"}},
            [ToolResultItem(None, "generate_image", {"url": "u"})],
        ),
        ({"type": "heartbeat"}, [HeartbeatItem()]),
        ({"type": "error", "error": "boom"}, [ErrorItem("boom", None, False)]),
        (
            {"type": "tool_call", "name": "ask_question", "args": {"question": "Which?"}},
            [QuestionItem("Which?")],
        ),
        ({"type": "unknown_thing", "x": 1}, []),
    ],
)
def test_simplified_shape(payload, expected):
    assert classify(json.dumps(payload)) == expected


def test_type_key_on_an_adk_event_is_not_the_simplified_shape():
    payload = adk([{"text": "hello"}], type="text")
    assert classify(payload) == [TextItem("hello", False, "nemo_agent")]


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", "42", "null", '{"foo": 1}'])
def test_other_payloads_are_ignored(payload):
    assert classify(payload) == []


def test_control_sequences_are_stripped_everywhere():
    evil = "\x1b]52;c;cHduZWQ=\x07hi\x1b[2J"
    payload = adk(
        [{"text": evil}, {"functionCall": {"name": "gen\x1b[31m_image", "args": {"q": evil}}}]
    )
    text, call = classify(payload)
    assert text.text == "hi"
    assert call.name == "gen_image" and call.args == {"q": "hi"}
    assert classify(json.dumps({"error": evil})) == [ErrorItem("hi", None, True)]
    assert classify(json.dumps({"type": "text", "content": evil}))[0].text == "hi"


def test_raw_control_characters_inside_json_strings_are_tolerated():
    assert classify('{"type":"text","content":"a\x07b"}') == [TextItem("ab", False, "")]


@pytest.mark.parametrize(
    ("args", "label"),
    [
        ({"count": 4}, "Generating 4 photos…"),
        ({"count": 1}, "Generating photo…"),
        ({"variation_of": 2, "count": 4}, "Making variations…"),
    ],
)
def test_a_grid_call_says_how_many_photos_or_that_it_varies(args, label):
    call = {"functionCall": {"id": "x", "name": "generate_image", "args": args}}
    (item,) = classify(adk([call]))
    assert item.label == label
    (use,) = classify(adk([{"functionCall": {"id": "u", "name": "use_candidate", "args": {}}}]))
    assert use.label == "Putting it on the timeline…"


# --- the three exception lines of ADK (contract §5c), and events without parts --------


def test_error_line_with_error_details_is_a_final_error() -> None:
    details = {"error_type": "ValueError", "error_message": "bad", "timestamp": 1.5}
    line = json.dumps({"error": "ValueError: bad", "error_details": details})
    assert classify(line) == [ErrorItem("ValueError: bad", None, True)]


def test_invalid_error_line_with_error_details_keeps_only_the_text() -> None:
    line = '{"error": "KeyError: "draft"", "error_details": {"error_type": "KeyError"}}'
    assert classify(line) == [ErrorItem('KeyError: "draft"', None, True)]


def test_system_event_saying_error_is_a_final_error_not_text() -> None:
    event = json.loads(adk([{"text": "Error: quota exceeded"}]))
    event["author"] = "system"
    assert classify(json.dumps(event)) == [ErrorItem("quota exceeded", None, True)]


def test_system_text_without_the_error_prefix_stays_text() -> None:
    event = json.loads(adk([{"text": "Session resumed."}]))
    event["author"] = "system"
    assert classify(json.dumps(event)) == [TextItem("Session resumed.", False, "system")]


@pytest.mark.parametrize("content", [{"role": "model", "parts": []}, {"role": "model"}])
def test_events_with_empty_or_missing_parts_are_harmless(content: dict) -> None:
    event = {"content": content, "author": "nemo_agent", "invocationId": "e-1",
             "turnCompleteReason": "STOP", "finishReason": "STOP"}  # fmt: skip
    assert classify(json.dumps(event)) == []


def test_a_partial_running_function_response_is_tool_progress():
    from photogen.client.stream import ToolProgressItem

    part = {
        "functionResponse": {
            "id": "adk-1",
            "name": "generate_image",
            "response": {"status": "running", "progress": 40, "message": "1/2\x1b[2J"},
        }
    }
    assert classify(adk([part], partial=True)) == [
        ToolProgressItem("adk-1", "generate_image", 40.0, "1/2")
    ]


@pytest.mark.parametrize(
    "response",
    [{"status": "running"}, {"status": "running", "progress": "x"}, {"status": "done"}, []],
)
def test_other_partial_function_responses_are_ignored(response):
    part = {"functionResponse": {"id": "adk-1", "name": "generate_image", "response": response}}
    assert classify(adk([part], partial=True)) == []
