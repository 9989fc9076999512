"""The envelope rule (§1.4) and the code map (§1.5), in both HTTP styles."""

from __future__ import annotations

import httpx
import pytest

from photogen.client.envelope import check, retry_after
from photogen.client.errors import (
    ApiError,
    AuthError,
    FileTooLarge,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    SessionNotFound,
    UnsupportedFile,
)
from photogen.wire.codes import MAX_UPLOAD_BYTES
from photogen.wire.formats import ACCEPTED_UPLOADS


def env(code: int, message: str = "nope", data=None) -> dict:
    return {"code": code, "message": message, "data": data}


@pytest.mark.parametrize(
    ("code", "http_style_status", "exc"),
    [
        (1001, 401, AuthError),
        (1010, 401, AuthError),
        (1011, 401, AuthError),
        (1002, 404, SessionNotFound),
        (2001, 402, OutOfCredits),
        (4001, 415, UnsupportedFile),
        (4002, 413, FileTooLarge),
    ],
)
@pytest.mark.parametrize("http_errors", [False, True])
def test_envelope_codes_in_both_http_styles(code, http_style_status, exc, http_errors):
    status = http_style_status if http_errors else 200
    with pytest.raises(exc) as info:
        check(status, env(code, "text"), "/x")
    assert (info.value.code, info.value.status, info.value.endpoint) == (code, status, "/x")
    assert info.value.message == "text"


@pytest.mark.parametrize(
    ("status", "exc"),
    [
        (402, PlanBlocked),
        (429, RateLimited),
        (400, ApiError),
        (401, AuthError),
        (404, SessionNotFound),
        (500, ApiError),
    ],
)
def test_http_status_with_the_same_number_as_code(status, exc):
    with pytest.raises(exc) as info:
        check(status, env(status), "/api/state/nemo_agent/me/s1/latest")
    assert type(info.value) is exc


SESSION_PATHS = [
    "/run_sse",
    "/api/state/nemo_agent/me/s1/latest",
    "/api/upload-video/nemo_agent/me/s1",
    "/api/tasks/me/with-session/nemo_agent",
]


@pytest.mark.parametrize("path", SESSION_PATHS)
@pytest.mark.parametrize("body", [env(404), {"detail": "Not Found"}, None])
def test_bare_404_means_session_gone_only_on_session_endpoints(path, body):
    with pytest.raises(SessionNotFound):
        check(404, body, path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/render/proxy/lambda/render_1",
        "/api/render/proxy/lambda/render_1/cancel",
        "/api/render/proxy/render_1/download",
    ],
)
@pytest.mark.parametrize("body", [env(404), {"detail": "Not Found"}, None])
def test_bare_404_from_a_render_endpoint_is_render_not_found(path, body):
    with pytest.raises(ApiError) as info:
        check(404, body, path)
    assert type(info.value) is ApiError
    assert info.value.message == "render not found" and info.value.status == 404


def test_bare_404_elsewhere_is_a_plain_api_error():
    with pytest.raises(ApiError) as info:
        check(404, {"detail": "Not Found"}, "/api/credits/balance/simple")
    assert type(info.value) is ApiError and info.value.message == "Not Found"


def test_explicit_1002_is_session_not_found_on_any_endpoint():
    with pytest.raises(SessionNotFound):
        check(404, env(1002), "/api/render/proxy/lambda/render_1")


def test_code_wins_over_status_for_credits_on_402():
    with pytest.raises(OutOfCredits):
        check(402, env(2001), "/api/render/proxy/lambda")
    with pytest.raises(PlanBlocked):
        check(402, env(402), "/api/render/proxy/lambda")
    with pytest.raises(PlanBlocked):
        check(402, None, "/api/render/proxy/lambda")


def test_fastapi_detail_bodies():
    with pytest.raises(SessionNotFound) as info:
        check(404, {"detail": "Session not found: 42"}, "/run_sse")
    assert info.value.message == "Session not found: 42" and info.value.code is None
    detail = [{"type": "missing", "loc": ["body", "sessionId"], "msg": "Field required"}]
    with pytest.raises(ApiError) as info:
        check(422, {"detail": detail}, "/run_sse")
    assert info.value.message == "Field required" and info.value.status == 422


def test_contract_404_body_satisfies_both_parsers():
    body = {
        "code": 1002,
        "message": "Session not found",
        "detail": "Session not found: 9",
        "data": None,
    }
    with pytest.raises(SessionNotFound) as info:
        check(404, body, "/run_sse")
    assert info.value.code == 1002


def test_success_false_is_an_error():
    with pytest.raises(ApiError) as info:
        check(200, {"success": False, "error": "render exploded"}, "/r")
    assert info.value.message == "render exploded"


def test_payload_is_data_or_body():
    assert check(200, env(0, "success", {"a": 1}), "/x") == {"a": 1}
    body = {"code": 0, "message": "success", "id": "render_1", "status": "pending"}
    assert check(200, body, "/x") == body
    assert check(200, {"success": True, "data": {"status": "completed"}}, "/x") == {
        "status": "completed"
    }
    assert check(204, None, "/x") is None


def test_non_json_error_body():
    with pytest.raises(ApiError) as info:
        check(502, None, "/x")
    assert info.value.message == "HTTP 502" and info.value.code is None


def test_string_codes_are_read():
    with pytest.raises(SessionNotFound):
        check(200, {"code": "1002", "message": "gone"}, "/x")


def test_unsupported_and_too_large_carry_formats_and_limit():
    with pytest.raises(UnsupportedFile) as info:
        check(200, env(4001), "/u")
    assert info.value.accepted == ACCEPTED_UPLOADS and "mp4" in info.value.accepted
    with pytest.raises(UnsupportedFile) as info:
        check(415, env(4001, data={"accepted": ["PNG", "jpg"]}), "/u")
    assert info.value.accepted == ("png", "jpg")
    with pytest.raises(FileTooLarge) as info:
        check(200, env(4002), "/u")
    assert info.value.limit_bytes == MAX_UPLOAD_BYTES


def test_messages_are_stripped_of_control_sequences():
    with pytest.raises(ApiError) as info:
        check(500, env(9999, "bad\x1b[2J\x1b]0;title\x07 thing"), "/x")
    assert info.value.message == "bad thing"


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), ("0.5", 0.5), (None, 30.0), ("soon", 30.0), ("99999", 300.0)],
)
def test_retry_after(header, expected):
    headers = {"retry-after": header} if header else {}
    assert retry_after(httpx.Response(429, headers=headers), 30.0, 300.0) == expected


def test_retry_after_http_date_in_the_past_is_zero():
    response = httpx.Response(429, headers={"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after(response, 30.0, 300.0) == 0.0


def test_rate_limited_carries_the_wait():
    response = httpx.Response(429, headers={"retry-after": "7"})
    with pytest.raises(RateLimited) as info:
        check(429, env(429), "/x", response=response)
    assert info.value.retry_after == 7.0
