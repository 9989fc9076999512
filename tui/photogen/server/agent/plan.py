"""From one user message to a plan: what to say and which tools to run.

The order of questions is the agent's whole policy:

1. help? 2. junk? 3. only a greeting or thanks? 4. timeline requests (music, title,
durations, segments, canvas) in any clause; 5. for the rest of the message: a
variation of the last photo, an edit of an existing photo, or a new photo;
6. otherwise a short "try one of these".
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from photogen.server.agent import grid, intents, replies, targets
from photogen.server.agent.edits import EDIT_WORDS, clears_background, edit_ops, prompt_aspect
from photogen.server.agent.lexicon import ASPECT_SIZES
from photogen.server.agent.model import Action, AgentContext, Say, ToolStep
from photogen.server.agent.prompts import clean_prompt, count_spans, cut, photo_count
from photogen.server.agent.text import Message, read_message
from photogen.server.agent.timeline import read_timeline
from photogen.server.tools import TOOLS
from photogen.wire import MediaInfo, TrackType

_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp")


def plan_turn(text: str, ctx: AgentContext) -> list[Action]:
    """Plan the answer to one user message. Never raises; never returns an empty plan.

    Args:
        text: The user's message, as sent.
        ctx: What the agent knows of the session.

    Returns:
        :class:`Say` and :class:`ToolStep` items, in the order to run them.
    """
    msg = read_message(text, ctx.language)
    try:
        return plan_message(msg, ctx)
    except Exception:  # a reply must come whatever the text; the tests hunt these cases
        return [Say(replies.text("unclear", msg.lang))]


def plan_message(msg: Message, ctx: AgentContext) -> list[Action]:
    """:func:`plan_turn` without its safety net (the property tests call this one)."""
    if intents.is_help(msg):
        return [Say(replies.text("help", msg.lang))]
    if intents.is_junk(msg):
        return [Say(replies.text("unclear", msg.lang))]
    social = intents.social_kind(msg)
    if social:
        return [Say(replies.text(social, msg.lang))]
    if targets.keeps_original(msg.low):
        return keep_original_plan(msg, ctx)
    box = targets.subject_box(msg.low)
    if box is not None:
        return box_retry_plan(msg, ctx, box)
    timeline = read_timeline(msg, ctx)
    whole = timeline.rest == msg.text
    rest = msg if whole else Message(timeline.rest, timeline.rest.lower(), msg.lang, timeline.rest)
    plan: list[Action] = [
        Say(replies.text(key, msg.lang, **params)) for key, params in timeline.problems
    ]
    plan.extend(picture_plan(rest, ctx) or [])
    if timeline.ops:
        plan.append(tool_step("edit_multitrack", {"operations": list(timeline.ops)}, msg.lang))
    return plan or [Say(replies.text("unclear", msg.lang))]


def keep_original_plan(msg: Message, ctx: AgentContext) -> list[Action]:
    """Put the photo before the last edit back on the timeline."""
    found = targets.last_edit(ctx)
    if found is None:
        return [Say(replies.text("no_edit_to_undo", msg.lang))]
    item, photo = found
    op = {"op": "replace_photo", "from": item["url"], "to": photo.original, "name": photo.name}
    return [tool_step("edit_multitrack", {"operations": [op]}, msg.lang)]


def box_retry_plan(
    msg: Message, ctx: AgentContext, box: tuple[float, float, float, float]
) -> list[Action]:
    """The last cut-out again, from the original photo, starting from the user's box."""
    found = targets.last_edit(ctx, cutout=True)
    if found is None:
        return [Say(replies.text("no_cutout_to_retry", msg.lang))]
    item, photo = found
    args = _edit_args(msg, dict(item.get("edit_args") or {}), photo.original)
    args.update(subject_box=list(box), photo=photo.name, replaces=item["url"])
    args["prompt"] = str(item.get("edit") or msg.text)[:500]
    ack = replies.text("ack_box", msg.lang, name=photo.name)
    return [Say(ack), tool_step("edit_image", args, msg.lang)]


def tool_step(name: str, args: dict[str, Any], lang: str) -> ToolStep:
    """A call of the registered tool ``name``: its long-running flag and its label in ``lang``."""
    tool = TOOLS[name]
    return ToolStep(name, args, tool.long_running, tool.label.text(args, lang))


