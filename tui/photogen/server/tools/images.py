"""The image tools: ``generate_image`` (text to image) and ``edit_image``.

Both store PNGs under media, record them, add them to the session's
``generated_media`` and its timeline, and answer
``{status: "success", image_url, width, height, seed, engine, notes}``
(plus ``images`` when a call made several).
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PIL import Image

from photogen.server import draftops
from photogen.server.config import ServerConfig
from photogen.server.engines import EditOutcome, edit_outcome
from photogen.server.media import new_slot, resolve_media
from photogen.server.multitrack import relative_media_url, set_canvas
from photogen.server.tools import grid
from photogen.server.tools.registry import Json, ToolContext, ToolError, image_count

INSTRUCT_MODEL = "instruct-pix2pix"
"""The catalogue model that follows "make it ..." instructions."""


def per_image(args: Json, config: ServerConfig) -> int:
    """``generate_image``: the image price times the images asked for."""
    return config.credits_per_image * image_count(args)


def one_image(args: Json, config: ServerConfig) -> int:
    """``edit_image``: the price of one image."""
    return config.credits_per_image


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "photo"


def _state(tc: ToolContext) -> Json:
    row = tc.store.get_session(tc.user_id, tc.session_id)
    if row is None:
        raise ToolError("The session is gone")
    return row["state"]  # type: ignore[no-any-return]


def _aspect(tc: ToolContext, wanted: Any, state: Json) -> tuple[str, tuple[int, int]]:
    canvas = state.get("canvas_config") or {}
    for text in (wanted, canvas.get("ratio"), "1:1"):
        found = tc.engines.aspect(str(text)) if text else None
        if found:
            return found
    raise ToolError("no aspect")  # unreachable: "1:1" always resolves


def _store_image(tc: ToolContext, image: Image.Image, name: str, meta: Json) -> str:
    """Save a PNG under media, record it, return its relative URL."""
    slot = new_slot(tc.config.media_dir, f"{name}.png")
    tc.engines.save_still(image, slot.path, "png", meta)
    tc.store.add_media(slot.key, tc.user_id, tc.session_id, slot.relpath, slot.path.name, "image")
    return slot.url


def _share(tc: ToolContext, index: int, count: int) -> Callable[[float], None]:
    """Progress of image ``index`` of ``count`` (0-1) as progress of the whole call."""

    def report(fraction: float) -> None:
        tc.report((index + fraction) / count, f"{index + 1}/{count}" if count > 1 else "")

    return report


def generate_image(tc: ToolContext, args: Json) -> Json:
    """Make one image of ``prompt`` and put it on the timeline, or a grid of candidates.

    ``count`` above 1, or ``variation_of`` (a URL or a number of the current grid, with
    ``strength`` subtle or strong), makes a grid (:mod:`photogen.server.tools.grid`).
    """
    prompt = str(args.get("prompt") or "").strip()[:500] or "a photo"
    aspect, size = _aspect(tc, args.get("aspect_ratio"), _state(tc))
    if image_count(args) > 1 or args.get("variation_of") is not None:
        return _generate_grid(tc, args, prompt, aspect)
    seed = int(args["seed"]) if isinstance(args.get("seed"), int) else secrets.randbelow(2**31)
    count = image_count(args)
    made = []
    for i in range(count):
        try:
            gen = tc.engines.generate(
                prompt, seed + i, aspect, progress=_share(tc, i, count), cancel=tc.cancel
            )
        except ValueError as exc:
            raise ToolError(str(exc)) from exc
        if i + 1 < count:
            tc.report((i + 1) / count, f"{i + 1}/{count}")
        meta = {"prompt": prompt, "seed": gen.seed, "engine": gen.engine}
        url = _store_image(tc, gen.image, f"{_slug(prompt)}-{gen.seed}", meta)
        made.append(
            {
                "type": "image",
                "url": url,
                "width": gen.image.width,
                "height": gen.image.height,
                **meta,
                "notes": list(gen.notes or []),
                **grid.grid_of_one(),
            }
        )

    def change(state: Json) -> None:
        set_canvas(state, aspect, size)
        for item in made:
            state.setdefault("generated_media", []).append(item)
            draftops.add_still(draftops.ensure_draft(state), prompt[:60], str(item["url"]))
        state["grid"] = {"id": made[0]["grid"], "prompt": prompt, "items": [made[0]["url"]]}

    tc.store.update_state(tc.session_id, change)
    return _image_result(made)


def _generate_grid(tc: ToolContext, args: Json, prompt: str, aspect: str) -> Json:
    seeds = grid.new_seeds(args, image_count(args))
    grid_id = uuid.uuid4().hex[:12]
    slots = grid.grid_slots(tc, grid_id, seeds)
    if args.get("variation_of") is None:
        made = grid.draw_grid(tc, prompt, aspect, seeds, slots)
        return grid.store_grid(tc, prompt, aspect, made, {"kind": "prompt"}, grid_id, slots)
    parent = grid.variation_parent(tc, args)
    strength = "strong" if args.get("strength") == "strong" else "subtle"
    extra = str(args.get("extra") or "").strip()[:200]
    made = grid.vary_images(tc, parent, strength, seeds, aspect, extra)
    base = str(parent.get("prompt") or prompt)
    prompt = f"{base}, {extra}" if extra else base
    source = {"kind": "variation", "url": parent["url"], "strength": strength}
    return grid.store_grid(tc, prompt, aspect, made, source, grid_id, slots)


def _image_result(made: list[Json]) -> Json:
    first = made[0]
    result = {
        "status": "success",
        "image_url": first["url"],
        "width": first["width"],
        "height": first["height"],
        "seed": first.get("seed"),
        "engine": first.get("engine"),
        "notes": first.get("notes", []),
    }
    if len(made) > 1:
        result["images"] = [m["url"] for m in made]
    return result


def _edit_source(tc: ToolContext, url: Any, state: Json) -> str:
    """The media URL to edit: the given one, else the latest upload, else the latest image."""
    if url:
        return str(url)
    uploads = [v for v in state.get("video_infos", []) if v.get("file_type") == "image"]
    generated = [g for g in state.get("generated_media", []) if g.get("type") == "image"]
    latest = (uploads or generated or [{}])[-1].get("cdn_url" if uploads else "url")
    if not latest:
        raise ToolError("There is no photo to edit yet: upload one or ask me to make one")
    return str(latest)


def edit_image(tc: ToolContext, args: Json) -> Json:
    """Edit an uploaded or generated image (background, aspect, grade ...)."""
    state = _state(tc)
    source = _edit_source(tc, args.get("source_url"), state)
    found = resolve_media(tc.store, tc.config.media_dir, source, tc.user_id)
    if found is None:
        raise ToolError("I can't find that photo")
    prompt = str(args.get("prompt") or "edit")[:200]
    with Image.open(found[1]) as img:
        options = {k: args.get(k) for k in ("background", "grade", "auto_levels", "platform")}
        options["aspect"] = args.get("aspect_ratio")
        options["subject_box"] = _subject_box(args.get("subject_box"))
        outcome, engine = _edit_pixels(tc, img.convert("RGB"), options, prompt)
    edited = outcome.image
    source_path = relative_media_url(source)
    meta: Json = {
        "prompt": _own_prompt(state, source_path),
        "edit": _edits_so_far(state, source_path, prompt),
        "seed": None,
        "engine": engine,
        "source": source_path,
    }
    if outcome.cutout is not None:
        meta["cutout_confidence"] = outcome.cutout.get("confidence")
    url = _store_image(tc, edited, f"edit-{_slug(found[0]['filename'])}", meta)
    item: Json = {"type": "image", "url": url, "width": edited.width, "height": edited.height}
    item.update(meta, parent={"kind": "edit", "url": source_path})
    if outcome.cutout is not None:
        item["cutout"] = outcome.cutout
    item["edit_args"] = {k: args.get(k) for k in _EDIT_KEYS if args.get(k) is not None}

    def change(state: Json) -> None:
        state.setdefault("generated_media", []).append(item)
        draft = draftops.ensure_draft(state)
        old = relative_media_url(str(args.get("replaces") or "")) or meta["source"] or ""
        name = str(meta["prompt"] or prompt)[:60]
        if not draftops.replace_still(draft, old, url, name):
            draftops.add_still(draft, name, url)
        _canvas_from_args(tc, state, args.get("aspect_ratio"))

    tc.store.update_state(tc.session_id, change)
    result = _image_result([{**item, "notes": outcome.notes}])
    if outcome.cutout is not None:
        result["cutout"] = outcome.cutout
    return result


_EDIT_KEYS = ("background", "aspect_ratio", "grade", "auto_levels", "platform")
"""The ``edit_image`` arguments an edit keeps, so a retry with a subject box repeats it."""


def _subject_box(value: Any) -> tuple[float, float, float, float] | None:
    """A ``[left, top, right, bottom]`` box of fractions, when one was sent and is sane."""
    if not isinstance(value, list | tuple) or len(value) != 4:
        return None
    try:
        left, top, right, bottom = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    inside = all(0.0 <= v <= 1.0 for v in (left, top, right, bottom))
    return (left, top, right, bottom) if inside and right > left and bottom > top else None


def _made_from(state: Json, path: str | None) -> Json | None:
    """The ``generated_media`` item stored at ``path`` (an earlier photo or edit)."""
    for item in state.get("generated_media", []):
        if path and relative_media_url(str(item.get("url") or "")) == path:
            return item  # type: ignore[no-any-return]
    return None


def _own_prompt(state: Json, source: str | None) -> str | None:
    """The words the photo was generated from (kept through edits); None for an upload."""
    item = _made_from(state, source)
    return item.get("prompt") if item else None


def _edits_so_far(state: Json, source: str | None, words: str) -> str:
    """The edit's words after those of the edits it builds on ("white background; 9:16")."""
    item = _made_from(state, source)
    before = str(item.get("edit") or "") if item else ""
    return f"{before}; {words}"[-400:] if before else words


