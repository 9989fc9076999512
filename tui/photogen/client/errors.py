"""The client's one exception tree. httpx exceptions never leave the client.

::

    NemoError                    anything the client raises; ``message`` is safe to show
    ├── TransportError           connect / timeout / read failure (wraps httpx.TransportError)
    ├── LocalFileError           a local file is missing or unreadable
    ├── StreamError              a /run_sse turn did not finish normally
    │                              dropped=True: the connection dropped mid-turn
    │                              timed_out=True: heartbeats only (or silence) too long,
    │                                              or the hard limit was reached
    │                              both False: the stream ended with a final {"error": ...}
    └── ApiError                 the API refused (status, code, endpoint)
        ├── AuthError            1001/1010/1011/401, still failing after one re-auth
        ├── SessionNotFound      1002: create a new session
        ├── OutOfCredits         2001: bind_url for anonymous users
        ├── UnsupportedFile      4001 (also raised locally before an upload)
        ├── FileTooLarge         4002 (also raised locally before an upload)
        ├── PlanBlocked          402 from the render call: export needs a plan, not credits
        ├── WebPageAnswer        a 2xx answer that is a web page (or other non-API text):
        │                          a captive portal or a proxy login page
        └── RateLimited          429, still after the one retry

No message ever contains a token: every message passes :func:`redact` here, after the
server's text had its control sequences stripped.
"""

from __future__ import annotations

from photogen.wire.safety import redact


class NemoError(Exception):
    """Base of every error the client raises."""

    def __init__(self, message: str) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        """Human-readable text, safe to show (no token, no control sequences)."""

    def __str__(self) -> str:
        return self.message


class TransportError(NemoError):
    """The request could not be completed: connect, timeout or read failure."""


class LocalFileError(NemoError):
    """A local file is missing or cannot be read."""


class StreamError(NemoError):
    """A ``/run_sse`` turn ended abnormally. Never re-send the message after this."""

    def __init__(self, message: str, *, dropped: bool = False, timed_out: bool = False) -> None:
        super().__init__(message)
        self.dropped = dropped
        """The connection dropped mid-turn (recover by polling state, contract §5)."""
        self.timed_out = timed_out
        """Heartbeats only for too long, or the hard limit was reached."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, dropped={self.dropped}, "
            f"timed_out={self.timed_out})"
        )


class ApiError(NemoError):
    """The API answered with an error (HTTP status and/or envelope code)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        endpoint: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        """HTTP status, or None when raised locally."""
        self.code = code
        """Envelope ``code`` (or None when the body had none)."""
        self.endpoint = endpoint
        """Path of the call that failed, e.g. ``/api/credits/balance/simple``."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status={self.status}, "
            f"code={self.code}, endpoint={self.endpoint!r})"
        )


class AuthError(ApiError):
    """The token is bad or expired, and one re-authentication did not help."""


class SessionNotFound(ApiError):
    """The session does not exist (1002); the caller creates a new one."""


class OutOfCredits(ApiError):
    """No credits left (2001)."""

    def __init__(
        self,
        message: str,
        *,
        bind_url: str | None = None,
        status: int | None = None,
        code: int | None = None,
        endpoint: str = "",
    ) -> None:
        super().__init__(message, status=status, code=code, endpoint=endpoint)
        self.bind_url = bind_url
        """Registration link ``…?bind=<id>`` for anonymous users, when known."""


class UnsupportedFile(ApiError):
    """The file type is not accepted (4001)."""

    def __init__(
        self,
        message: str,
        *,
        accepted: tuple[str, ...] = (),
        status: int | None = None,
        code: int | None = None,
        endpoint: str = "",
    ) -> None:
        super().__init__(message, status=status, code=code, endpoint=endpoint)
        self.accepted = accepted
        """Accepted formats, lower-case extensions (``mp4``, ``jpg`` …)."""


class FileTooLarge(ApiError):
    """The file is over the size limit (4002)."""

    def __init__(
        self,
        message: str,
        *,
        limit_bytes: int = 0,
        status: int | None = None,
        code: int | None = None,
        endpoint: str = "",
    ) -> None:
        super().__init__(message, status=status, code=code, endpoint=endpoint)
        self.limit_bytes = limit_bytes
        """The limit in bytes."""


class PlanBlocked(ApiError):
    """HTTP 402 from the render call: export is blocked by the plan, not by credits."""


WEB_PAGE_MESSAGE = "The server answered with a web page, not the API: a proxy or captive portal?"


class WebPageAnswer(ApiError):
    """A 2xx answer that is HTML or other non-API text (a captive portal, a proxy page)."""

    def __init__(self, *, status: int | None = None, endpoint: str = "") -> None:
        super().__init__(WEB_PAGE_MESSAGE, status=status, endpoint=endpoint)


class RateLimited(ApiError):
    """HTTP 429, still after waiting and retrying once."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float = 0.0,
        status: int | None = None,
        code: int | None = None,
        endpoint: str = "",
    ) -> None:
        super().__init__(message, status=status, code=code, endpoint=endpoint)
        self.retry_after = retry_after
        """Seconds the server asked to wait (Retry-After), or the default wait."""


__all__ = [
    "ApiError",
    "AuthError",
    "FileTooLarge",
    "LocalFileError",
    "NemoError",
    "OutOfCredits",
    "PlanBlocked",
    "RateLimited",
    "SessionNotFound",
    "StreamError",
    "TransportError",
    "UnsupportedFile",
    "WebPageAnswer",
]
