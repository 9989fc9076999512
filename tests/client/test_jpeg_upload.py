"""A ``.jpeg`` upload is an image like ``.jpg`` (contract §5c), end to end on the real server."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from photogen.wire.formats import ACCEPTED_UPLOADS
from tests.client.live import live_client


async def test_a_jpeg_upload_is_an_image(live_server, tmp_path: Path) -> None:
    photo = tmp_path / "Holiday.JPEG"
    Image.new("RGB", (40, 30), (200, 120, 10)).save(photo, "JPEG")
    async with live_client(live_server().url, tmp_path / "cfg") as client:
        session = await client.create_session()
        result = await client.upload_files(session.session_id, [photo])
        assert result.files[0].file_type == "image"
        state = await client.state(session.session_id)
    assert [info.file_type for info in state.state.video_infos] == ["image"]


def test_jpeg_is_an_accepted_image_format() -> None:
    assert "jpeg" in ACCEPTED_UPLOADS
