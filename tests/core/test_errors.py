"""describe_error words every client error for humans."""

from __future__ import annotations

import pytest

from photogen.client.errors import (
    ApiError,
    AuthError,
    FileTooLarge,
    LocalFileError,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    SessionNotFound,
    StreamError,
    TransportError,
    UnsupportedFile,
)
from photogen.core.errors import ExportTimeout, describe_error


@pytest.mark.parametrize(
    ("exc", "title_part", "todo_part"),
    [
        (
            OutOfCredits("x", bind_url="https://nemovideo.com/register?bind=anon_1", code=2001),
            "out of credits",
            "?bind=anon_1",
        ),
        (OutOfCredits("x", code=2001), "out of credits", "Top up"),
        (PlanBlocked("x", status=402), "not about credits", "Register to unlock export"),
        (UnsupportedFile("bad", accepted=("jpg", "png")), "isn't supported", "jpg, png"),
        (FileTooLarge("big", limit_bytes=200 * 1024 * 1024), "200 MB", "Compress or trim"),
        (RateLimited("slow", retry_after=12.4), "busy", "12 s"),
        (AuthError("no", code=1001), "Signing in failed", "NEMO_TOKEN"),
        (SessionNotFound("gone", code=1002), "no longer exists", "old context is lost"),
        (TransportError("refused"), "Can't reach the server", "text is kept"),
        (StreamError("drop", dropped=True), "dropped", "not sent again"),
        (StreamError("slow", timed_out=True), "too long", "not sent again"),
        (StreamError("429 quota"), "429 quota", "Try again"),
        (LocalFileError("No such file: a.png"), "No such file", "Check the path"),
        (ApiError("\x1b[2Jweird", status=500), "refused the request: weird", "Try again"),
        (ExportTimeout("Render slow.", "It keeps running."), "Render slow.", "keeps running"),
        (PermissionError(13, "Permission denied", "/out"), "/out", "writable"),
        (ValueError("odd"), "ValueError: odd", "report it"),
    ],
)
def test_every_error_has_a_human_title_and_advice(
    exc: BaseException, title_part: str, todo_part: str
) -> None:
    human = describe_error(exc)
    assert title_part in human.title
    assert todo_part in human.what_to_do
    assert "\x1b" not in str(human)
