"""Async client of the NemoVideo agent API (and of photogen's offline server).

No Textual here. Public names: :class:`NemoClient`, :class:`ClientSettings`, the
exception tree of :mod:`photogen.client.errors`, and the stream items of
:mod:`photogen.client.stream`.

Each name is imported on first use: the app imports light modules of this package
(``photogen.client.errors``, stdlib only) before its first paint, and must not load
httpx and pydantic (``photogen.client.api``) with them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the real names, for type checkers
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
        WebPageAnswer,
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
        ToolProgressItem,
        ToolResultItem,
    )

_ERRORS = "photogen.client.errors"
_STREAM = "photogen.client.stream"
_EXPORTS: dict[str, str] = {
    "ApiError": _ERRORS,
    "AuthError": _ERRORS,
    "ClientSettings": "photogen.client.settings",
    "ErrorItem": _STREAM,
    "FileTooLarge": _ERRORS,
    "HeartbeatItem": _STREAM,
    "LocalFileError": _ERRORS,
    "NemoClient": "photogen.client.api",
    "NemoError": _ERRORS,
    "OutOfCredits": _ERRORS,
    "PlanBlocked": _ERRORS,
    "QuestionItem": _STREAM,
    "RateLimited": _ERRORS,
    "SessionNotFound": _ERRORS,
    "StateDeltaItem": _STREAM,
    "StreamError": _ERRORS,
    "StreamItem": _STREAM,
    "TextItem": _STREAM,
    "ToolCallItem": _STREAM,
    "ToolProgressItem": _STREAM,
    "ToolResultItem": _STREAM,
    "TransportError": _ERRORS,
    "UnsupportedFile": _ERRORS,
    "WebPageAnswer": _ERRORS,
}
"""Public name -> the module that defines it (imported on first use)."""


def __getattr__(name: str) -> object:
    """Import a public name's module only when the name is used."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'photogen.client' has no attribute {name!r}")
    return getattr(import_module(module), name)


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
    "ToolProgressItem",
    "ToolResultItem",
    "TransportError",
    "UnsupportedFile",
    "WebPageAnswer",
]
