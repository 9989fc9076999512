"""Render (export) payloads, api-contract §3.5–§3.6.

The poll response comes in three shapes (A: top-level ``status`` + ``output.url``;
B: ``{"success", "data": {"status", "outputUrl"}}``; C: ``render_id`` + ``output``,
maybe in an envelope). :func:`read_render_status` accepts all of them.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from photogen.wire.safety import server_text, strip_control


class RenderOutputSpec(BaseModel):
    """``output`` of a render request."""

    model_config = ConfigDict(extra="allow")

    format: str = "mp4"
    """mp4 (documented) or, on the offline server only, png/jpg/webp."""
    quality: str = "high"
    """Quality label."""
    resolution: str | None = None
    """e.g. ``1080p``."""


class RenderRequest(BaseModel):
    """Body of ``POST /api/render/proxy/lambda``. Note the camelCase ``sessionId``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str
    """Client-chosen unique id, ``render_<ms>`` or ``render_<uuid>``."""
    session_id: str = Field(alias="sessionId")
    """The session whose draft is rendered."""
    draft: dict[str, Any]
    """The draft from the state call, unchanged."""
    output: RenderOutputSpec = Field(default_factory=RenderOutputSpec)
    """Format and quality."""


def render_body(
    render_id: str,
    session_id: str,
    draft: dict[str, Any],
    fmt: str = "mp4",
    quality: str = "high",
    resolution: str | None = None,
) -> dict[str, Any]:
    """The JSON body of a :class:`RenderRequest`: ``sessionId`` camelCase, the draft unchanged."""
    request = RenderRequest(
        id=render_id,
        sessionId=session_id,
        draft=draft,
        output=RenderOutputSpec(format=fmt, quality=quality, resolution=resolution),
    )
    return request.model_dump(by_alias=True, exclude_none=True)  # not inside the draft


class RenderStatus(BaseModel):
    """A render poll, normalised from any of the three shapes."""

    id: str | None = None
    """Render id."""
    status: str = "pending"
    """pending, processing, completed, failed (or cancelled)."""
    progress: int | None = None
    """0–100 when the server reports it."""
    url: str | None = None
    """Download URL once completed."""
    error: str | None = None
    """Failure text."""
    duration: float | None = None
    """Seconds of the output."""
    size: int | None = None
    """Bytes of the output."""

    @property
    def done(self) -> bool:
        """The job will not change any more."""
        return self.status in ("completed", "failed", "cancelled")


def _payload(body: Any) -> dict[str, Any]:
    if isinstance(body, dict) and isinstance(body.get("data"), dict):
        return body["data"]
    return body if isinstance(body, dict) else {}


def _first_str(*values: Any) -> str | None:
    return next((v for v in values if isinstance(v, str) and v), None)


def _number(value: Any) -> float | None:
    """A finite number, else None (JSON may carry Infinity or NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def read_render_status(body: Any) -> RenderStatus:
    """Normalise a render submit or poll response of shape A, B or C."""
    p = _payload(body)
    raw_output = p.get("output")
    output: dict[str, Any] = raw_output if isinstance(raw_output, dict) else {}
    progress = _number(p.get("progress"))
    error = p.get("error")
    return RenderStatus(
        id=_first_str(p.get("id"), p.get("render_id"), p.get("taskId")),
        status=strip_control(str(p.get("status") or "pending")).lower(),
        progress=int(progress) if progress is not None else None,
        url=_first_str(output.get("url"), p.get("outputUrl"), p.get("output_url")),
        error=server_text(str(error)) if error else None,
        duration=_number(output.get("duration")),
        size=int(s) if (s := _number(output.get("size"))) is not None else None,
    )
