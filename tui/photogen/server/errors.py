"""Domain errors and the one place that maps them to the wire envelope.

Handlers raise :class:`ServerError` with a wire code; :func:`install_error_handlers`
turns it into ``{"code", "message", "data": null}`` with the HTTP status the
contract asks for (api-contract §1.5): envelope codes go out with HTTP 200, or
with 401/404/402/415/413 under ``--http-errors``; 400/402/429 always carry that
HTTP status.
"""

from __future__ import annotations

import logging
from typing import Any

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
        too_deep = ServerError(BAD_REQUEST, "Request nested too deeply")
        return error_response(too_deep, request.app.state.config.http_errors)

    app.add_exception_handler(ServerError, on_server_error)
    app.add_exception_handler(RequestValidationError, on_invalid)
    app.add_exception_handler(RecursionError, on_too_deep)
    app.add_exception_handler(Exception, on_crash)


def _safe_errors(errors: Any) -> Any:
    """FastAPI's 422 ``detail`` list, with undecodable input bytes made printable."""
    bytes_safe = {bytes: lambda b: b.decode("utf-8", "replace")}
    return jsonable_encoder(errors, custom_encoder=bytes_safe)


def not_found(what: str = "Session not found") -> ServerError:
    """1002: the session (or anything owned by another token) does not exist for you."""
    return ServerError(WireCode.SESSION_NOT_FOUND, what)


def token_invalid() -> ServerError:
    """1001: token missing, unknown or expired."""
    return ServerError(WireCode.TOKEN_INVALID, "Token invalid or expired")


BAD_REQUEST = 422
"""[OURS] Code and HTTP status for a well-formed call the server cannot act on
(wrong body kind, non-loopback URL, nothing to export). Kept apart from 400,
which the contract reserves for a missing ``X-Client-Id``."""


def bad_request(message: str) -> ServerError:
    """422 with an envelope: the request cannot be acted on as sent."""
    return ServerError(BAD_REQUEST, message)
