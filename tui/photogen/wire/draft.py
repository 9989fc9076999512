"""The draft (timeline) with its short keys ``t/tt/sg/d/m`` (api-contract §3.4).

The client treats the draft as opaque JSON and sends it back unchanged; these
models only *read* it. Unknown keys are kept (``extra="allow"``).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class TrackType(IntEnum):
    """Values of a track's ``tt``."""

    VIDEO = 0
    AUDIO = 1
    TEXT = 7


def _whole_number(value: Any, default: int = 0) -> int:
    """A lenient int: floats rounded, numeric strings read, anything else ``default``."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float):
        return int(round(value)) if value == value and abs(value) != float("inf") else default
    if isinstance(value, str):
        try:
            return int(round(float(value)))
        except ValueError:
            return default
    return default


def _dicts(value: Any) -> list[Any]:
    """Only the object items of a list (one odd item must not hide the rest)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class Segment(BaseModel):
    """One segment ``{"d": ms, "m": {...}}`` of a track."""

    model_config = ConfigDict(extra="allow")

    d: int = 0
    """Duration in milliseconds."""
    m: dict[str, Any] = Field(default_factory=dict)
    """Metadata: ``name``, ``url``, ``start`` (ms), ``volume`` (0–1), ``text`` ... [OURS]."""

    _d = field_validator("d", mode="before")(_whole_number)
    _m = field_validator("m", mode="before")(_mapping)

    @property
    def start_ms(self) -> int:
        """Start on the timeline, in ms (0 when absent)."""
        start = self.m.get("start", 0)
        return int(start) if isinstance(start, int | float) else 0


class Track(BaseModel):
    """One track ``{"tt": type, "sg": [segments]}``."""

    model_config = ConfigDict(extra="allow")

    tt: int = TrackType.VIDEO
    """Track type, see :class:`TrackType`."""
    sg: list[Segment] = Field(default_factory=list)
    """Segments in timeline order."""

    _tt = field_validator("tt", mode="before")(lambda v: _whole_number(v, default=-1))
    _sg = field_validator("sg", mode="before")(_dicts)


class Draft(BaseModel):
    """The timeline ``{"d", "m", "t": [tracks]}``."""

    model_config = ConfigDict(extra="allow")

    d: int = 0
    """Total duration in ms."""
    m: dict[str, Any] = Field(default_factory=dict)
    """Draft metadata: ``title``, ``width``, ``height`` [SKILL-old]."""
    t: list[Track] = Field(default_factory=list)
    """Tracks."""

    _d = field_validator("d", mode="before")(_whole_number)
    _m = field_validator("m", mode="before")(_mapping)
    _t = field_validator("t", mode="before")(_dicts)

    @property
    def is_exportable(self) -> bool:
        """At least one track has a segment (the contract's export-readiness rule)."""
        return any(track.sg for track in self.t)

    def tracks_of(self, kind: TrackType) -> list[Track]:
        """The tracks of one type, in order."""
        return [track for track in self.t if track.tt == kind]


def parse_draft(raw: Any) -> Draft:
    """Read a draft leniently: anything that is not a dict becomes an empty draft."""
    if not isinstance(raw, dict):
        return Draft()
    try:
        return Draft.model_validate(raw)
    except ValueError:
        return Draft()
