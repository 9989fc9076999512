"""Export calls on MockTransport: shape C, submission retry, 402 vs 2001, the wait loop."""

from __future__ import annotations

import json

import httpx
import pytest

from photogen.client import ApiError, OutOfCredits, PlanBlocked
from tests.client.conftest import envelope, token_response

DRAFT = {"d": 3000, "m": {"title": "x"}, "t": [{"tt": 0, "sg": [{"d": 3000, "m": {}}]}]}
RENDER = "/api/render/proxy/lambda"


def scripted(*answers: httpx.Response | dict):
    """Token first, then the answers in order (the last repeats); records requests."""
    queue = list(answers)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        seen.append(request)
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer if isinstance(answer, httpx.Response) else httpx.Response(200, json=answer)

    return handler, seen


async def test_submit_body_and_shape_c_in_an_envelope(mock_client):
    shape_c = envelope(
        {"render_id": "render_9", "status": "processing", "output": {"url": None}, "error": None}
    )
    handler, seen = scripted(shape_c)
    status = await mock_client(handler).submit_render("s1", DRAFT, "mp4")
    assert (status.id, status.status) == ("render_9", "processing")
    body = json.loads(seen[0].content)
    assert body["sessionId"] == "s1" and body["draft"] == DRAFT
    assert body["id"].startswith("render_") and body["output"] == {
        "format": "mp4",
        "quality": "high",
        "resolution": "1080p",
    }
    assert seen[0].headers["x-skill-source"] == "photogen-tui"


async def test_poll_shape_c_bare_and_completed(mock_client):
    handler, _ = scripted(
        {
            "render_id": "render_9",
            "status": "completed",
            "output": {"url": "https://cdn/x.mp4", "duration": 3, "size": 10},
            "error": None,
        }
    )
    status = await mock_client(handler).poll_render("render_9")
    assert status.done and status.url == "https://cdn/x.mp4" and status.size == 10


async def test_failed_submission_is_retried_once_with_a_new_id(mock_client):
    duplicate = httpx.Response(409, json={"code": 409, "message": "duplicate id", "data": None})
    ok = {"code": 0, "message": "success", "id": "x", "status": "pending", "progress": 0}
    handler, seen = scripted(duplicate, ok)
    status = await mock_client(handler).submit_render("s1", DRAFT)
    assert status.status == "pending"
    ids = [json.loads(r.content)["id"] for r in seen]
    assert len(ids) == 2 and ids[0] != ids[1]


async def test_a_failed_status_in_the_submit_answer_is_retried_once(mock_client):
    failed = {"success": True, "data": {"id": "r1", "status": "failed", "error": "boom"}}
    handler, seen = scripted(failed)
    status = await mock_client(handler).submit_render("s1", DRAFT)
    assert status.status == "failed" and len(seen) == 2


async def test_two_failed_submissions_raise(mock_client):
    handler, seen = scripted(httpx.Response(500, json={"detail": "boom"}))
    with pytest.raises(ApiError):
        await mock_client(handler).submit_render("s1", DRAFT)
    assert len(seen) == 2


@pytest.mark.parametrize("body", [{"code": 402, "message": "Export needs a plan"}, None])
async def test_402_is_plan_blocked_and_not_retried(mock_client, body):
    response = httpx.Response(402, json=body) if body else httpx.Response(402)
    handler, seen = scripted(response)
    with pytest.raises(PlanBlocked) as info:
        await mock_client(handler).submit_render("s1", DRAFT)
    assert not isinstance(info.value, OutOfCredits) and len(seen) == 1


async def test_2001_with_http_402_is_out_of_credits_with_a_bind_url(mock_client):
    handler, seen = scripted(httpx.Response(402, json=envelope(code=2001, message="no credits")))
    with pytest.raises(OutOfCredits) as info:
        await mock_client(handler).submit_render("s1", DRAFT)
    assert info.value.bind_url == "https://nemovideo.com/register?bind=anon_1"
    assert len(seen) == 1


async def test_cancel_posts_to_the_cancel_route(mock_client):
    handler, seen = scripted(envelope({"id": "r1", "status": "cancelled"}))
    await mock_client(handler).cancel_render("r1")
    assert (seen[0].method, seen[0].url.path) == ("POST", f"{RENDER}/r1/cancel")


async def test_success_false_on_a_poll_is_a_failed_job(mock_client):
    handler, _ = scripted({"success": False, "error": "worker lost"})
    status = await mock_client(handler).poll_render("render_7")
    assert (status.id, status.status, status.error) == ("render_7", "failed", "worker lost")


async def test_completed_without_url_is_not_done_downloading(mock_client):
    handler, _ = scripted({"success": True, "data": {"status": "completed", "outputUrl": None}})
    status = await mock_client(handler).poll_render("render_8")
    assert status.status == "completed" and status.url is None


async def test_a_refusal_on_a_poll_still_raises(mock_client):
    handler, _ = scripted(httpx.Response(402, json={"code": 402, "message": "plan"}))
    with pytest.raises(PlanBlocked):
        await mock_client(handler).poll_render("render_9")
