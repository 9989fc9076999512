"""A grid of candidates: several takes of one prompt, or variations of one photo.

A grid's candidates go into ``generated_media`` (each with its seed, its number
in the grid and its parent) and into ``state["grid"]``, the session's current
grid, which "use 2" and "v2" address. None of them goes on the timeline:
``use_candidate`` puts the one the user picks there.

Parents (``parent.kind``): ``prompt`` (a new prompt), ``variation`` (of
``parent.url``, subtle or strong), ``edit`` (of ``parent.url``), ``upload``.
"""

from __future__ import annotations

import secrets
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PIL import Image

from photogen.server import draftops
from photogen.server.engines import edit_outcome
from photogen.server.media import MediaSlot, new_slot, resolve_media
from photogen.server.multitrack import relative_media_url, set_canvas
from photogen.server.parallel import draw_many
from photogen.server.tools.registry import Json, ToolContext, ToolError

STRENGTHS = ("subtle", "strong")


def new_seeds(args: Json, count: int) -> list[int]:
    """``seed``, ``seed + 1`` ... when a seed is given (locked), else random ones."""
    base = args.get("seed")
    if isinstance(base, int) and not isinstance(base, bool):
        return [base + i for i in range(count)]
    return [secrets.randbelow(2**31) for _ in range(count)]


def find_media(state: Json, url: str) -> Json | None:
    """The ``generated_media`` item at ``url`` (absolute or relative), if any."""
    wanted = relative_media_url(url)
    for item in reversed(state.get("generated_media", [])):
        if relative_media_url(str(item.get("url") or "")) == wanted:
            return item  # type: ignore[no-any-return]
    return None


def grid_of_one() -> Json:
    """The grid fields of a single photo: its own grid of one, drawn from a prompt
    (so "v1" varies it and the lineage starts at it)."""
    return {"candidate": 1, "grid": uuid.uuid4().hex[:12], "parent": {"kind": "prompt"}}


def grid_slots(tc: ToolContext, grid_id: str, seeds: list[int]) -> list[MediaSlot]:
    """Where each candidate's PNG goes (named by grid, number and seed)."""
    media = tc.config.media_dir
    return [new_slot(media, f"grid-{grid_id}-{n}-{s}.png") for n, s in enumerate(seeds, 1)]


def draw_grid(
    tc: ToolContext,
    prompt: str,
    aspect: str,
    seeds: list[int],
    slots: list[MediaSlot] | None = None,
) -> list[Any]:
    """Draw one candidate per seed, side by side where the engine allows; failures kept.

    With ``slots``, worker processes save their candidates there themselves.
    """
    count = len(seeds)
    done = [0.0] * count
    lock = threading.Lock()

    def progress(index: int, share: float) -> None:
        with lock:
            done[index] = share
            total = sum(done) / count
        tc.report(total, f"{index + 1}/{count}")

    paths = [str(slot.path) for slot in slots] if slots else None
    return draw_many(tc.engines.generate, prompt, seeds, aspect, progress, tc.cancel, paths)


def vary_images(
    tc: ToolContext, parent: Json, strength: str, seeds: list[int], aspect: str, extra: str
) -> list[Any]:
    """Variations of ``parent``: subtle re-takes of its pixels, or strong new drawings."""
    from photogen.engine import vary

    found = resolve_media(tc.store, tc.config.media_dir, str(parent["url"]), tc.user_id)
    if found is None:
        raise ToolError("I can't find that photo")
    with Image.open(found[1]) as img:
        source = img.convert("RGB")
    engine = str(parent.get("engine") or "vary")
    if strength == "subtle":
        source = _graded(tc, source, extra)
        return [_Take(vary.subtle(source, s), s, engine, []) for s in seeds]
    prompt = f"{parent.get('prompt') or 'a photo'}, {extra}".strip(", ")
    drawn = draw_grid(tc, prompt, aspect, seeds)
    return [
        d if isinstance(d, Exception) else _Take(vary.strong(source, d.image), d.seed, d.engine, [])
        for d in drawn
    ]


def _graded(tc: ToolContext, image: Image.Image, extra: str) -> Image.Image:
    """``image`` in the grade ``extra`` names ("warmer", "more cinematic"), else unchanged."""
    for word in reversed(extra.split()):
        try:
            return edit_outcome(tc.engines.edit(image, {"grade": word})).image
        except ValueError:
            continue
    return image


class _Take:
    """A variation, shaped like the engine's ``Generated``."""

    def __init__(self, image: Image.Image, seed: int, engine: str, notes: list[str]) -> None:
        self.image, self.seed, self.engine, self.notes = image, seed, engine, notes


