"""The ``/run_sse`` request (ADK ``RunAgentRequest``, api-contract §3.1).

Accepts snake_case and camelCase keys, even mixed, and ignores unknown top-level
keys, as ADK does. The client sends snake_case (the skill's body).
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field


class TextPart(BaseModel):
    """A part of the user's message."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    """The text."""


class NewMessage(BaseModel):
    """``new_message``: a google-genai ``Content``."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = None
    """Usually ``user``."""
    parts: list[TextPart] = Field(default_factory=list)
    """Message parts; the text is ``parts[0].text``."""

    @property
    def text(self) -> str:
        """All text parts joined."""
        return "\n".join(p.text for p in self.parts if p.text)


class RunRequest(BaseModel):
    """Body of ``POST /run_sse``."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    app_name: str = Field(
        default="nemo_agent", validation_alias=AliasChoices("app_name", "appName")
    )
    """Always ``nemo_agent``."""
    user_id: str = Field(default="me", validation_alias=AliasChoices("user_id", "userId"))
    """Always ``me``."""
    session_id: str = Field(validation_alias=AliasChoices("session_id", "sessionId"))
    """The session."""
    new_message: NewMessage = Field(validation_alias=AliasChoices("new_message", "newMessage"))
    """The user's message."""
    streaming: bool = False
    """Ask for partial text events."""
    state_delta: dict[str, Any] | None = Field(
        default=None, validation_alias=AliasChoices("state_delta", "stateDelta")
    )
    """Newer ADK only. The offline server reads one key of it, ``selected_media``."""

    def selected_media(self) -> str | None:
        """``state_delta.selected_media``: the URL of the photo the client has selected."""
        value = (self.state_delta or {}).get(SELECTED_MEDIA)
        return value[:2000] if isinstance(value, str) and value.strip() else None


SELECTED_MEDIA = "selected_media"
"""The ``state_delta`` key naming the selected photo ("this one"), sent only when one is."""


def run_body(
    session_id: str, text: str, *, streaming: bool = False, selected: str | None = None
) -> dict[str, Any]:
    """The JSON body of a :class:`RunRequest`: the skill's exact body for one message.

    Args:
        session_id: The session.
        text: The message.
        streaming: Ask for partial text events (sent only when asked for).
        selected: The URL of the photo selected in the app, sent as
            ``state_delta.selected_media`` (an ADK request field, §3.1) so "this one" has a
            meaning; left out when nothing is selected.
    """
    request = RunRequest(
        session_id=session_id,
        new_message=NewMessage(parts=[TextPart(text=text)]),
        streaming=streaming,
        state_delta={SELECTED_MEDIA: selected} if selected else None,
    )
    return request.model_dump(exclude_none=True, exclude=None if streaming else {"streaming"})
