"""What goes on the ``/run_sse`` wire: emissions and their two shapes (api-contract §4).

A turn produces :class:`Emission` objects; :func:`frame` turns one into a
``data: <json>\\n\\n`` frame in the ADK shape (camelCase events via
:func:`~photogen.wire.events.dump_event`) or the simplified ``{"type": ...}`` shape.

[OURS] Tool progress goes out, in the ADK shape only, as a *partial* event
with a ``functionResponse`` part for the running call (same ``id`` and
``name``) whose response is ``{"status": "running", "progress": 0-100}``, plus
``"message"`` when the tool gave one ("2/4"). Clients act on function responses
only from non-partial events (api-contract §4.3), so a client that does not
read progress ignores it; the final, non-partial response follows as always.
The simplified shape has no partial events and leaves progress out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from photogen.wire.events import (
    HEARTBEAT_JSON,
    Content,
    Event,
    EventActions,
    FunctionCall,
    FunctionResponse,
    Part,
    dump_event,
    simple_event,
)

Kind = Literal[
    "text", "partial", "call", "progress", "result", "heartbeat", "error_code", "error", "raw"
]


@dataclass(frozen=True)
class Emission:
    """One thing a turn says on the stream.

    Attributes:
        kind: text, partial (a streaming chunk), call, progress (of a running call),
            result, heartbeat, error_code (in-band ADK error), error (final line),
            raw (a literal line).
        text: Text, error message or raw line.
        name: Tool name (call/progress/result) or ADK error code (error_code).
        call_id: Function call id (call/progress/result).
        payload: Tool args (call), progress (progress) or response (result).
        long_running: The call is a long-running tool.
        state_delta: ``actions.stateDelta`` of a result.
    """

    kind: Kind
    text: str = ""
    name: str = ""
    call_id: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    long_running: bool = False
    state_delta: dict[str, Any] = field(default_factory=dict)


def _adk(em: Emission, invocation_id: str) -> str:
    if em.kind == "error":
        return json.dumps({"error": em.text}, ensure_ascii=False)
    event = Event(invocation_id=invocation_id)
    if em.kind in ("text", "partial"):
        event.content = Content(role="model", parts=[Part(text=em.text)])
        event.partial = True if em.kind == "partial" else None
    elif em.kind == "call":
        call = FunctionCall(id=em.call_id, name=em.name, args=em.payload)
        event.content = Content(role="model", parts=[Part(function_call=call)])
        event.long_running_tool_ids = [em.call_id] if em.long_running else None
    elif em.kind in ("result", "progress"):
        resp = FunctionResponse(id=em.call_id, name=em.name, response=em.payload)
        event.content = Content(role="user", parts=[Part(function_response=resp)])
        if em.kind == "progress":
            event.partial = True
        else:
            event.actions = EventActions(state_delta=em.state_delta)
    elif em.kind == "error_code":
        event.error_code, event.error_message = em.name, em.text
    return dump_event(event)


def _simple(em: Emission) -> str | None:
    if em.kind == "text":
        return simple_event("text", content=em.text)
    if em.kind == "call":
        return simple_event("tool_call", name=em.name, args=em.payload)
    if em.kind == "result":
        return simple_event("tool_result", name=em.name, result=em.payload)
    if em.kind in ("error", "error_code"):
        text = f"{em.name}: {em.text}" if em.kind == "error_code" else em.text
        return simple_event("error", error=text)
    return None  # the simplified shape has no partial chunks and no progress


def frame(em: Emission, shape: str, invocation_id: str) -> str | None:
    """The SSE frame for ``em``, or None when this shape leaves it out."""
    if em.kind == "heartbeat":
        payload: str | None = HEARTBEAT_JSON
    elif em.kind == "raw":
        payload = em.text
    else:
        payload = _adk(em, invocation_id) if shape == "adk" else _simple(em)
    return None if payload is None else f"data: {payload}\n\n"


def text_chunks(text: str, words_per_chunk: int = 4) -> list[str]:
    """Split ``text`` into streaming chunks that join back to exactly ``text``."""
    words = text.split(" ")
    groups = [words[i : i + words_per_chunk] for i in range(0, len(words), words_per_chunk)]
    chunks = [" ".join(g) for g in groups]
    return [c + " " for c in chunks[:-1]] + chunks[-1:]