def store_grid(
    tc: ToolContext,
    prompt: str,
    aspect: str,
    made: list[Any],
    parent: Json,
    grid_id: str,
    slots: list[MediaSlot],
) -> Json:
    """Save the drawn candidates, make them the session's grid, answer the call.

    Args:
        tc: The call's context.
        prompt: The prompt the candidates were drawn from.
        aspect: Their aspect.
        made: Engine results (some already saved by a worker) or exceptions, in order.
        parent: ``{kind, url?, strength?}`` of every candidate.
        grid_id: The grid's id.
        slots: One media slot per candidate.
    """
    failed = [
        {"candidate": n, "message": str(r)[:200]}
        for n, r in enumerate(made, start=1)
        if isinstance(r, Exception)
    ]
    kept = [
        (n, r, slots[n - 1]) for n, r in enumerate(made, start=1) if not isinstance(r, Exception)
    ]
    if not kept:
        raise ToolError(failed[0]["message"] if failed else "No candidate could be drawn")
    with ThreadPoolExecutor(max_workers=len(kept)) as pool:  # PNG encoding leaves the GIL
        items = list(pool.map(lambda k: _save(tc, prompt, k[0], k[1], k[2], grid_id, parent), kept))
    for _, _, slot in kept:
        tc.store.add_media(
            slot.key, tc.user_id, tc.session_id, slot.relpath, slot.path.name, "image"
        )
    size = (items[0]["width"], items[0]["height"])

    def change(state: Json) -> None:
        set_canvas(state, aspect, size)
        state.setdefault("generated_media", []).extend(items)
        state["grid"] = {"id": grid_id, "prompt": prompt, "items": [i["url"] for i in items]}

    tc.store.update_state(tc.session_id, change)
    return grid_result(items, failed)


def _save(
    tc: ToolContext,
    prompt: str,
    number: int,
    result: Any,
    slot: MediaSlot,
    grid_id: str,
    parent: Json,
) -> Json:
    """One candidate on disk (unless its worker saved it); its ``generated_media`` item."""
    meta = {"prompt": prompt, "seed": result.seed, "engine": result.engine}
    if getattr(result, "saved", None) is None:
        tc.engines.save_still(result.image, slot.path, "png", meta)
        width, height = result.image.size
    else:
        width, height = result.size
    return {
        "type": "image",
        "url": slot.url,
        "width": width,
        "height": height,
        **meta,
        "notes": list(result.notes or []),
        "candidate": number,
        "grid": grid_id,
        "parent": parent,
    }


def grid_result(items: list[Json], failed: list[Json]) -> Json:
    """The function response of a grid: the first image's fields plus every candidate."""
    first = items[0]
    return {
        "status": "success",
        "image_url": first["url"],
        "width": first["width"],
        "height": first["height"],
        "seed": first["seed"],
        "engine": first["engine"],
        "notes": first["notes"],
        "images": [i["url"] for i in items],
        "seeds": [i["seed"] for i in items],
        "candidates": [
            {"candidate": i["candidate"], "url": i["url"], "seed": i["seed"], "parent": i["parent"]}
            for i in items
        ],
        "failed": failed,
        "grid": first["grid"],
    }


def use_candidate(tc: ToolContext, args: Json) -> Json:
    """Put candidate ``index`` of the current grid (or the photo at ``url``) on the timeline."""
    row = tc.store.get_session(tc.user_id, tc.session_id)
    if row is None:
        raise ToolError("The session is gone")
    state = row["state"]
    url = args.get("url") or _grid_url(state, args.get("index"))
    item = find_media(state, str(url))
    if item is None:
        raise ToolError("I can't find that photo")
    name = str(item.get("prompt") or "photo")[:60]
    shown = [
        seg.get("m", {}).get("url") for seg in draftops.video_segments(state.get("draft") or {})
    ]
    on_timeline = str(item["url"]) in shown

    def change(state: Json) -> None:
        draftops.add_still(draftops.ensure_draft(state), name, str(item["url"]))

    if not on_timeline:  # using a photo twice does not show it twice
        tc.store.update_state(tc.session_id, change)
    return {
        "status": "success",
        "image_url": item["url"],
        "width": item.get("width"),
        "height": item.get("height"),
        "seed": item.get("seed"),
        "candidate": item.get("candidate"),
        "used": True,
    }


def _grid_url(state: Json, index: Any) -> str:
    urls = (state.get("grid") or {}).get("items") or []
    if not urls:
        raise ToolError("There is no grid to pick from yet: describe a photo first")
    if not isinstance(index, int) or not 1 <= index <= len(urls):
        raise ToolError(f"The grid has candidates 1 to {len(urls)}")
    return str(urls[index - 1])


def variation_parent(tc: ToolContext, args: Json) -> Json:
    """The photo a variation call starts from (``variation_of``: a URL or a grid number)."""
    row = tc.store.get_session(tc.user_id, tc.session_id)
    state = row["state"] if row else {}
    wanted = args.get("variation_of")
    url = _grid_url(state, wanted) if isinstance(wanted, int) else str(wanted)
    item = find_media(state, url)
    if item is None:
        raise ToolError("I can't find that photo")
    return item
