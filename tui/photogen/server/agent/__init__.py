"""A rule-based agent (no LLM) for the embedded server, in English and Chinese.

It turns one user message into a plan (:class:`Say` texts and :class:`ToolStep`
tool calls) with :func:`plan_turn`, and words each tool's result with
:func:`describe_results`. Pure functions: no I/O, no web or UI imports.
:class:`RuleBasedAgent` is the two as an :class:`Agent`, the server's default.
"""

from __future__ import annotations

from typing import Any

from photogen.server.agent.model import Action, Agent, AgentContext, Say, ToolStep
from photogen.server.agent.plan import plan_turn
from photogen.server.agent.results import describe_results


class RuleBasedAgent:
    """:func:`plan_turn` and :func:`describe_results` as an :class:`Agent`."""

    def plan_turn(self, text: str, ctx: AgentContext) -> list[Action]:
        """See :func:`~photogen.server.agent.plan.plan_turn`."""
        return plan_turn(text, ctx)

    def describe_results(
        self, step: ToolStep, result: dict[str, Any], ctx: AgentContext
    ) -> str | None:
        """See :func:`~photogen.server.agent.results.describe_results`."""
        return describe_results(step, result, ctx)


__all__ = [
    "Action",
    "Agent",
    "AgentContext",
    "RuleBasedAgent",
    "Say",
    "ToolStep",
    "describe_results",
    "plan_turn",
]