def _edit_pixels(
    tc: ToolContext, image: Image.Image, options: Json, instruction: str
) -> tuple[EditOutcome, str]:
    """``(outcome, engine)``: "make it ..." by an instruction model when one is installed
    (the grade is its job then), the rest (background, aspect, platform) classical.

    Raises:
        ToolError: An unknown option name, or an instruction with nothing offline to do it.
    """
    asked = {k: v for k, v in options.items() if k != "subject_box"}
    wants_model = bool(asked.get("grade")) or not any(asked.values())
    if not wants_model:  # crops, sizes, backdrops and levels need no model
        return _classical(tc, image, options), "edit"
    model = tc.engines.instruct(image, instruction, 0, progress=_share(tc, 0, 1), cancel=tc.cancel)
    if model.image is None:
        if not any(asked.values()):
            raise ToolError(
                "I can only make that kind of change with an image-to-image model: "
                f"`photogen-tui models pull {INSTRUCT_MODEL}` installs one"
            )
        outcome = _classical(tc, image, options)
        return replace(outcome, notes=[*model.notes, *outcome.notes]), "edit"
    rest = {**options, "grade": None}
    if not any(v for k, v in rest.items() if k != "subject_box"):
        return EditOutcome(model.image, list(model.notes)), model.engine
    outcome = _classical(tc, model.image, rest)
    return replace(outcome, notes=[*model.notes, *outcome.notes]), model.engine


def _classical(tc: ToolContext, image: Image.Image, options: Json) -> EditOutcome:
    try:
        return edit_outcome(tc.engines.edit(image, options))
    except ValueError as exc:  # an unknown background, grade or platform name
        raise ToolError(str(exc)) from exc


def _canvas_from_args(tc: ToolContext, state: Json, wanted: Any) -> None:
    found = tc.engines.aspect(str(wanted)) if wanted else None
    if found:
        set_canvas(state, found[0], found[1])
    elif not state.get("canvas_config"):
        set_canvas(state, *tc.engines.aspect("1:1"))  # type: ignore[misc]
