"""Intent router: short commands act directly, everything else goes to the chat stream.

The brief's table (DESIGN §3): "export"/"导出"/"download"/"send me the video" -> export,
"credits"/"积分"/"balance"/"余额" -> credits, "status"/"状态"/"show tracks" -> state,
"upload"/"上传" -> upload. Only *command-like* messages route directly: exactly one
command word, and every other word is filler ("it", "as", "the", "please", a format,
a path for upload). "export it as png" is an export; "generate a photo for my export
business" is a chat message.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from photogen.wire.formats import EXPORT_NAMES


@dataclass(frozen=True)
class Chat:
    """Send the text to the agent."""

    text: str
    then_export: str | None = None
    """The message ends "... and export them": after the turn, export each photo it made
    (``""``: the configured still format; else ``png``/``jpg``/``webp``)."""


@dataclass(frozen=True)
class Export:
    """Export the draft; ``fmt`` None means the configured default."""

    fmt: str | None = None


@dataclass(frozen=True)
class Credits:
    """Show the credit balance."""


@dataclass(frozen=True)
class Status:
    """Show the session state and the track summary."""


@dataclass(frozen=True)
class Upload:
    """Upload files or URLs; empty ``paths`` means "ask which"."""

    paths: list[str] = field(default_factory=list)


Intent = Chat | Export | Credits | Status | Upload

_KEYWORDS: dict[str, str] = {
    "export": "export",
    "download": "export",
    "send": "export",
    "save": "export",
    "导出": "export",
    "下载": "export",
    "credits": "credits",
    "credit": "credits",
    "balance": "credits",
    "积分": "credits",
    "余额": "credits",
    "status": "status",
    "tracks": "status",
    "timeline": "status",
    "状态": "status",
    "轨道": "status",
    "时间线": "status",
    "upload": "upload",
    "上传": "upload",
}

# Words that may surround a command without turning it into a request for the agent.
_FILLER = {
    "please",
    "pls",
    "now",
    "it",
    "this",
    "that",
    "the",
    "a",
    "an",
    "my",
    "me",
    "as",
    "to",
    "in",
    "into",
    "for",
    "of",
    "show",
    "check",
    "get",
    "see",
    "view",
    "display",
    "what",
    "what's",
    "whats",
    "is",
    "are",
    "how",
    "many",
    "much",
    "do",
    "i",
    "have",
    "left",
    "remaining",
    "current",
    "again",
    "file",
    "files",
    "video",
    "photo",
    "photos",
    "image",
    "images",
    "picture",
    "pictures",
    "result",
    "draft",
    "format",
    "1080p",
    "hd",
    "full",
    "some",
    "these",
    "those",
    "here",
    "and",
    "all",
    "请",
    "帮我",
    "我的",
    "一下",
    "吧",
    "为",
    "成",
    "查看",
    "查询",
    "看看",
    "还有",
    "多少",
    "剩余",
    "视频",
    "图片",
    "照片",
    "文件",
    "格式",
    "当前",
    "显示",
    "我",
    "的",
    "了",
}
_CJK_WORDS = sorted([w for w in (*_KEYWORDS, *_FILLER) if not w.isascii()], key=len, reverse=True)
_CJK_SPLIT = re.compile("(" + "|".join(map(re.escape, _CJK_WORDS)) + ")")
_TOKEN = re.compile(r"[\w'.+\-]+|[^\w\s]", re.UNICODE)
_PATHLIKE = re.compile(r"^(~|/|\./|\.\./|[a-zA-Z]:\\|https?://)|\.[a-zA-Z0-9]{2,5}$")
_MAX_WORDS = 8


def _tokens(text: str) -> list[str]:
    spaced = _CJK_SPLIT.sub(r" \1 ", text.lower())
    return [
        t
        for t in _TOKEN.findall(spaced)
        if t not in {"?", "!", ".", ",", "，", "。", "？", "！", ":", "："}
    ]


def _upload_paths(text: str) -> list[str] | None:
    """Paths/URLs after an upload word, or None when other words make it a chat message."""
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        words = text.split()
    paths: list[str] = []
    for word in words:
        spaced = _CJK_SPLIT.sub(r" \1 ", word.lower()).split()
        if all(w in _FILLER or _KEYWORDS.get(w) == "upload" for w in spaced):
            continue
        if _PATHLIKE.search(word):
            paths.append(word)
        else:
            return None
    return paths


_THEN_EXPORT = re.compile(
    r"\b(?:and|then|&)\s+(?:export|download|save)\s+(?:them|it|each|all|both|the\s+photos?)"
    r"(?:\s+of\s+them)?(?:\s+as\s+(png|jpe?g|webp))?\b|(?:然后|并且?|再)(?:导出|下载)"
)


def chat(text: str) -> Chat:
    """A chat message, with :attr:`Chat.then_export` when it ends by asking for the files."""
    match = _THEN_EXPORT.search(text.lower())
    if match is None:
        return Chat(text)
    named = match.group(1)
    return Chat(text, EXPORT_NAMES.get(named, "") if named else "")


def route(text: str) -> Intent:
    """Decide what a message means.

    Args:
        text: What the user typed.

    Returns:
        :class:`Export`, :class:`Credits`, :class:`Status`, :class:`Upload` for short
        commands, else :class:`Chat` with the text unchanged.
    """
    stripped = text.strip()
    tokens = _tokens(stripped)
    kinds = [_KEYWORDS[t] for t in tokens if t in _KEYWORDS]
    if len(set(kinds)) != 1 or len(kinds) > 2:
        return chat(text)
    kind = kinds[0]
    if kind == "upload":
        paths = _upload_paths(stripped)
        return Upload(paths) if paths is not None else Chat(text)
    if len(tokens) > _MAX_WORDS:
        return chat(text)
    formats = [EXPORT_NAMES[t] for t in tokens if t in EXPORT_NAMES]
    rest = [t for t in tokens if t not in _KEYWORDS and t not in _FILLER and t not in EXPORT_NAMES]
    if rest or (formats and kind != "export") or len(set(formats)) > 1:
        return chat(text)
    if kind == "export":
        if tokens[0] in ("send", "save") and "me" not in tokens and "it" not in tokens:
            return chat(text)  # "save" / "send" alone are too vague to skip the agent
        return Export(formats[0] if formats else None)
    return Credits() if kind == "credits" else Status()
