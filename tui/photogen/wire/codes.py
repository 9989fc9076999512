"""Wire codes of the NemoVideo API (api-contract §1.5)."""

from __future__ import annotations

from enum import IntEnum


class WireCode(IntEnum):
    """Numbers that appear in the envelope's ``code`` (or as the HTTP status)."""

    OK = 0
    BAD_CLIENT_ID = 400
    PLAN_BLOCKED = 402
    RATE_LIMITED = 429
    TOKEN_INVALID = 1001
    SESSION_NOT_FOUND = 1002
    OUT_OF_CREDITS = 2001
    UNSUPPORTED_TYPE = 4001
    FILE_TOO_LARGE = 4002


#: Gateway codes that mean the same as ``TOKEN_INVALID`` (contract §1.5, [CLI]).
AUTH_FAILURE_CODES = frozenset({1001, 1010, 1011, 401})

#: HTTP status the offline server uses for envelope errors under ``--http-errors``.
HTTP_STATUS_FOR_CODE: dict[int, int] = {
    WireCode.TOKEN_INVALID: 401,
    WireCode.SESSION_NOT_FOUND: 404,
    WireCode.OUT_OF_CREDITS: 402,
    WireCode.UNSUPPORTED_TYPE: 415,
    WireCode.FILE_TOO_LARGE: 413,
}

#: Largest upload, in bytes (the brief's 200 MB).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
