"""ctrl+r ("another variation") after an edit re-draws the last photo, not the edit."""

from __future__ import annotations

from pathlib import Path

from tests.client.live import live_client


async def _turn(client, session_id: str, text: str) -> None:
    async for _ in client.run_sse(session_id, text):
        pass


async def test_a_variation_after_an_edit_varies_the_last_photo(live_server, tmp_path: Path):
    async with live_client(live_server().url, tmp_path / "cfg") as client:
        sid = (await client.create_session()).session_id
        await _turn(client, sid, "a lighthouse at dusk")
        await _turn(client, sid, "make it warmer")
        await _turn(client, sid, "another variation")
        media = (await client.state(sid)).state.generated_media
    assert len(media) == 3, [m.prompt for m in media]
    photo, edit, variation = media
    # the edit really happened in between: it names its source and keeps the photo's words
    assert (edit.model_extra or {}).get("source") and edit.url != photo.url
    assert (edit.model_extra or {}).get("edit") == "make it warmer"
    assert variation.prompt == photo.prompt
    assert variation.seed == (photo.seed or 0) + 1
