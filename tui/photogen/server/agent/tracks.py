"""Reading music and title requests for ``edit_multitrack``.

A reader takes one :class:`Clause` (a part of the message, quotes masked) and
the draft as it is, and returns a :class:`Found`: operations, or a problem that
the planner words for the user ("there is no music to remove").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from photogen.server.agent.intents import residue
from photogen.server.agent.lexicon import BEDS, MUSIC_WORDS, REMOVE_VERBS, TITLE_WORDS
from photogen.server.agent.text import clamp, durations_ms, find, percent
from photogen.wire import Draft, MediaInfo, TrackType

BED_VOLUME = 0.35
"""Volume of a built-in bed when the user names none (the contract's example)."""
SONG_VOLUME = 0.6
"""Volume of the user's own audio when they name none."""
TITLE_MS = 3000
"""Default title duration."""
VOLUME_STEP = 0.15
"""How much "louder"/"quieter" moves the volume."""

ADD_VERBS = (
    r"add|put|play|include|use|with|give|want|need|insert"
    r"|加上|加个|加点|添加|加|配上|配|放|来点|来一段|插入|用"
)
"""Verbs that put music on."""
VOLUME_WORDS = (
    r"volume|louder|quieter|softer|mute|muted|turn\s+(?:it\s+|this\s+)?(?:up|down)"
    r"|音量|大声|小声|静音|大一点|小一点"
)
_LOUDER = r"up|louder|higher|raise|increase|boost|大声|调大|大一点|大些|提高|增大|增加"
_MUTE = r"mute|muted|silence|静音"
STRONG_BEDS = r"lo[-\s]?fi|chillhop|upbeat|ambient|轻音乐|低保真"
"""Bed names that mean music even without the word "music" ("add lo-fi")."""
MY_AUDIO = (
    r"my\s+(?:own\s+)?(?:song|music|track|audio|tune)|uploaded|the\s+(?:song|track|audio)"
    r"|this\s+(?:song|track)|that\s+(?:song|track)|我的(?:歌|音乐|音频)|上传的|我上传"
)
_AUDIO_EXT = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".flac")

_TITLE_LEAD = re.compile(
    r"(?:title|caption|heading|headline|text\s+overlay|标题|字幕|文字|标语)s?\s*"
    r"(?:[:=\-]|\bsaying\b|\bthat\s+says\b|\bwhich\s+says\b|\breading\b|\bwith\s+the\s+text\b"
    r"|\bcalled\b|\bnamed\b|\bof\b|\bis\b|\bto\b|为|是|叫|改成|改为|换成)?\s*(.*)$",
    re.IGNORECASE,
)
_TITLE_TAIL = re.compile(
    r"\s*[,，;；]?\s*(?:\bfor\s+(?:\d|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\blasting\b|\bat\s+(?:the\s+(?:end|start|beginning)|\d)|\bfrom\s+\d|\bstarting\b|\bplease\b"
    r"|\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|秒)(?![a-z])|持续|放在|在(?:开头|结尾|最后)|显示|从\s*\d).*$",
    re.IGNORECASE,
)
_AT_END = r"at\s+the\s+end|结尾|最后|末尾"
_START_AT = re.compile(
    r"(?:at|from|after|starting\s+at)\s+(\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)\b|从\s*(\d+)\s*秒"
)


@dataclass(frozen=True)
class Clause:
    """One part of a message, with quoted text masked.

    Attributes:
        text: The clause in its original case; each quote is one private-use mark.
        low: ``text`` lower-cased.
        quotes: The quoted strings, in order; mark ``chr(0xE000 + i)`` stands for ``quotes[i]``.
    """

    text: str
    low: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """What a clause asks of the timeline: operations, or a problem to explain."""

    ops: tuple[dict[str, Any], ...] = ()
    problem: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def audio_segments(draft: Draft) -> list[dict[str, Any]]:
    """Metadata of the draft's music segments."""
    return [seg.m for track in draft.tracks_of(TrackType.AUDIO) for seg in track.sg]


def read_music(clause: Clause, draft: Draft, uploads: tuple[MediaInfo, ...]) -> Found | None:
    """Add, remove or set the volume of music; None when the clause is not about music."""
    low = clause.low
    bed = _bed(low)
    named_bed = bool(find(STRONG_BEDS, low) and find(ADD_VERBS, low))
    if not (find(MUSIC_WORDS, low) or named_bed or find(VOLUME_WORDS, low)):
        return None
    if find(VOLUME_WORDS, low) and not (bed or find(MUSIC_WORDS, low)):
        return _set_volume(low, draft)
    if find(ADD_VERBS, low) and not find(REMOVE_VERBS, low):
        return _add_music(low, bed, uploads)
    if find(REMOVE_VERBS, low) and not find(VOLUME_WORDS, low):
        has = bool(audio_segments(draft))
        return Found(ops=({"op": "remove_music"},)) if has else Found(problem="no_music")
    if find(VOLUME_WORDS, low) or re.search(r"\b(?:up|down|lower|higher)\b", low):
        return _set_volume(low, draft)
    return _add_music(low, bed, uploads)


