"""Export against the real embedded server: shapes A and B, retry, 402, download fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from photogen.client import NemoClient, OutOfCredits, PlanBlocked
from tests.client.live import DropHeaders, live_client, rendered

ATTRIBUTION = ("x-skill-source", "x-skill-version", "x-skill-platform")


async def photo_draft(client: NemoClient, session_id: str, tmp_path: Path) -> dict:
    """A one-photo, one-second draft built from an uploaded image."""
    image = tmp_path / "photo.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(image)
    uploaded = await client.upload_files(session_id, [image])
    url = uploaded.files[0].cdn_url
    segment = {"d": 1000, "m": {"name": "photo", "url": url, "start": 0}}
    return {"d": 1000, "m": {"width": 320, "height": 240}, "t": [{"tt": 0, "sg": [segment]}]}


@pytest.mark.parametrize("shape", ["A", "B", "C"])
async def test_render_poll_and_download(live_server, tmp_path, shape):
    server = live_server(render_shape=shape)
    seen = []
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        status = await rendered(client, session.session_id, draft, seen=seen)
        assert status.status == "completed" and status.url and status.id.startswith("render_")
        out = tmp_path / "out"
        first = await client.download(status.url, out, "../clip.mp4")
        second = await client.download(status.url, out, "clip.mp4")
    assert (first.name, second.name) == ("clip.mp4", "clip-2.mp4")
    assert first.read_bytes()[4:8] == b"ftyp" and first.read_bytes() == second.read_bytes()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert seen[0].status in ("pending", "processing") and seen[-1].status == "completed"


async def test_poll_render_by_id(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        submitted = await client.submit_render(session.session_id, draft, "mp4")
        assert submitted.status in ("pending", "processing")
        polled = await client.poll_render(submitted.id)
        assert polled.id == submitted.id


async def test_missing_attribution_is_plan_blocked_not_credits(live_server, tmp_path):
    server = live_server()
    transport = DropHeaders(ATTRIBUTION, "/api/render/")
    async with live_client(server.url, tmp_path / "cfg", transport=transport) as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        with pytest.raises(PlanBlocked) as info:
            await client.submit_render(session.session_id, draft)
    assert info.value.status == 402 and not isinstance(info.value, OutOfCredits)


async def test_download_falls_back_to_the_render_route(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        status = await rendered(client, session.session_id, draft)
        path = await client.download(
            status.url + ".gone", tmp_path / "out", "x.mp4", render_id=status.id
        )
    assert path.read_bytes()[4:8] == b"ftyp"


async def test_still_export(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        still = await rendered(client, session.session_id, draft, "png")
        assert still.status == "completed", still.error
        png = await client.download(still.url, tmp_path / "out", "still.png")
    with Image.open(png) as image:
        assert image.format == "PNG"


async def test_cancel(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        job = await client.submit_render(session.session_id, draft, "mp4")
        await client.cancel_render(job.id)
        after = await client.poll_render(job.id)
    assert after.status in ("cancelled", "completed")  # it may finish before the cancel


async def test_render_body_is_exactly_the_contract(live_server, tmp_path):
    server = live_server()
    async with live_client(server.url, tmp_path / "cfg") as client:
        session = await client.create_session()
        draft = await photo_draft(client, session.session_id, tmp_path)
        status = await client.submit_render(
            session.session_id, draft, "mp4", quality="high", resolution="1080p"
        )
    assert status.id and json.dumps(draft)  # accepted by the server's RenderRequest
