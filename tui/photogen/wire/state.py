"""Session state (``GET /api/state/nemo_agent/me/{sid}/latest``, api-contract §3.4)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from photogen.wire.draft import Draft, parse_draft
from photogen.wire.safety import clean_optional


class MediaInfo(BaseModel):
    """An uploaded or generated asset (``video_infos`` / upload ``files`` item)."""

    model_config = ConfigDict(extra="allow")

    filename: str | None = None
    """Original file name (sanitise before it touches a disk)."""
    file_type: str | None = None
    """``video``, ``image`` or ``audio``."""
    cdn_url: str | None = None
    """Where the asset can be downloaded."""
    duration: float | None = None
    """Seconds, for video and audio."""
    width: int | None = None
    """Pixels."""
    height: int | None = None
    """Pixels."""
    fps: float | None = None
    """Frames per second, for video."""
    hash: str | None = None
    """Content hash."""

    _clean = field_validator("filename", "file_type", "cdn_url", "hash", mode="before")(
        clean_optional
    )
    """Text from the network: terminal control sequences removed."""


class GeneratedMedia(BaseModel):
    """An AI-generated asset (``generated_media`` item) [OURS fields]."""

    model_config = ConfigDict(extra="allow")

    type: str = "image"
    """``image``, ``video`` or ``audio``."""
    url: str | None = None
    """Download URL."""
    duration: float | None = None
    """Seconds, for video."""
    prompt: str | None = None
    """The prompt it was made from."""
    seed: int | None = None
    """Seed of the engine."""
    engine: str | None = None
    """Name of the engine that made it."""
    width: int | None = None
    """Pixels."""
    height: int | None = None
    """Pixels."""

    _clean = field_validator("type", "url", "prompt", "engine", mode="before")(clean_optional)
    """Text from the network: terminal control sequences removed."""


class CanvasConfig(BaseModel):
    """``canvas_config``: the output size and aspect ratio [OURS fields]."""

    model_config = ConfigDict(extra="allow")

    width: int = 1080
    """Pixels."""
    height: int = 1080
    """Pixels."""
    ratio: str = "1:1"
    """Aspect ratio label."""


class StateBody(BaseModel):
    """The ``state`` object of a session."""

    model_config = ConfigDict(extra="allow")

    video_infos: list[MediaInfo] = Field(default_factory=list)
    """Uploaded or generated assets."""
    draft: dict[str, Any] = Field(default_factory=dict)
    """The draft as opaque JSON; read it with :meth:`parsed_draft`."""
    canvas_config: CanvasConfig | None = None
    """Output size."""
    video_analyses: dict[str, Any] = Field(default_factory=dict)
    """AI analysis (undocumented)."""
    generated_media: list[GeneratedMedia] = Field(default_factory=list)
    """AI-generated assets, newest last."""

    def parsed_draft(self) -> Draft:
        """The draft read through :class:`~photogen.wire.draft.Draft`."""
        return parse_draft(self.draft)


class SessionState(BaseModel):
    """``data`` of the state call."""

    model_config = ConfigDict(extra="allow")

    session_id: str | None = None
    """Session id."""
    task_id: str | None = None
    """Task id."""
    task_name: str | None = None
    """Task name."""
    state: StateBody = Field(default_factory=StateBody)
    """The session's state."""