def picture_plan(msg: Message, ctx: AgentContext) -> list[Action] | None:
    """A variation, an edit or a new photo; None when the message asks for none of them."""
    if not msg.text:
        return None
    command = grid.read_command(msg, len(ctx.grid))
    if command is not None:
        return grid_plan(command, msg, ctx)
    aspect, spans = prompt_aspect(msg.low)
    bare_low = cut(msg.low, spans + count_spans(msg.low))
    if intents.is_variation(msg, bare_low):
        return variation_plan(msg, ctx, aspect)
    ops = edit_ops(msg.low)
    if clears_background(msg.low):
        ops["background"] = ops.get("background") or "white"
    if ops and (_is_edit(msg, ops) or _names_a_photo(msg, ctx)):
        return edit_plan(msg, ctx, ops)
    if not ops and intents.is_instruction(msg):  # an image-to-image model's job
        return edit_plan(msg, ctx, ops)
    if intents.is_junk(msg):
        return None
    if intents.has_generate_verb(msg) or intents.is_descriptive(msg):
        return generate_plan(msg, ctx, aspect, spans)
    return None


def _is_edit(msg: Message, ops: dict[str, Any]) -> bool:
    """An edit points at a photo ("it"), uses an edit verb, or says nothing but the edit."""
    reference = intents.refers_to_existing(msg)
    if intents.has_generate_verb(msg) and not reference:
        return False
    return reference or intents.has_edit_verb(msg) or not intents.residue(msg.low, *EDIT_WORDS)


def _names_a_photo(msg: Message, ctx: AgentContext) -> bool:
    """ "the ball, cinematic", "第三张黑白": a photo named by name or ordinal, no generate verb."""
    if intents.has_generate_verb(msg):
        return False
    found = targets.address(msg.low, ctx)
    return isinstance(found, targets.Targets | targets.Missing) and _found_by_words(found)


def _found_by_words(found: targets.Targets | targets.Missing) -> bool:
    """The photo was named in the message, not picked by default."""
    return isinstance(found, targets.Missing) or found.how in ("name", "ordinal", "each")


def _aspect_or_canvas(aspect: str | None, ctx: AgentContext) -> str:
    """The asked aspect, else the canvas's, else square."""
    return aspect or (ctx.canvas_ratio if ctx.canvas_ratio in ASPECT_SIZES else None) or "1:1"


def generate_plan(msg: Message, ctx: AgentContext, aspect: str | None, spans: list) -> list[Action]:
    """Acknowledge and run ``generate_image`` for a new prompt (seed 0)."""
    source = msg.raw if len(msg.raw) == len(msg.text) == len(msg.low) else msg.low
    prompt = clean_prompt(source, spans)
    if not prompt:
        return [Say(replies.text("empty_prompt", msg.lang))]
    seed, prompt = grid.locked_seed(prompt)
    if not prompt:
        return [Say(replies.text("empty_prompt", msg.lang))]
    count = photo_count(msg.low, ctx.candidates)
    aspect_ratio = _aspect_or_canvas(aspect, ctx)
    return _generate_steps(msg.lang, prompt, aspect_ratio, seed or 0, count, "ack")


def variation_plan(msg: Message, ctx: AgentContext, aspect: str | None) -> list[Action]:
    """Run the last prompt again with the next seed."""
    if not ctx.last_prompt:
        return [Say(replies.text("no_previous", msg.lang))]
    seed = (ctx.last_seed if isinstance(ctx.last_seed, int) else 0) + 1
    count = photo_count(msg.low)
    aspect_ratio = _aspect_or_canvas(aspect, ctx)
    return _generate_steps(msg.lang, ctx.last_prompt, aspect_ratio, seed, count, "variation")


def grid_plan(command: grid.GridCommand, msg: Message, ctx: AgentContext) -> list[Action]:
    """Use, vary or reroll the current grid's candidates."""
    aspect = _aspect_or_canvas(None, ctx)
    url = command.url if isinstance(command, grid.Use | grid.Vary) else None
    number = PurePosixPath(url).name if url else getattr(command, "number", 0)
    if isinstance(command, grid.Use):
        args: dict[str, Any] = {"url": url} if url else {"index": command.number}
        ack = replies.text("ack_use", msg.lang, number=number)
        return [Say(ack), tool_step("use_candidate", args, msg.lang)]
    count = photo_count(msg.low, ctx.candidates if url else max(len(ctx.grid), 1))
    if isinstance(command, grid.Vary):
        parent = command.url or command.number
        args = {"variation_of": parent, "strength": command.strength, "count": count}
        args.update(aspect_ratio=aspect, prompt=ctx.grid_prompt or "", extra=command.extra)
        key = "ack_vary_strong" if command.strength == "strong" else "ack_vary_subtle"
        ack = replies.text(key, msg.lang, number=number, count=count)
        return [Say(ack), tool_step("generate_image", args, msg.lang)]
    args = {"prompt": ctx.grid_prompt or ctx.last_prompt or "a photo", "count": count}
    args["aspect_ratio"] = aspect
    ack = replies.text("ack_reroll", msg.lang, count=count)
    return [Say(ack), tool_step("generate_image", args, msg.lang)]


