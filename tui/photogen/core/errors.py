"""One place that words every error for humans: :func:`describe_error`.

The UI turns the result into one notification and the CLI into one line; both
say what happened and what to do. Where the app can promise more than a command
(it keeps the prompt's text, it checks the timeline after a dropped reply), the
headless commands get their own advice (``in_app=False``). No message contains a token (the client's
messages never do) and network text is stripped of control sequences.
"""

from __future__ import annotations

from dataclasses import dataclass

from photogen.client.errors import (
    ApiError,
    AuthError,
    FileTooLarge,
    LocalFileError,
    NemoError,
    OutOfCredits,
    PlanBlocked,
    RateLimited,
    SessionNotFound,
    StreamError,
    TransportError,
    UnsupportedFile,
    WebPageAnswer,
)
from photogen.wire.safety import strip_control


class CoreError(Exception):
    """An error raised by ``photogen.core`` itself, with a human message."""

    def __init__(self, title: str, what_to_do: str = "") -> None:
        super().__init__(title)
        self.title = title
        self.what_to_do = what_to_do


class NothingToExport(CoreError):
    """The draft has no segments yet."""

    def __init__(self) -> None:
        super().__init__(
            "Nothing to export yet.",
            "Make a photo first, e.g. “generate a realistic photo of a product on a "
            "white background”.",
        )


class ExportTimeout(CoreError):
    """The render did not finish within the poll budget."""


class ServerStartError(CoreError):
    """The embedded server did not start."""


@dataclass(frozen=True)
class HumanError:
    """An error worded for people."""

    title: str
    """What happened, one sentence."""
    what_to_do: str
    """What the user can do about it (may be empty)."""

    def __str__(self) -> str:
        return f"{self.title} {self.what_to_do}".strip()


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n else "200 MB"


RUN_AGAIN = "Run the command again."


def _api(exc: ApiError, in_app: bool) -> HumanError:  # noqa: PLR0911 - one branch per wire case
    if isinstance(exc, OutOfCredits):
        link = f" Register to get more: {exc.bind_url}" if exc.bind_url else " Top up your credits."
        return HumanError("You're out of credits.", ("Exports stay free." + link).strip())
    if isinstance(exc, PlanBlocked):
        return HumanError(
            "Export is blocked on the free plan (this is not about credits).",
            "Register to unlock export.",
        )
    if isinstance(exc, UnsupportedFile):
        formats = ", ".join(exc.accepted) or "JPG, PNG, WEBP, HEIC, GIF, MP4, MOV, MP3, WAV"
        return HumanError(
            f"That file type isn't supported. {strip_control(exc.message)}".strip(),
            f"Use one of: {formats}.",
        )
    if isinstance(exc, FileTooLarge):
        return HumanError(
            f"That file is larger than the {_mb(exc.limit_bytes)} limit.",
            "Compress or trim it, then upload again.",
        )
    if isinstance(exc, RateLimited):
        wait = max(1, round(exc.retry_after or 30))
        return HumanError("The server is busy.", f"Try again in {wait} s.")
    if isinstance(exc, AuthError):
        return HumanError(
            "Signing in failed.", "Check NEMO_TOKEN, or unset it to use a free anonymous token."
        )
    if isinstance(exc, WebPageAnswer):
        return HumanError(
            exc.message,
            "Sign in to the network in a browser (or check the proxy), then try again."
            + (" Your text is kept." if in_app else ""),
        )
    if isinstance(exc, SessionNotFound):
        return HumanError(
            "This session no longer exists on the server.",
            "A new session was started; the old context is lost." if in_app else RUN_AGAIN,
        )
    detail = strip_control(exc.message)
    return HumanError(f"The server refused the request: {detail}", "Try again, or rephrase.")


def describe_error(exc: BaseException, *, in_app: bool = True) -> HumanError:
    """Word any error for humans.

    Args:
        exc: Anything a core or client call raised.
        in_app: Advice for the app (default) or for a headless command such as
            ``generate``, which keeps no text and shows no timeline.

    Returns:
        ``HumanError(title, what_to_do)``.
    """
    if isinstance(exc, CoreError):
        return HumanError(exc.title, exc.what_to_do)
    if isinstance(exc, ApiError):
        return _api(exc, in_app)
    if isinstance(exc, StreamError):
        if exc.timed_out:
            return HumanError(
                "The reply took too long.",
                "Your message was not sent again; check the timeline, then retry."
                if in_app
                else RUN_AGAIN,
            )
        if exc.dropped:
            return HumanError(
                "The connection dropped during the reply.",
                "Your message was not sent again; checking what happened." if in_app else RUN_AGAIN,
            )
        return HumanError(
            f"The assistant hit an error: {strip_control(exc.message)}", "Try again, or rephrase."
        )
    if isinstance(exc, TransportError):
        return HumanError(
            "Can't reach the server.",
            "Your text is kept; retry in a moment."
            if in_app
            else "Check the connection (and NEMO_API_URL, if set), then run the command again.",
        )
    if isinstance(exc, LocalFileError):
        return HumanError(strip_control(exc.message), "Check the path and try again.")
    if isinstance(exc, NemoError):
        return HumanError(strip_control(exc.message), "Try again.")
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return HumanError(
            f"A file operation failed{where}: {exc.strerror or exc}",
            "Check the folder exists and is writable.",
        )
    return HumanError(
        f"Something went wrong: {type(exc).__name__}: {exc}",
        "Try again; if it keeps happening, please report it.",
    )
