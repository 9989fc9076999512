"""The agent's plan vocabulary, and :class:`Agent`: what the server needs from an agent.

A plan is a list of :class:`Say` and :class:`ToolStep`, in order. The server says
the text, runs the tools (streaming ADK events), and asks the agent's
``describe_results`` what to say after each. Any object with :class:`Agent`'s two
methods can be the server's agent (``create_app(agent=...)``): the rule-based
one in this package, or a stand-in in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from photogen.wire import Draft, MediaInfo


@dataclass(frozen=True)
class Say:
    """Text for the user, as one model text event."""

    text: str


@dataclass(frozen=True)
class ToolStep:
    """One tool call for the server to run.

    Attributes:
        name: A tool of :data:`photogen.server.tools.TOOLS` (an unknown one is refused
            in-band, as ADK does).
        args: The tool's arguments, as they go into the ``functionCall``.
        long_running: The tool's flag (``TOOLS[name].long_running``).
        label: Its status in the reply language ("Generating photo…"); the reply
            language of ``describe_results`` follows it.
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
        generated: The session's generated images, oldest first, as stored
            (``url``, ``prompt``, ``seed``; an edit also has ``source``, the URL it was made from).
        selected_url: The photo selected in the client (the request's
            ``state_delta.selected_media``): what "this one" means.
        grid: URLs of the current grid's candidates, in order (what "u2" and "v2" address).
        grid_prompt: The prompt the current grid was drawn from.
        candidates: How many candidates a new photo prompt makes when it names no number.
    """

    language: str = "en"
    has_generated: bool = False
    last_prompt: str | None = None
    last_seed: int | None = None
    uploads: tuple[MediaInfo, ...] = ()
    draft: Draft = field(default_factory=Draft)
    canvas_ratio: str | None = None
    generated: tuple[dict[str, Any], ...] = ()
    selected_url: str | None = None
    grid: tuple[str, ...] = ()
    grid_prompt: str | None = None
    candidates: int = 1


Action = Say | ToolStep
"""One item of a plan."""


class Agent(Protocol):
    """What the server needs from an agent: a plan per message, words per tool result."""

    def plan_turn(self, text: str, ctx: AgentContext) -> list[Action]:
        """The plan for one user message; never empty."""
        ...

    def describe_results(
        self, step: ToolStep, result: dict[str, Any], ctx: AgentContext
    ) -> str | None:
        """What to say after ``step`` returned ``result``; None to say nothing."""
        ...