def _generate_steps(
    lang: str, prompt: str, aspect: str, seed: int, count: int, kind: str
) -> list[Action]:
    width, height = ASPECT_SIZES[aspect]
    fill = {"what": replies.quote_prompt(prompt, lang), "aspect": aspect, "seed": seed}
    fill.update(size=f"{width}×{height}", count=count)
    if kind == "variation":
        key = "ack_variation"
    else:
        key = "ack_generate_many" if count > 1 else "ack_generate"
    args = {"prompt": prompt, "aspect_ratio": aspect, "seed": seed, "count": count}
    return [Say(replies.text(key, lang, **fill)), tool_step("generate_image", args, lang)]


def edit_plan(msg: Message, ctx: AgentContext, ops: dict[str, Any]) -> list[Action]:
    """One ``edit_image`` per photo the message is about (see :mod:`.targets`); ask when unsure."""
    found = targets.address(msg.low, ctx)
    if found is None:
        return _legacy_edit(msg, ctx, ops)
    if isinstance(found, targets.Ambiguous):
        names = replies.photo_names([p.name for p in found.photos], msg.lang, numbered=True)
        return [Say(replies.text("which_photo", msg.lang, names=names))]
    if isinstance(found, targets.Missing):
        names = replies.photo_names([p.name for p in found.photos], msg.lang, numbered=True)
        fill = {"asked": found.asked, "count": len(found.photos), "names": names}
        return [Say(replies.text("no_such_photo", msg.lang, **fill))]
    last_upload = ctx.uploads[-1].cdn_url if ctx.uploads else None
    steps: list[Action] = []
    for photo in found.photos:
        untouched = photo.url == last_upload  # None: edit_image's own default, the latest upload
        args = _edit_args(msg, ops, None if untouched else photo.url)
        args["photo"] = photo.name
        steps.append(tool_step("edit_image", args, msg.lang))
    changes = replies.edit_changes(_edit_args(msg, ops, None), msg.lang)
    names = replies.photo_names([p.name for p in found.photos], msg.lang)
    ack = replies.text("ack_edit_named", msg.lang, changes=changes, names=names)
    return [Say(ack), *steps]


def _edit_args(msg: Message, ops: dict[str, Any], source: str | None) -> dict[str, Any]:
    return {
        "source_url": source,
        "background": ops.get("background"),
        "aspect_ratio": ops.get("aspect_ratio"),
        "grade": ops.get("grade"),
        "auto_levels": bool(ops.get("auto_levels")),
        "platform": ops.get("platform"),
        "prompt": msg.text[:500],
    }


def _legacy_edit(msg: Message, ctx: AgentContext, ops: dict[str, Any]) -> list[Action]:
    """No photo list (a state without ``generated_media``): the latest upload or still."""
    found, source = edit_source(ctx)
    if not found:
        return [Say(replies.text("nothing_to_edit", msg.lang))]
    args = _edit_args(msg, ops, source)
    ack = replies.text("ack_edit", msg.lang, changes=replies.edit_changes(args, msg.lang))
    return [Say(ack), tool_step("edit_image", args, msg.lang)]


def edit_source(ctx: AgentContext) -> tuple[bool, str | None]:
    """``(found, source_url)``: None means "the latest upload", as ``edit_image`` reads it."""
    image = latest_image(ctx.uploads)
    if image is not None:
        return True, None if image is ctx.uploads[-1] else image.cdn_url
    if ctx.has_generated:
        url = last_photo_url(ctx)
        return url is not None, url
    return False, None


def latest_image(uploads: tuple[MediaInfo, ...]) -> MediaInfo | None:
    """The most recent uploaded image, by type or by file extension."""
    for item in reversed(uploads):
        name = (item.filename or item.cdn_url or "").lower()
        if item.file_type == "image" or (item.file_type is None and name.endswith(_IMAGE_EXT)):
            return item
    return None


def last_photo_url(ctx: AgentContext) -> str | None:
    """URL of the last still on the draft's video track (where generated photos go)."""
    for track in reversed(ctx.draft.tracks_of(TrackType.VIDEO)):
        for segment in reversed(track.sg):
            url = segment.m.get("url")
            if isinstance(url, str) and url:
                return url
    return None
