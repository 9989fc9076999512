"""Pydantic models of the NemoVideo protocol, shared by the client and the server.

Imports only pydantic (and the standard library).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the real names, for type checkers
    from photogen.wire.auth import (
        AnonymousToken,
        ClaimToken,
        CreateSessionRequest,
        CreditsBalance,
        SessionCreated,
    )
    from photogen.wire.codes import MAX_UPLOAD_BYTES, WireCode
    from photogen.wire.draft import Draft, Segment, Track, TrackType, parse_draft
    from photogen.wire.envelope import Envelope
    from photogen.wire.events import (
        Content,
        Event,
        EventActions,
        FunctionCall,
        FunctionResponse,
        Part,
    )
    from photogen.wire.formats import UPLOAD_FORMATS
    from photogen.wire.render import (
        RenderOutputSpec,
        RenderRequest,
        RenderStatus,
        read_render_status,
        render_body,
    )
    from photogen.wire.run import RunRequest, run_body
    from photogen.wire.state import CanvasConfig, GeneratedMedia, MediaInfo, SessionState, StateBody
    from photogen.wire.upload import UploadResult, UrlUpload

_EXPORTS: dict[str, str] = {
    "AnonymousToken": "photogen.wire.auth",
    "CanvasConfig": "photogen.wire.state",
    "ClaimToken": "photogen.wire.auth",
    "Content": "photogen.wire.events",
    "CreateSessionRequest": "photogen.wire.auth",
    "CreditsBalance": "photogen.wire.auth",
    "Draft": "photogen.wire.draft",
    "Envelope": "photogen.wire.envelope",
    "Event": "photogen.wire.events",
    "EventActions": "photogen.wire.events",
    "FunctionCall": "photogen.wire.events",
    "FunctionResponse": "photogen.wire.events",
    "GeneratedMedia": "photogen.wire.state",
    "MAX_UPLOAD_BYTES": "photogen.wire.codes",
    "MediaInfo": "photogen.wire.state",
    "Part": "photogen.wire.events",
    "RenderOutputSpec": "photogen.wire.render",
    "RenderRequest": "photogen.wire.render",
    "RenderStatus": "photogen.wire.render",
    "RunRequest": "photogen.wire.run",
    "Segment": "photogen.wire.draft",
    "SessionCreated": "photogen.wire.auth",
    "SessionState": "photogen.wire.state",
    "StateBody": "photogen.wire.state",
    "Track": "photogen.wire.draft",
    "TrackType": "photogen.wire.draft",
    "UPLOAD_FORMATS": "photogen.wire.formats",
    "UploadResult": "photogen.wire.upload",
    "UrlUpload": "photogen.wire.upload",
    "WireCode": "photogen.wire.codes",
    "parse_draft": "photogen.wire.draft",
    "read_render_status": "photogen.wire.render",
    "render_body": "photogen.wire.render",
    "run_body": "photogen.wire.run",
}
"""Public name -> the module that defines it (imported on first use)."""


def __getattr__(name: str) -> object:
    """Import a model's module only when the model is used.

    Lazy because pydantic costs ~80 ms to import, and ``photogen.wire.safety`` (stdlib
    only) is used by the app before its first paint.
    """
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'photogen.wire' has no attribute {name!r}")
    return getattr(import_module(module), name)


__all__ = [
    "AnonymousToken",
    "CanvasConfig",
    "ClaimToken",
    "Content",
    "CreateSessionRequest",
    "CreditsBalance",
    "Draft",
    "Envelope",
    "Event",
    "EventActions",
    "FunctionCall",
    "FunctionResponse",
    "GeneratedMedia",
    "MAX_UPLOAD_BYTES",
    "MediaInfo",
    "Part",
    "RenderOutputSpec",
    "RenderRequest",
    "RenderStatus",
    "RunRequest",
    "Segment",
    "SessionCreated",
    "SessionState",
    "StateBody",
    "Track",
    "TrackType",
    "UPLOAD_FORMATS",
    "UploadResult",
    "UrlUpload",
    "WireCode",
    "parse_draft",
    "read_render_status",
    "render_body",
    "run_body",
]
