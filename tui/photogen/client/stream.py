"""Typed items of a ``/run_sse`` turn, and :func:`classify` (contract §4).

One SSE data payload becomes zero or more items:

- keep-alives (empty payload, ``heartbeat``, ``{"type":"heartbeat"}``) -> :class:`HeartbeatItem`;
- ``{"error": ...}`` (even when the line is not valid JSON, with or without
  ``error_details``) and an ``author: "system"`` event whose text starts with ``Error:``
  -> a final :class:`ErrorItem` (contract §5c);
- an ADK event -> text (thought parts hidden; all visible text parts of one event joined
  into one item), tool calls (non-partial events only; ``ask_question`` becomes a
  :class:`QuestionItem`), tool results, the state delta (``stateDelta`` or
  ``state_delta``), an in-band :class:`ErrorItem` for ``errorCode``, and the progress of a
  running call (a partial function response ``{"status": "running", "progress"}``, which
  the offline server sends) as a :class:`ToolProgressItem`;
- the simplified ``{"type": ...}`` shape of §4.5 -> the same items (its ``error`` is
  in-band, ``final=False``: that shape cannot tell a final error from an ADK ``errorCode``);
- anything else -> nothing (logged at debug level).

Every string taken from the network passes :func:`strip_control` and has the client's own
token redacted; texts meant to be read (messages, errors) also lose anything token-shaped
(:func:`~photogen.wire.safety.server_text`).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from photogen.client.labels import is_long_running, tool_label
from photogen.wire.safety import redact_known, server_text, strip_control

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TextItem:
    """Agent text. ``partial=True`` is provisional: a later non-partial text REPLACES it."""

    text: str
    partial: bool = False
    author: str = ""


@dataclass(frozen=True, slots=True)
class ToolCallItem:
    """A tool call, to show as the one-line ``label`` (never the raw args)."""

    id: str | None
    name: str
    args: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    long_running: bool = False


@dataclass(frozen=True, slots=True)
class ToolResultItem:
    """A tool result."""

    id: str | None
    name: str
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ToolProgressItem:
    """How far a running tool call is: a partial function response (the offline server's).

    ``percent`` is 0-100; ``message`` a short note such as ``"1/2"`` (may be empty).
    """

    id: str | None
    name: str
    percent: float
    message: str = ""


@dataclass(frozen=True, slots=True)
class HeartbeatItem:
    """A keep-alive: the backend is still working."""


@dataclass(frozen=True, slots=True)
class StateDeltaItem:
    """State keys changed by an event (``actions.stateDelta``)."""

    delta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """An error: in-band ``errorCode`` (``final=False``) or the last ``{"error"}`` line."""

    message: str
    code: str | None = None
    final: bool = False


@dataclass(frozen=True, slots=True)
class QuestionItem:
    """The agent waits for an answer (``ask_question``); send it as the next message."""

    question: str


StreamItem = (
    TextItem
    | ToolCallItem
    | ToolResultItem
    | ToolProgressItem
    | HeartbeatItem
    | StateDeltaItem
    | ErrorItem
    | QuestionItem
)

HEARTBEAT = HeartbeatItem()
_KEEPALIVE_WORDS = frozenset({"", "heartbeat", "ping", "keepalive", "keep-alive"})
_BAD_ERROR_LINE = re.compile(
    r'^\{\s*"error"\s*:\s*"?(?P<msg>.*?)"?\s*(?:,\s*"error_details"\s*:.*)?\}$', re.DOTALL
)
SYSTEM_ERROR_PREFIX = "Error:"
"""An ``author: "system"`` event whose text starts so is ADK's exception line (§5c)."""
_DECODER = json.JSONDecoder(strict=False)  # raw control characters are stripped later
_DIRTY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any) -> Any:
    """Strip control sequences and known secrets from every string in a JSON value."""
    if isinstance(value, str):
        return redact_known(strip_control(value) if _DIRTY.search(value) else value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def _text(value: Any) -> str:
    """A text from the network made safe to read; non-strings become JSON-ish text."""
    if value is None:
        return ""
    return server_text(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def classify(payload: str) -> list[StreamItem]:
    """Typed items of one SSE data payload (see the module docstring)."""
    if len(payload) < 16 and payload.strip().lower() in _KEEPALIVE_WORDS:
        return [HEARTBEAT]
    try:
        obj = _DECODER.decode(payload)
    except ValueError:
        return _invalid_json(payload)
    if isinstance(obj, str) and obj.strip().lower() in _KEEPALIVE_WORDS:
        return [HEARTBEAT]
    if not isinstance(obj, dict):
        log.debug("ignored SSE payload of type %s", type(obj).__name__)
        return []
    if "error" in obj and not _is_event(obj) and "type" not in obj:
        return [_final_error(obj["error"])]
    if _is_simple(obj):
        return _simple(obj)
    return _adk(obj)


def _invalid_json(payload: str) -> list[StreamItem]:
    match = _BAD_ERROR_LINE.match(payload.strip())
    if match:  # ADK 1.4.2 builds this line with an f-string: quotes break the JSON
        return [ErrorItem(message=_text(match["msg"]) or "stream error", final=True)]
    log.debug("ignored SSE payload that is not JSON (%d chars)", len(payload))
    return []


def _final_error(error: Any) -> ErrorItem:
    if isinstance(error, dict):
        code = error.get("code") or error.get("errorCode")
        message = error.get("message") or error.get("errorMessage") or error
        return ErrorItem(_text(message), _text(code) if code is not None else None, True)
    return ErrorItem(message=_text(error) or "stream error", final=True)


def _is_event(obj: dict[str, Any]) -> bool:
    return "author" in obj or "invocationId" in obj or "invocation_id" in obj


def _is_simple(obj: dict[str, Any]) -> bool:
    """The §4.5 shape: a string ``type``, no ADK keys, ``content`` absent or not an object."""
    return (
        isinstance(obj.get("type"), str)
        and not _is_event(obj)
        and not isinstance(obj.get("content"), dict)
    )


def _simple(obj: dict[str, Any]) -> list[StreamItem]:
    kind = obj["type"].lower()
    if kind == "heartbeat":
        return [HEARTBEAT]
    if kind == "text":
        text = _text(obj.get("content") if "content" in obj else obj.get("text"))
        return [TextItem(text, bool(obj.get("partial")), _text(obj.get("author")))]
    if kind == "tool_call":
        args = obj.get("args")
        return [_call(obj.get("id"), obj.get("name"), args if isinstance(args, dict) else {})]
    if kind == "tool_result":
        return [_result(obj.get("id"), obj.get("name"), obj.get("result", obj.get("response")))]
    if kind == "error":  # the stream may go on: not the final ADK error line
        error = _final_error(obj.get("error", obj.get("message", "")))
        return [ErrorItem(error.message, error.code, False)]
    log.debug("ignored simplified SSE event of type %r", _text(kind)[:40])
    return []


def _call(
    call_id: Any, name: Any, args: dict[str, Any], long_ids: frozenset[str] = frozenset()
) -> StreamItem:
    name_s = _text(name)
    args = clean(args)
    if name_s == "ask_question":
        question = next((args[k] for k in ("question", "text", "prompt") if k in args), "")
        return QuestionItem(_text(question))
    id_s = _text(call_id) if call_id is not None else None
    long_running = is_long_running(name_s) or (id_s is not None and id_s in long_ids)
    return ToolCallItem(id_s, name_s, args, tool_label(name_s, args), long_running)


def _result(call_id: Any, name: Any, response: Any) -> ToolResultItem:
    if not isinstance(response, dict):
        response = {"result": response}
    id_s = _text(call_id) if call_id is not None else None
    return ToolResultItem(id_s, _text(name), clean(response))


def _progress(response: dict[str, Any]) -> list[StreamItem]:
    """A partial ``{"status": "running", "progress": 0-100}`` response; else nothing."""
    body = response.get("response")
    if not isinstance(body, dict) or str(body.get("status", "")).lower() != "running":
        return []
    percent = body.get("progress")
    if isinstance(percent, bool) or not isinstance(percent, int | float):
        return []
    call_id = response.get("id")
    return [
        ToolProgressItem(
            _text(call_id) if call_id is not None else None,
            _text(response.get("name")),
            max(0.0, min(100.0, float(percent))),
            _text(body.get("message"))[:80],
        )
    ]


def _adk(obj: dict[str, Any]) -> list[StreamItem]:
    partial = bool(obj.get("partial"))
    author = _text(obj.get("author"))
    items: list[StreamItem] = []
    content = obj.get("content")
    if isinstance(content, dict):
        items.extend(_parts(content.get("parts"), partial, author, _long_ids(obj)))
    if author == "system":
        items = [_system_error(item) if isinstance(item, TextItem) else item for item in items]
    error_code = obj.get("errorCode", obj.get("error_code"))
    if error_code:
        message = obj.get("errorMessage", obj.get("error_message")) or error_code
        items.append(ErrorItem(_text(message), _text(error_code), False))
    delta = _state_delta(obj.get("actions"))
    if delta:
        items.append(StateDeltaItem(clean(delta)))
    return items


def _system_error(item: TextItem) -> StreamItem:
    """ADK's second form of the exception line: a system event saying ``Error: …`` (§5c)."""
    text = item.text.strip()
    if not text.startswith(SYSTEM_ERROR_PREFIX):
        return item
    return ErrorItem(text[len(SYSTEM_ERROR_PREFIX) :].strip() or "stream error", final=True)


def _long_ids(obj: dict[str, Any]) -> frozenset[str]:
    ids = obj.get("longRunningToolIds", obj.get("long_running_tool_ids"))
    return frozenset(i for i in ids if isinstance(i, str)) if isinstance(ids, list) else frozenset()


def _state_delta(actions: Any) -> dict[str, Any] | None:
    if not isinstance(actions, dict):
        return None
    delta = actions.get("stateDelta", actions.get("state_delta"))
    return delta if isinstance(delta, dict) and delta else None


def _parts(parts: Any, partial: bool, author: str, long_ids: frozenset[str]) -> list[StreamItem]:
    if not isinstance(parts, list):
        return []
    items: list[StreamItem] = []
    texts: list[str] = []
    text_at = -1
    for part in parts:
        if not isinstance(part, dict):
            continue
        text = part.get("text")
        if isinstance(text, str) and not part.get("thought"):
            text_at = len(items) if text_at < 0 else text_at
            texts.append(text)
        call = part.get("functionCall", part.get("function_call"))
        if isinstance(call, dict) and not partial:
            args = call.get("args")
            items.append(
                _call(
                    call.get("id"),
                    call.get("name"),
                    args if isinstance(args, dict) else {},
                    long_ids,
                )
            )
        response = part.get("functionResponse", part.get("function_response"))
        if isinstance(response, dict) and not partial:
            items.append(
                _result(response.get("id"), response.get("name"), response.get("response"))
            )
        elif isinstance(response, dict):
            items.extend(_progress(response))
    if texts:  # one item per event: a later item replaces a partial one, never appends
        items.insert(text_at, TextItem(_text("".join(texts)), partial, author))
    return items
