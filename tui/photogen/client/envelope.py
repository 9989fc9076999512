"""The envelope rule (contract §1.4) and the error-code map (§1.5).

1. A non-2xx response is an error: read ``code`` and ``message`` (or FastAPI's
   ``detail``) from the JSON body when there is one.
2. A 2xx body with ``code != 0`` is an error.
3. A 2xx body with ``success: false`` is an error.
4. Otherwise the payload is ``body.data`` when present, else ``body``.

Errors are keyed on the body's ``code`` first and on the HTTP status second, because
2001 (credits) and the export block can both arrive as HTTP 402.
"""

from __future__ import annotations

import json
import time
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from photogen.client.errors import (
    ApiError,
    AuthError,
    FileTooLarge,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    SessionNotFound,
    UnsupportedFile,
    WebPageAnswer,
)
from photogen.wire.codes import AUTH_FAILURE_CODES, MAX_UPLOAD_BYTES
from photogen.wire.formats import ACCEPTED_UPLOADS
from photogen.wire.safety import server_text, strip_control

# HTTP statuses that stand for envelope codes when the body carries none (--http-errors).
_STATUS_CODE = {401: 1001, 404: 1002, 413: 4002, 415: 4001}

#: Endpoints of one session: a bare 404 from them means the session is gone (1002).
SESSION_ENDPOINTS = ("/run_sse", "/api/state/", "/api/upload-video/", "/api/tasks/")
#: Export endpoints: a bare 404 from them means the render is unknown, not the session.
RENDER_ENDPOINTS = ("/api/render/",)


def _starts(endpoint: str, prefixes: tuple[str, ...]) -> bool:
    return any(endpoint.startswith(p) for p in prefixes)


def parse_json(content: bytes) -> Any:
    """The body as JSON, or None when it is empty or not JSON."""
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return None


def parse_answer(status: int, content: bytes, endpoint: str) -> Any:
    """The body as JSON (None when empty); a 2xx body that is not JSON is a web page.

    A captive portal or a proxy login page answers 200 with HTML: that is said as such
    (:class:`WebPageAnswer`), never read as an empty success. An error status keeps its
    own meaning (401, 429 …) whatever its body.
    """
    body = parse_json(content)
    if body is None and content.strip() and 200 <= status < 300:
        raise WebPageAnswer(status=status, endpoint=endpoint)
    return body


def is_web_page(content_type: str) -> bool:
    """A ``text/html`` (or XHTML) answer: never an API's, never a photo or a video."""
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def _int_code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _message(body: Any, fallback: str) -> str:
    """Error text from ``message``, ``detail`` (str or FastAPI list) or ``error``."""
    if not isinstance(body, dict):
        return fallback
    for key in ("message", "detail", "error", "msg"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message") or value.get("msg")
        if isinstance(value, list):  # FastAPI 422: [{"loc": [...], "msg": "..."}]
            value = "; ".join(
                str(v.get("msg", v)) if isinstance(v, dict) else str(v) for v in value
            )
        if isinstance(value, str) and value and value.lower() != "success":
            return value
    return fallback


def retry_after(response: httpx.Response | None, default: float, cap: float) -> float:
    """Seconds from a Retry-After header (delta or HTTP date), else ``default``."""
    raw = response.headers.get("retry-after") if response is not None else None
    if not raw:
        return default
    try:
        seconds = float(raw)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(raw).timestamp() - time.time()
        except (TypeError, ValueError):
            return default
    return max(0.0, min(seconds, cap))


def check(
    status: int,
    body: Any,
    endpoint: str,
    *,
    wait_default: float = 30.0,
    response: httpx.Response | None = None,
    cap: float = 300.0,
) -> Any:
    """Apply the envelope rule: return the payload or raise the matching :class:`ApiError`."""
    ok_status = 200 <= status < 300
    code = _int_code(body.get("code")) if isinstance(body, dict) else None
    failed = (
        not ok_status
        or (code not in (None, 0))
        or (isinstance(body, dict) and body.get("success") is False)
    )
    if not failed:
        if isinstance(body, dict) and "data" in body and body["data"] is not None:
            return body["data"]
        return body
    if isinstance(body, dict) and code is None:
        error = body.get("error")
        code = _int_code(error.get("code")) if isinstance(error, dict) else None
    wait = retry_after(response, wait_default, cap)
    raise make_error(status, code, _message(body, f"HTTP {status}"), endpoint, body, wait)


def make_error(
    status: int | None,
    code: int | None,
    message: str,
    endpoint: str,
    body: Any = None,
    wait: float = 30.0,
) -> ApiError:
    """The :class:`ApiError` subclass for a code (first) or an HTTP status (second)."""
    text = server_text(message)[:500]
    kw: dict[str, Any] = {"status": status, "code": code, "endpoint": endpoint}
    # Without an envelope code of its own, the HTTP status decides.
    no_code = code in (None, 0) or code == status
    key = _STATUS_CODE.get(status or 0, status) if no_code else code
    if key == 1002 and no_code and not _starts(endpoint, SESSION_ENDPOINTS):
        # A bare 404 says "no such thing", not "no such session", off the session endpoints.
        if _starts(endpoint, RENDER_ENDPOINTS):
            return ApiError("render not found", **kw)
        return ApiError(text, **kw)
    if key in AUTH_FAILURE_CODES:
        return AuthError(text, **kw)
    if key == 1002:
        return SessionNotFound(text, **kw)
    if key == 2001:
        return OutOfCredits(text, bind_url=_bind_url(body), **kw)
    if key == 4001:
        return UnsupportedFile(text, accepted=_accepted(body), **kw)
    if key == 4002:
        return FileTooLarge(text, limit_bytes=_limit(body), **kw)
    if key == 402:
        return PlanBlocked(text, **kw)
    if key == 429:
        return RateLimited(text, retry_after=wait, **kw)
    return ApiError(text, **kw)


def _data(body: Any) -> dict[str, Any]:
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) else (body if isinstance(body, dict) else {})


def _bind_url(body: Any) -> str | None:
    url = _data(body).get("bind_url")
    return strip_control(url) if isinstance(url, str) and url else None


def _accepted(body: Any) -> tuple[str, ...]:
    value = _data(body).get("accepted")
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
        return tuple(strip_control(v).lower() for v in value)
    return ACCEPTED_UPLOADS


def _limit(body: Any) -> int:
    data = _data(body)
    value = data.get("limit_bytes", data.get("limit"))
    return value if isinstance(value, int) and not isinstance(value, bool) else MAX_UPLOAD_BYTES
