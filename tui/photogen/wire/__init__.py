"""Pydantic models of the NemoVideo protocol, shared by the client and the server.

Imports only pydantic (and the standard library).
"""

from __future__ import annotations

from photogen.wire.auth import (
    AnonymousToken,
    ClaimToken,
    CreateSessionRequest,
    CreditsBalance,
    SessionCreated,
)
from photogen.wire.codes import MAX_UPLOAD_BYTES, UPLOAD_FORMATS, WireCode
from photogen.wire.draft import Draft, Segment, Track, TrackType, parse_draft
from photogen.wire.envelope import Envelope
from photogen.wire.events import Content, Event, EventActions, FunctionCall, FunctionResponse, Part
from photogen.wire.render import RenderOutputSpec, RenderRequest, RenderStatus, read_render_status
from photogen.wire.run import RunRequest, run_body
from photogen.wire.state import CanvasConfig, GeneratedMedia, MediaInfo, SessionState, StateBody
from photogen.wire.upload import UploadResult, UrlUpload

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
    "run_body",
]
