"""Domain errors and the one place that maps them to the wire envelope.

Routes and services raise a :class:`ServerError` (mostly one of the named
refusals below, each with its wire code); :func:`install_error_handlers` turns it
into ``{"code", "message", "data": null}`` with the HTTP status the
contract asks for (api-contract §1.5): envelope codes go out with HTTP 200, or
with 401/404/402/415/413 under ``--http-errors``; 400/402/429 always carry that
HTTP status.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from photogen.wire.codes import HTTP_STATUS_FOR_CODE, WireCode
from photogen.wire.envelope import error

log = logging.getLogger("photogen.server")


class ServerError(Exception):
    """A refusal the client should see as a wire error.

    Args:
        code: The wire code (:class:`~photogen.wire.codes.WireCode` or an HTTP status).
        message: Human text, safe to show.
        status: Force this HTTP status regardless of the error style.
        headers: Extra response headers (e.g. ``Retry-After``).
        extra: Extra top-level body keys (e.g. ``detail``).
    """

    def __init__(
        self,
        code: int,
        message: str,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.code = int(code)
        self.message = message
        self.status = status
        self.headers = headers or {}
        self.extra = extra


def http_status_for(code: int, http_errors: bool) -> int:
    """The HTTP status that carries wire ``code`` in the chosen error style."""
    if code in HTTP_STATUS_FOR_CODE:
        return HTTP_STATUS_FOR_CODE[code] if http_errors else 200
    return code if 400 <= code < 600 else 400


def error_response(exc: ServerError, http_errors: bool) -> JSONResponse:
    """The envelope response for ``exc``."""
    status = exc.status or http_status_for(exc.code, http_errors)
    body = error(exc.code, exc.message, **exc.extra)
    return JSONResponse(body, status_code=status, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Map :class:`ServerError` and unexpected exceptions to envelopes."""

    async def on_server_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServerError)
        return error_response(exc, request.app.state.config.http_errors)

    async def on_crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse(error(500, "internal server error"), status_code=500)

    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return JSONResponse({"detail": _safe_errors(exc.errors())}, status_code=422)

    async def on_too_deep(request: Request, exc: Exception) -> JSONResponse:
        # a last line behind limits.BodyGuard's depth check: never a 500 for nesting
        too_deep = BadRequest("Request nested too deeply")
        return error_response(too_deep, request.app.state.config.http_errors)

    app.add_exception_handler(ServerError, on_server_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(RecursionError, on_too_deep)
    app.add_exception_handler(Exception, on_crash)


def _safe_errors(errors: Any) -> Any:
    """FastAPI's 422 ``detail`` list, with undecodable input bytes made printable."""
    bytes_safe = {bytes: lambda b: b.decode("utf-8", "replace")}
    return jsonable_encoder(errors, custom_encoder=bytes_safe)


class _Refusal(ServerError):
    """A :class:`ServerError` whose wire code comes with its class."""

    wire_code: ClassVar[int]
    default_message: ClassVar[str] = ""

    def __init__(self, message: str | None = None, **options: Any) -> None:
        super().__init__(self.wire_code, message or self.default_message, **options)


BAD_REQUEST = 422
"""[OURS] Code and HTTP status for a well-formed call the server cannot act on
(wrong body kind, non-loopback URL, nothing to export). Kept apart from 400,
which the contract reserves for a missing ``X-Client-Id``."""


class BadRequest(_Refusal):
    """422: the request cannot be acted on as sent."""

    wire_code = BAD_REQUEST


class BadClientId(_Refusal):
    """400: ``X-Client-Id`` missing or unusable."""

    wire_code = WireCode.BAD_CLIENT_ID
    default_message = "X-Client-Id required"


class TokenInvalid(_Refusal):
    """1001: token missing, unknown or expired."""

    wire_code = WireCode.TOKEN_INVALID
    default_message = "Token invalid or expired"


class SessionNotFound(_Refusal):
    """1002: the session (or anything owned by another token) does not exist for you."""

    wire_code = WireCode.SESSION_NOT_FOUND
    default_message = "Session not found"


class OutOfCredits(_Refusal):
    """2001: the plan needs more credits than are available."""

    wire_code = WireCode.OUT_OF_CREDITS
    default_message = "Out of credits"


class ExportBlocked(_Refusal):
    """402: an export without the attribution headers (the service's plan check)."""

    wire_code = WireCode.PLAN_BLOCKED


class RateLimited(_Refusal):
    """429 with ``Retry-After``."""

    wire_code = WireCode.RATE_LIMITED


class NotFound(_Refusal):
    """[OURS] 404: a render or media file that does not exist (or is gone)."""

    wire_code = 404


class Conflict(_Refusal):
    """[OURS] 409: a render id already used, or a download before completion."""

    wire_code = 409
