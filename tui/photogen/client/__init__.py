"""Async client of the NemoVideo agent API (and of photogen's offline server).

No Textual here. Public names: :class:`NemoClient`, :class:`ClientSettings`, the
exception tree of :mod:`photogen.client.errors`, and the stream items of
:mod:`photogen.client.stream`.
"""

from __future__ import annotations

from photogen.client.api import NemoClient
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
)
from photogen.client.settings import ClientSettings
from photogen.client.stream import (
    ErrorItem,
    HeartbeatItem,
    QuestionItem,
    StateDeltaItem,
    StreamItem,
    TextItem,
    ToolCallItem,
    ToolResultItem,
)

__all__ = [
    "ApiError",
    "AuthError",
    "ClientSettings",
    "ErrorItem",
    "FileTooLarge",
    "HeartbeatItem",
    "LocalFileError",
    "NemoClient",
    "NemoError",
    "OutOfCredits",
    "PlanBlocked",
    "QuestionItem",
    "RateLimited",
    "SessionNotFound",
    "StateDeltaItem",
    "StreamError",
    "StreamItem",
    "TextItem",
    "ToolCallItem",
    "ToolResultItem",
    "TransportError",
    "UnsupportedFile",
]
