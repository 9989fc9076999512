"""A rule-based agent (no LLM) for the embedded server, in English and Chinese.

It turns one user message into a plan (:class:`Say` texts and :class:`ToolStep`
tool calls) with :func:`plan_turn`, and words each tool's result with
:func:`describe_results`. Pure functions: no I/O, no web or UI imports.
"""

from __future__ import annotations

from photogen.server.agent.model import Action, AgentContext, Say, ToolStep
from photogen.server.agent.plan import plan_turn
from photogen.server.agent.results import describe_results

__all__ = ["Action", "AgentContext", "Say", "ToolStep", "describe_results", "plan_turn"]
