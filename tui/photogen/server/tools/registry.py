"""What a tool is: :class:`Tool` (declared once), :class:`ToolContext` (what it runs with).

A tool's ``run`` is blocking (engine work, disk, SQLite) and runs on a worker of
the job runner (:mod:`photogen.server.runner`). It returns the function-response
dict that goes back on the stream, raises :class:`ToolError` for a refusal the
user should read, and may report progress with :meth:`ToolContext.report`; the
turn sends each report as a partial function response (see
:mod:`photogen.server.sse`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.store import Store

Json = dict[str, Any]
ReportFn = Callable[[float, str], None]
"""``(fraction done 0-1, message)``; called from the worker thread."""
MAX_IMAGES_PER_CALL = 9
"""Most images one call makes (``count`` is clamped to it): a grid of 3 by 3."""


class ToolError(Exception):
    """A tool could not do what was asked; the message is for a person."""


def _no_report(fraction: float, message: str) -> None:
    """The report sink of a tool run nobody watches."""


@dataclass
class ToolContext:
    """Everything a tool needs to act for one user on one session.

    Attributes:
        store: The server's store.
        config: The server's settings.
        engines: Pixels and video.
        user_id: Who the call acts for.
        session_id: The session it changes.
        progress: Where :meth:`report` sends progress.
        cancel: Set when the call should stop (a long tool checks it between steps).
    """

    store: Store
    config: ServerConfig
    engines: Engines
    user_id: str
    session_id: str
    progress: ReportFn = _no_report
    cancel: threading.Event = field(default_factory=threading.Event)

    def report(self, fraction: float, message: str = "") -> None:
        """Say how far the call is (0-1), with an optional short note ("step 3 of 8")."""
        self.progress(max(0.0, min(1.0, fraction)), message)


def image_count(args: Json) -> int:
    """The ``count`` argument of an image call, 1 to :data:`MAX_IMAGES_PER_CALL`."""
    try:
        return max(1, min(MAX_IMAGES_PER_CALL, int(args.get("count") or 1)))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class Label:
    """The one-line status of a call, by reply language (``"en"``, ``"zh"``).

    Attributes:
        one: The status by language.
        many: The status for a call with ``count`` above 1, with ``{count}``; None: ``one``.
    """

    one: Mapping[str, str]
    many: Mapping[str, str] | None = None

    def text(self, args: Json, lang: str) -> str:
        """The status of a call with ``args``, in ``lang`` (English when unknown)."""
        count = image_count(args)
        texts = self.many if self.many is not None and count > 1 else self.one
        return texts.get(lang, texts["en"]).format(count=count)


def free(args: Json, config: ServerConfig) -> int:
    """The cost of a tool that costs nothing."""
    return 0


@dataclass(frozen=True)
class Tool:
    """One agent tool, declared once.

    Attributes:
        name: The ``functionCall`` name.
        run: ``(context, args) -> function response``; blocking.
        label: Its status line in the reply language.
        cost: ``(args, config) -> credits``: held before the turn, charged when it succeeds.
        long_running: Its call id goes into ``longRunningToolIds`` and heartbeats flow.
    """

    name: str
    run: Callable[[ToolContext, Json], Json]
    label: Label
    cost: Callable[[Json, ServerConfig], int] = free
    long_running: bool = False


class ToolRegistry(Mapping[str, Tool]):
    """The tools by name; unknown names cost nothing and do not run."""

    def __init__(self, *tools: Tool) -> None:
        self._tools = {tool.name: tool for tool in tools}
        if len(self._tools) != len(tools):
            raise ValueError("two tools with one name")

    def __getitem__(self, name: str) -> Tool:
        return self._tools[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tools)

    def __len__(self) -> int:
        return len(self._tools)

    def cost(self, name: str, args: Json, config: ServerConfig) -> int:
        """Credits a call costs; 0 for a tool that does not exist."""
        tool = self._tools.get(name)
        return tool.cost(args, config) if tool else 0

    def run(self, context: ToolContext, name: str, args: Json) -> Json:
        """Run one call; a :class:`ToolError` becomes ``{status: "error", message}``."""
        try:
            return self._tools[name].run(context, args)
        except ToolError as exc:
            return {"status": "error", "message": str(exc)}
