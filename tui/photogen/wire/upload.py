"""Upload payloads (``POST /api/upload-video/nemo_agent/me/{sid}``, api-contract §3.2)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from photogen.wire.state import MediaInfo


class UrlUpload(BaseModel):
    """JSON body for uploading remote URLs."""

    urls: list[str]
    """Remote files to fetch."""
    source_type: str = "url"
    """Always ``url``."""


class UploadResult(BaseModel):
    """``data`` of an upload."""

    model_config = ConfigDict(extra="allow")

    files: list[MediaInfo] = Field(default_factory=list)
    """One item per uploaded file."""
    session_state_applied: bool = False
    """The assets were added to the session's ``video_infos``."""
