"""ADK events as sent on ``/run_sse`` (api-contract §4.2), and the simplified shape (§4.5).

ADK serialises with ``by_alias=True, exclude_none=True``: keys are camelCase and
null fields are left out. These models accept camelCase and snake_case. Use
:func:`dump_event` to serialise exactly as ADK does.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

_CONFIG = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")


class FunctionCall(BaseModel):
    """A tool call ``{"id", "name", "args"}``."""

    model_config = _CONFIG

    id: str | None = None
    """Call id, ``adk-<uuid>``."""
    name: str = ""
    """Tool name, e.g. ``generate_image``."""
    args: dict[str, Any] = Field(default_factory=dict)
    """Tool arguments."""


class FunctionResponse(BaseModel):
    """A tool result ``{"id", "name", "response"}``."""

    model_config = _CONFIG

    id: str | None = None
    """The call id it answers."""
    name: str = ""
    """Tool name."""
    response: dict[str, Any] = Field(default_factory=dict)
    """Result; a non-dict result is wrapped as ``{"result": ...}``."""


class Part(BaseModel):
    """One part of an event's content."""

    model_config = _CONFIG

    text: str | None = None
    """Text, shown to the user unless ``thought``."""
    thought: bool | None = None
    """Reasoning text, hidden by the client."""
    function_call: FunctionCall | None = None
    """A tool call."""
    function_response: FunctionResponse | None = None
    """A tool result."""


class Content(BaseModel):
    """``{"role", "parts"}``."""

    model_config = _CONFIG

    role: str | None = None
    """``model`` for model output; ``user`` for function responses."""
    parts: list[Part] = Field(default_factory=list)
    """The parts."""


class EventActions(BaseModel):
    """``actions``: always present on ADK events."""

    model_config = _CONFIG

    state_delta: dict[str, Any] = Field(default_factory=dict)
    """State keys changed by this event."""
    artifact_delta: dict[str, Any] = Field(default_factory=dict)
    """Artifacts changed by this event."""
    requested_auth_configs: dict[str, Any] = Field(default_factory=dict)
    """Auth requests (unused here)."""


def new_event_id() -> str:
    """An 8-character alphanumeric id, as ADK 1.4 makes them."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def new_invocation_id() -> str:
    """``e-<uuid4>``, one per request."""
    return f"e-{uuid.uuid4()}"


class Event(BaseModel):
    """An ADK event on ``/run_sse``."""

    model_config = _CONFIG

    content: Content | None = None
    """The event's content."""
    partial: bool | None = None
    """True only for streaming text chunks."""
    error_code: str | None = None
    """An in-band model or flow error, e.g. ``MALFORMED_FUNCTION_CALL``."""
    error_message: str | None = None
    """Text of the in-band error."""
    invocation_id: str = ""
    """Same for every event of one request."""
    author: str = "nemo_agent"
    """The agent's name."""
    actions: EventActions = Field(default_factory=EventActions)
    """State and artifact changes."""
    long_running_tool_ids: list[str] | None = None
    """Ids of long-running function calls."""
    id: str = Field(default_factory=new_event_id)
    """Event id."""
    timestamp: float = Field(default_factory=time.time)
    """Epoch seconds."""

    @property
    def text(self) -> str:
        """The visible (non-thought) text of this event."""
        if self.content is None:
            return ""
        return "".join(p.text for p in self.content.parts if p.text and not p.thought)


def dump_event(event: Event) -> str:
    """Compact JSON exactly as ADK sends it: camelCase, nulls left out."""
    return event.model_dump_json(by_alias=True, exclude_none=True)


def simple_event(kind: str, **fields: Any) -> str:
    """The simplified ``{"type": ...}`` shape of §4.5, as compact JSON."""
    return json.dumps({"type": kind, **fields}, ensure_ascii=False, separators=(",", ":"))


HEARTBEAT_JSON = '{"type":"heartbeat"}'
"""The offline server's heartbeat payload."""