def _bed(low: str) -> tuple[str, str] | None:
    for pattern, bed, name in BEDS:
        if find(pattern, low):
            return bed, name
    return None


def _add_music(low: str, bed: tuple[str, str] | None, uploads: tuple[MediaInfo, ...]) -> Found:
    """A built-in bed when one is named; else the latest uploaded audio; else lo-fi."""
    song = latest_audio(uploads)
    wants_own = bool(find(MY_AUDIO, low))
    if wants_own and song is None:
        return Found(problem="no_audio_upload")
    level = percent(low)
    if song is not None and (wants_own or bed is None) and song.cdn_url:
        name = PurePosixPath(song.filename or "").stem or "Your song"
        op = {"op": "add_music", "source": song.cdn_url, "name": name[:60]}
        return Found(ops=({**op, "volume": SONG_VOLUME if level is None else level},))
    bed_id, name = bed or ("lofi", "Lo-fi")
    volume = BED_VOLUME if level is None else level
    return Found(
        ops=({"op": "add_music", "source": f"builtin:{bed_id}", "name": name, "volume": volume},)
    )


def _set_volume(low: str, draft: Draft) -> Found:
    segments = audio_segments(draft)
    if not segments:
        return Found(problem="no_music")
    level = percent(low)
    if level is None and find(_MUTE, low):
        level = 0.0
    if level is None:
        current = segments[-1].get("volume", BED_VOLUME)
        current = current if isinstance(current, int | float) else BED_VOLUME
        step = VOLUME_STEP if find(_LOUDER, low) else -VOLUME_STEP
        level = clamp(float(current) + step, 0.0, 1.0)
    return Found(ops=({"op": "set_volume", "volume": round(level, 2)},))


def latest_audio(uploads: tuple[MediaInfo, ...]) -> MediaInfo | None:
    """The most recent uploaded audio file, by type or by file extension."""
    for item in reversed(uploads):
        name = (item.filename or item.cdn_url or "").lower()
        if item.file_type == "audio" or (item.file_type is None and name.endswith(_AUDIO_EXT)):
            return item
    return None


def read_title(clause: Clause, draft: Draft) -> Found | None:
    """Add or remove a title; None when the clause is not about a title."""
    title = find(TITLE_WORDS, clause.low)
    if not title:
        return None
    if _removes_title(clause, title.end()):
        has = any(track.sg for track in draft.tracks_of(TrackType.TEXT))
        return Found(ops=({"op": "remove_title"},)) if has else Found(problem="no_title")
    text = title_text(clause)
    if not text:
        return Found(problem="title_text")
    duration, start = _title_timing(clause.low, draft)
    op = {"op": "add_title", "text": text, "start_ms": start, "duration_ms": duration}
    return Found(ops=(op,))


def _removes_title(clause: Clause, title_end: int) -> bool:
    """ "remove the title", "把标题去掉"; but "add the title Fresh Drop" adds one."""
    if find(REMOVE_VERBS, clause.low[:title_end]):
        return True
    after = clause.low[title_end:]
    return bool(find(REMOVE_VERBS, after)) and not residue(after, REMOVE_VERBS)


def title_text(clause: Clause) -> str:
    """The title's words: the first quote, else what follows the word "title"."""
    if clause.quotes:
        return clause.quotes[0].strip()[:120]
    match = _TITLE_LEAD.search(clause.text)
    if not match:
        return ""
    text = _TITLE_TAIL.sub("", match.group(1))
    return text.strip(" \t\"'“”「」『』.,!?;:，。！？；：")[:120]


def _title_timing(low: str, draft: Draft) -> tuple[int, int]:
    """(duration, start) in ms: "for 5 seconds", "at 2s", "at the end"; 3 s from 0 by default."""
    start_match = _START_AT.search(low)
    start_span = start_match.span() if start_match else (-1, -1)
    lengths = [
        ms for ms, span in durations_ms(low) if not (start_span[0] <= span[0] < start_span[1])
    ]
    duration = int(clamp(lengths[0], 500, 60000)) if lengths else TITLE_MS
    if start_match:
        seconds = float(start_match.group(1) or start_match.group(2))
        return duration, int(seconds * 1000)
    if find(_AT_END, low):
        return duration, max(0, _total_ms(draft) - duration)
    return duration, 0


def _total_ms(draft: Draft) -> int:
    videos = [seg.d for track in draft.tracks_of(TrackType.VIDEO) for seg in track.sg]
    return max(draft.d, sum(videos))
