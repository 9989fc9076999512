"""The agent's plan vocabulary: what it says, which tools it runs, what it knows.

A plan is a list of :class:`Say` and :class:`ToolStep`, in order. The server says
the text, runs the tools (streaming ADK events), and asks
:func:`~photogen.server.agent.results.describe_results` what to say after each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from photogen.wire import Draft, MediaInfo


@dataclass(frozen=True)
class Say:
    """Text for the user, as one model text event."""

    text: str


@dataclass(frozen=True)
class ToolStep:
    """One tool call for the server to run.

    Attributes:
        name: ``generate_image``, ``edit_image`` or ``edit_multitrack``.
        args: The tool's arguments, as they go into the ``functionCall``.
        long_running: The call id goes into ``longRunningToolIds`` and heartbeats flow.
        label: One-line status for the user, in the reply language ("Generating photo…").
    """

    name: str
    args: dict[str, Any]
    long_running: bool = False
    label: str = ""


@dataclass(frozen=True)
class AgentContext:
    """What the agent knows of the session when a message arrives.

    Attributes:
        language: The session's language code (``"en"``, ``"zh-CN"``...); messages with
            Chinese characters are answered in Chinese whatever it says.
        has_generated: A photo was generated in this session.
        last_prompt: Prompt of the latest generated photo.
        last_seed: Seed of the latest generated photo.
        uploads: The session's uploaded assets, oldest first.
        draft: The timeline as it is now.
        canvas_ratio: The canvas's aspect (``"9:16"``...), if set.
    """

    language: str = "en"
    has_generated: bool = False
    last_prompt: str | None = None
    last_seed: int | None = None
    uploads: tuple[MediaInfo, ...] = ()
    draft: Draft = field(default_factory=Draft)
    canvas_ratio: str | None = None


Action = Say | ToolStep
"""One item of a plan."""
