"""Turn the backend's GUI wording into terminal actions (contract §4.6.3-4).

The backend assumes a web GUI ("Click Export to save it", "点击导出"). The terminal has
no buttons, so the phrase is rewritten to the matching key or command and an
:class:`OfferSpec` is returned for the UI to show as an action. Everything the text
says about the content is kept. All network text passes through ``strip_control``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from photogen.wire.safety import strip_control

#: Default keys of the binding ids the offers point at (the UI's registry may remap them).
DEFAULT_KEYS: dict[str, str] = {"export-draft": "ctrl+e"}

_NOISE = re.compile(r"\s*I (?:have )?encountered a temporary issue[^.!?。]*[.!?。]?\s*$", re.I)


@dataclass(frozen=True)
class OfferSpec:
    """An action the UI can offer: ``export``, ``status``, ``timeline``, ``credits``, ``say``."""

    action: str
    label: str


@dataclass(frozen=True)
class Translated:
    """A backend text rewritten for the terminal, with the actions it implies."""

    text: str
    offers: list[OfferSpec] = field(default_factory=list)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    action: str
    replacement: str  # may use {key}
    label: str


def _rules() -> list[_Rule]:
    flags = re.I
    return [
        _Rule(
            re.compile(
                r"\b(?:click|press|tap|hit|use)\s+(?:on\s+)?(?:the\s+)?[\"'“]?export[\"'”]?"
                r"(?:\s+button)?",
                flags,
            ),
            "export",
            "press {key} (or type “export”)",
            "Export ({key})",
        ),
        _Rule(
            re.compile(r"(?:the\s+)?[\"'“]?export[\"'”]?\s+button", flags),
            "export",
            "{key} (or typing “export”)",
            "Export ({key})",
        ),
        _Rule(
            re.compile(r"点击\s*[「“\"]?导出[」”\"]?(?:按钮)?"),
            "export",
            "按 {key}（或输入“导出”）",
            "导出 ({key})",
        ),
        _Rule(
            re.compile(r"\bopen\s+(?:the\s+)?[\w ]{0,20}?panel\b", flags),
            "status",
            "type “status”",
            "Show state",
        ),
        _Rule(re.compile(r"打开\s*[\w]{0,8}?面板"), "status", "输入“状态”", "显示状态"),
        _Rule(
            re.compile(r"\bpreview\s+(?:it\s+|this\s+)?in\s+(?:the\s+)?timeline\b", flags),
            "timeline",
            "see it in the timeline pane (or type “status”)",
            "Show tracks",
        ),
        _Rule(
            re.compile(r"在时间线(?:中|上|里)?预览"),
            "timeline",
            "在时间线面板查看（或输入“状态”）",
            "显示轨道",
        ),
        _Rule(
            re.compile(r"\bcheck\s+(?:your\s+|the\s+)?billing(?:\s+page)?\b", flags),
            "credits",
            "type “credits”",
            "Show credits",
        ),
        _Rule(re.compile(r"查看账单|检查账单"), "credits", "输入“积分”", "显示积分"),
        _Rule(
            re.compile(r"\bdrag(?:\s+and\s+drop|\s*/\s*drop)?\b", flags),
            "say",
            "tell me to move",
            "Say what to move",
        ),
        _Rule(re.compile(r"拖拽|拖动"), "say", "告诉我移动", "说出要移动的内容"),
    ]


_RULES = _rules()


def translate(text: str, keys: Mapping[str, str] | None = None) -> Translated:
    """Rewrite GUI instructions in one backend text.

    Args:
        text: The assistant's text, as received.
        keys: Binding id -> key, to name the right key in the hint.

    Returns:
        The cleaned text and one offer per kind of action it mentioned.
    """
    key = {**DEFAULT_KEYS, **(keys or {})}["export-draft"]
    out = strip_control(text)
    offers: list[OfferSpec] = []
    for rule in _RULES:
        if not rule.pattern.search(out):
            continue
        replacement = rule.replacement.format(key=key)
        out = rule.pattern.sub(_replacer(replacement), out)
        if all(o.action != rule.action for o in offers):
            offers.append(OfferSpec(rule.action, rule.label.format(key=key)))
    return Translated(out, offers)


def _replacer(replacement: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback that puts ``replacement`` in, keeping sentence case."""

    def replace(match: re.Match[str]) -> str:
        return _cased(match.group(0), replacement)

    return replace


def _cased(original: str, replacement: str) -> str:
    """Keep a capital first letter when the replaced phrase started a sentence."""
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def is_noise(text: str) -> bool:
    """The whole text is the "I encountered a temporary issue" line."""
    return bool(text.strip()) and _NOISE.sub("", text).strip() == ""


def drop_trailing_noise(text: str) -> str:
    """Remove a trailing "I encountered a temporary issue" sentence (for normal turns)."""
    return _NOISE.sub("", text).rstrip()
