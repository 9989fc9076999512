"""What the agent says after a tool finished (or nothing: a silent edit).

The reply language is the plan's: a step planned for a Chinese message carries a
Chinese label, so the label decides; otherwise the session language does. Pure
timeline edits that only change numbers or take things away (volume, duration,
removals) are silent, as about 30% of the real backend's edits are; the client
then polls the state and says what changed (contract §4.6).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from photogen.server.agent.model import AgentContext, ToolStep
from photogen.server.agent.replies import edit_changes, lang_index
from photogen.server.agent.text import clean_text, has_cjk

SILENT_OPS = frozenset(
    {"set_volume", "set_duration", "remove_music", "remove_title", "remove_segment"}
)
"""Operations that finish without text when they are all a step does."""

_WORDS: dict[str, tuple[str, str]] = {
    "generated": (
        "Here's your photo — {size} ({aspect}), seed {seed}.",
        "照片好了：{size}（{aspect}），种子 {seed}。",
    ),
    "generated_many": (
        "Here are your {n} photos — {size} ({aspect}), seeds {seed}–{last}.",
        "{n} 张照片好了：{size}（{aspect}），种子 {seed}–{last}。",
    ),
    "grid": (
        "Here are {n} candidates — seeds {seeds}. Type 2 (or u2) to use one, v2 or V2 for "
        "subtle or strong variations, r to reroll.",
        "{n} 张候选好了：种子 {seeds}。输入 2（或 u2）选用，v2 / V2 细微或大幅变体，r 重新抽取。",
    ),
    "grid_failed": (" {n} could not be drawn.", "有 {n} 张没能生成。"),
    "used": ("Candidate {n} is on the timeline.", "第 {n} 张已放到时间线上。"),
    "used_photo": ("It is on the timeline.", "已放到时间线上。"),
    "engine": (" Made by the {engine} engine.", "由 {engine} 引擎生成。"),
    "tail_export": (
        ' Click Export to save it, or say "another one" for a variation.',
        "点击导出即可保存，或者说“再来一张”换个版本。",
    ),
    "tail_more": (
        ' Want music or a title? Try "add lo-fi music".',
        "想加音乐或标题？试试“加上轻音乐”。",
    ),
    "generate_failed": (
        'I couldn\'t make that photo: {message}. Try a simpler prompt, or say "help".',
        "这张照片没做成：{message}。换个简单点的描述试试，或者说“帮助”。",
    ),
    "edited": ("Done — {changes}. It's {size} now.", "完成：{changes}，现在是 {size}。"),
    "edited_named": (
        "Done — {name}: {changes}. It's {size} now.",
        "{name} 完成：{changes}，现在是 {size}。",
    ),
    "edit_tail": (" Click Export to save it.", "点击导出即可保存。"),
    "edited_unsure": (
        "I put {name} on {changes}, but I'm not sure the cut-out is right: {doubts} "
        '(confidence {pct}%). Look at the preview before you export. Say "keep the original" '
        "to go back, or press ctrl+t to mark the subject with a box (arrows move it, "
        "shift+arrows resize it, Enter cuts again).",
        "{name} 已换成{changes}，但我不确定抠图是否准确：{doubts}（置信度 {pct}%）。"
        "导出前请先看预览。说“保留原图”可以恢复，或者按 ctrl+t 框出主体"
        "（方向键移动，shift+方向键调整大小，回车重新抠图）。",
    ),
    "edit_failed": ("I couldn't edit that photo: {message}.", "图片没编辑成功：{message}。"),
    "timeline_failed": ("I couldn't change the timeline: {message}.", "时间线没改成：{message}。"),
    "timeline_tail": (
        " Preview it in the timeline, or click Export when you're ready.",
        "可以在时间线中预览，满意后点击导出。",
    ),
    "add_music": ("Added {name} music at {pct}%.", "已添加{name}音乐，音量 {pct}%。"),
    "remove_music": ("Removed the music.", "已去掉音乐。"),
    "set_volume": ("Music volume is now {pct}%.", "音乐音量已调到 {pct}%。"),
    "add_title": (
        "Added the title “{text}” ({start}–{end} s).",
        "已添加标题“{text}”（{start}–{end} 秒）。",
    ),
    "remove_title": ("Removed the title.", "已去掉标题。"),
    "duration_each": ("Each photo now lasts {s} s.", "每张照片现在 {s} 秒。"),
    "duration_one": ("Photo {n} now lasts {s} s.", "第 {n} 张照片现在 {s} 秒。"),
    "duration_total": ("The photos now add up to {s} s.", "照片总时长现在是 {s} 秒。"),
    "remove_segment": ("Removed photo {n}.", "已删除第 {n} 张照片。"),
    "set_aspect": ("The video is now {aspect}.", "视频比例已改为 {aspect}。"),
    "replace_photo": ("{name} is back as it was.", "{name} 已恢复原样。"),
    "unknown_error": ("something went wrong", "出了点问题"),
}


def describe_results(step: ToolStep, result: dict[str, Any], ctx: AgentContext) -> str | None:
    """The text to say after a tool finished; None for a silent edit.

    Args:
        step: The step that ran.
        result: What the tool returned.
        ctx: The session (its language is used when the step's label has no Chinese).

    Returns:
        A short reply, or None when the edit stays silent (or the tool is unknown).
    """
    if step.label:
        lang = "zh" if has_cjk(step.label) else "en"
    else:
        lang = "zh" if str(ctx.language).lower().startswith("zh") else "en"
    describer = _DESCRIBERS.get(step.name)
    if describer is None:
        return None
    try:
        return describer(step, result if isinstance(result, dict) else {}, lang)
    except Exception:  # wording must never break a turn; the client polls state instead
        return None


def _say(key: str, lang: str, **params: Any) -> str:
    return _WORDS[key][lang_index(lang)].format(**params)


def _error(result: dict[str, Any], lang: str) -> str | None:
    """The error message of a failed tool, cleaned; None when it succeeded."""
    if result.get("status") != "error" and "error" not in result:
        return None
    message = result.get("message") or result.get("error") or _say("unknown_error", lang)
    return clean_text(str(message), 200).rstrip(". 。")


def _size(result: dict[str, Any]) -> str:
    width, height = result.get("width"), result.get("height")
    return f"{width}×{height}" if isinstance(width, int) and isinstance(height, int) else "?"


def _notes(result: dict[str, Any], lang: str = "en") -> str:
    notes = result.get("notes")
    if not isinstance(notes, list):
        return ""
    if lang == "zh":  # the engine's "Made … with …" line is English; the reply says it in zh
        notes = [note for note in notes if not str(note).startswith("Made ")]
    return "".join(" " + clean_text(str(note), 300) for note in notes[:3] if str(note).strip())


def describe_generate(step: ToolStep, result: dict[str, Any], lang: str) -> str:
    """Size, aspect, seed, engine and the engine's notes; the Export hint on even seeds."""
    message = _error(result, lang)
    if message is not None:
        return _say("generate_failed", lang, message=message)
    if isinstance(result.get("candidates"), list):
        return describe_grid(result, lang)
    seed = result.get("seed", step.args.get("seed", 0))
    seed = seed if isinstance(seed, int) else 0
    images = result.get("images")
    count = len(images) if isinstance(images, list) and images else 1
    fill = {"size": _size(result), "aspect": step.args.get("aspect_ratio", "?"), "seed": seed}
    text = _say(
        "generated_many" if count > 1 else "generated", lang, n=count, last=seed + count - 1, **fill
    )
    notes = _notes(result, lang)
    engine = clean_text(str(result.get("engine") or ""), 40)
    if engine and engine not in notes:  # the engine's own note may name it already
        text += _say("engine", lang, engine=engine)
    return text + notes + _say("tail_export" if seed % 2 == 0 else "tail_more", lang)


def describe_grid(result: dict[str, Any], lang: str) -> str:
    """The candidates' seeds, what failed, and the keys that pick, vary and reroll."""
    seeds = ", ".join(str(c.get("seed")) for c in result["candidates"])
    text = _say("grid", lang, n=len(result["candidates"]), seeds=seeds)
    failed = result.get("failed")
    if isinstance(failed, list) and failed:
        text += _say("grid_failed", lang, n=len(failed))
    return text + _notes(result, lang)


def describe_use(step: ToolStep, result: dict[str, Any], lang: str) -> str:
    """Which candidate went on the timeline (or why not)."""
    message = _error(result, lang)
    if message is not None:
        return message + ("." if lang == "en" else "。")
    number = result.get("candidate")
    return _say("used", lang, n=number) if isinstance(number, int) else _say("used_photo", lang)


def describe_edit(step: ToolStep, result: dict[str, Any], lang: str) -> str:
    """What changed, the new size, the engine's notes, and the Export hint."""
    message = _error(result, lang)
    if message is not None:
        return _say("edit_failed", lang, message=message)
    changes = edit_changes(step.args, lang)
    name = clean_text(str(step.args.get("photo") or ""), 80)
    cutout = result.get("cutout")
    if isinstance(cutout, dict) and cutout.get("sure") is False:
        doubts = [clean_text(str(d), 120) for d in cutout.get("doubts") or []][:2]
        pct = round(float(cutout.get("confidence") or 0) * 100)
        fill = {"name": name or ("your photo", "你的照片")[lang == "zh"], "changes": changes}
        joined = ("; " if lang != "zh" else "；").join(doubts) or "?"
        return _say("edited_unsure", lang, doubts=joined, pct=pct, **fill)
    key = "edited_named" if name else "edited"
    return (
        _say(key, lang, changes=changes, size=_size(result), name=name)
        + _notes(result)
        + _say("edit_tail", lang)
    )


def describe_timeline(step: ToolStep, result: dict[str, Any], lang: str) -> str | None:
    """One sentence per operation; None when every operation is a silent one."""
    message = _error(result, lang)
    if message is not None:
        return _say("timeline_failed", lang, message=message)
    ops = [op for op in step.args.get("operations", []) if isinstance(op, dict)]
    if all(op.get("op") in SILENT_OPS for op in ops):
        return None
    sentences = [text for op in _merge_durations(ops) if (text := _describe_op(op, lang))]
    joiner = "" if lang == "zh" else " "
    return joiner.join(sentences) + _say("timeline_tail", lang)


def _merge_durations(ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Several per-photo durations (a spread total) read as one total."""
    durations = [op for op in ops if op.get("op") == "set_duration"]
    if len(durations) < 2:
        return ops
    total = sum(int(op.get("duration_ms", 0)) for op in durations)
    others = [op for op in ops if op.get("op") != "set_duration"]
    return [*others, {"op": "duration_total", "duration_ms": total}]


def _seconds(ms: Any) -> str:
    value = float(ms) / 1000 if isinstance(ms, int | float) else 0.0
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _describe_op(op: dict[str, Any], lang: str) -> str | None:
    name = op.get("op")
    if name == "add_music":
        pct = round(float(op.get("volume", 0)) * 100)
        return _say("add_music", lang, name=clean_text(str(op.get("name", "")), 60), pct=pct)
    if name == "set_volume":
        return _say("set_volume", lang, pct=round(float(op.get("volume", 0)) * 100))
    if name == "add_title":
        start, length = op.get("start_ms", 0), op.get("duration_ms", 0)
        return _say(
            "add_title",
            lang,
            text=op.get("text", ""),
            start=_seconds(start),
            end=_seconds(start + length),
        )
    if name in ("set_duration", "duration_total"):
        index = op.get("index", -1)
        key = (
            "duration_total"
            if name == "duration_total"
            else ("duration_each" if index == -1 else "duration_one")
        )
        return _say(key, lang, s=_seconds(op.get("duration_ms")), n=(index or 0) + 1)
    if name == "remove_segment":
        return _say("remove_segment", lang, n=int(op.get("index", 0)) + 1)
    if name == "set_aspect":
        return _say("set_aspect", lang, aspect=op.get("aspect_ratio", "?"))
    if name == "replace_photo":
        return _say("replace_photo", lang, name=clean_text(str(op.get("name") or "photo"), 80))
    return _say(name, lang) if name in ("remove_music", "remove_title") else None


_DESCRIBERS: dict[str, Callable[[ToolStep, dict[str, Any], str], str | None]] = {
    "generate_image": describe_generate,
    "edit_image": describe_edit,
    "use_candidate": describe_use,
    "edit_multitrack": describe_timeline,
}
"""Tool name -> the function that words its result."""
