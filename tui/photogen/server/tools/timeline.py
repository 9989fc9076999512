"""The ``edit_multitrack`` tool: timeline operations (:mod:`photogen.server.multitrack`)."""

from __future__ import annotations

from photogen.server import draftops
from photogen.server.config import ServerConfig
from photogen.server.media import resolve_media
from photogen.server.multitrack import apply_operations, relative_media_url
from photogen.server.tools.registry import Json, ToolContext


def per_edit(args: Json, config: ServerConfig) -> int:
    """The price of one timeline edit, whatever it changes."""
    return config.credits_per_edit


def edit_multitrack(tc: ToolContext, args: Json) -> Json:
    """Apply timeline operations; all or nothing."""

    def resolve_audio(url: str) -> str | None:
        found = resolve_media(tc.store, tc.config.media_dir, url, tc.user_id)
        if found is None or found[0]["file_type"] != "audio":
            return None
        return relative_media_url(url)

    ops = args.get("operations") or []
    try:
        changed = tc.store.update_state(
            tc.session_id,
            lambda state: apply_operations(state, ops, resolve_audio, tc.engines.aspect),
        )
    except draftops.DraftError as exc:
        return {"status": "error", "message": str(exc)}
    return {"result": "ok", "changed": changed}
