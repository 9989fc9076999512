"""Uploads: magic bytes, local checks before any request, HEIC->JPEG, a streamed body."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image

from photogen.client import FileTooLarge, LocalFileError, UnsupportedFile
from photogen.client.uploads import CHUNK_BYTES, MultipartBody, check_file
from photogen.wire.formats import sniff
from tests.client.conftest import envelope, token_response

SAMPLES: dict[str, bytes] = {
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "gif": b"GIF89a\x01\x00\x01\x00",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt ",
    "avi": b"RIFF\x24\x00\x00\x00AVI LIST",
    "mp4": b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
    "mov": b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ",
    "m4a": b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom",
    "heic": b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heicmiaf",
    "webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm",
    "mkv": b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska",
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "aac": b"\xff\xf1\x50\x80\x02\x1f\xfc",
}


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_magic_bytes(fmt):
    assert sniff(SAMPLES[fmt]) == fmt


def test_frame_synced_mp3_and_old_quicktime():
    assert sniff(b"\xff\xfb\x90\x64\x00") == "mp3"
    assert sniff(b"\x00\x00\x00\x08wide\x00\x00\x00\x00mdat") == "mov"


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"hello world",
        b"%PDF-1.7",
        b"PK\x03\x04",
        b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00mif1",
        b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00avifmiaf",
    ],
)
def test_unsupported_heads(head):
    assert sniff(head) is None


def test_type_is_read_from_bytes_not_the_name(tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_text("not really a photo")
    with pytest.raises(UnsupportedFile) as info:
        check_file(fake)
    assert "heic" in info.value.accepted and "mp4" in info.value.accepted
    real = tmp_path / "clip.bin"
    real.write_bytes(SAMPLES["mp4"])
    assert check_file(real).fmt == "mp4"


def test_missing_and_directory(tmp_path):
    with pytest.raises(LocalFileError, match="not found"):
        check_file(tmp_path / "nope.png")
    with pytest.raises(LocalFileError):
        check_file(tmp_path)


def test_too_large_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.mp4"
    with big.open("wb") as fh:
        fh.write(SAMPLES["mp4"])
        fh.truncate(200 * 1024 * 1024 + 1)  # sparse: no disk used
    with pytest.raises(FileTooLarge) as info:
        check_file(big)
    assert info.value.limit_bytes == 200 * 1024 * 1024 and info.value.code == 4002


async def test_local_checks_fail_before_any_request(mock_client, tmp_path):
    good = tmp_path / "a.png"
    good.write_bytes(SAMPLES["png"])
    bad = tmp_path / "b.txt"
    bad.write_text("text")
    requests: list[httpx.Request] = []
    client = mock_client(lambda r: requests.append(r) or token_response())
    with pytest.raises(UnsupportedFile):
        await client.upload_files("s1", [good, bad])
    assert requests == []


def _png(path: Path) -> Path:
    Image.new("RGB", (8, 8), (1, 2, 3)).save(path, "PNG")
    return path


def recording_server(seen: list[httpx.Request]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        seen.append(request)
        files = [{"filename": "x", "file_type": "image", "cdn_url": "/media/x"}]
        return httpx.Response(200, json=envelope({"files": files, "session_state_applied": True}))

    return handler


async def test_multipart_body_is_valid_with_repeated_files_field(mock_client, tmp_path):
    from starlette.datastructures import UploadFile
    from starlette.formparsers import MultiPartParser

    a = _png(tmp_path / 'we"ird\nname.png')
    b = tmp_path / "song.mp3"
    b.write_bytes(SAMPLES["mp3"] + b"\x00" * 1000)
    seen: list[httpx.Request] = []
    progress: list[tuple[int, int]] = []
    result = await mock_client(recording_server(seen)).upload_files(
        "s 1", [a, b], lambda done, total: progress.append((done, total))
    )
    assert result.session_state_applied and result.files[0].cdn_url == "/media/x"
    request = seen[0]
    assert request.url.raw_path == b"/api/upload-video/nemo_agent/me/s%201"
    assert int(request.headers["content-length"]) == len(request.content)
    assert "transfer-encoding" not in request.headers

    async def stream():
        yield request.content

    form = await MultiPartParser(request.headers, stream()).parse()
    try:
        parts = form.getlist("files")
        assert [isinstance(p, UploadFile) for p in parts] == [True, True]
        assert parts[0].filename == "we_ird_name.png" and parts[0].content_type == "image/png"
        assert await parts[1].read() == b.read_bytes()
    finally:
        await form.close()
    assert progress[-1] == (len(request.content), len(request.content))
    assert all(x <= y for (x, _), (y, _) in zip(progress, progress[1:], strict=False))


async def test_heic_is_converted_to_jpeg(mock_client, tmp_path):
    import pillow_heif

    src = tmp_path / "IMG_0001.HEIC"
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (32, 24), (200, 10, 10))).save(buffer, quality=80)
    src.write_bytes(buffer.getvalue())
    seen: list[httpx.Request] = []
    await mock_client(recording_server(seen)).upload_files("s1", [src])
    body = seen[0].content
    assert b'filename="IMG_0001.jpg"' in body and b"Content-Type: image/jpeg" in body
    start = body.index(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(body[start:])) as image:
        assert image.size == (32, 24)


class ConsumingTransport(httpx.AsyncBaseTransport):
    """Reads the request body chunk by chunk, as a real socket would, keeping nothing."""

    def __init__(self) -> None:
        self.received = 0
        self.largest_chunk = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        async for chunk in request.stream:
            self.received += len(chunk)
            self.largest_chunk = max(self.largest_chunk, len(chunk))
        return httpx.Response(200, json=envelope({"files": [], "session_state_applied": True}))


async def test_memory_stays_flat_for_a_large_upload(settings, tmp_path):
    from photogen.client import NemoClient

    big = tmp_path / "big.mp4"
    size = 64 * 1024 * 1024
    with big.open("wb") as fh:
        fh.write(SAMPLES["mp4"])
        fh.truncate(size)
    transport = ConsumingTransport()
    async with NemoClient(settings, transport=transport) as client:
        await client.ensure_token()
        tracemalloc.start()
        try:
            await client.upload_files("s1", [big])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert transport.received > size
    assert transport.largest_chunk <= CHUNK_BYTES
    assert peak < 8 * CHUNK_BYTES, f"peak {peak / 2**20:.1f} MiB"


def test_body_length_matches_what_is_generated(tmp_path):
    import asyncio

    files = [check_file(_png(tmp_path / f"{i}.png")) for i in range(3)]
    body = MultipartBody(files)

    async def drain() -> bytes:
        return b"".join([chunk async for chunk in body])

    assert len(asyncio.run(drain())) == body.length


async def test_upload_urls(mock_client):
    seen: list[httpx.Request] = []
    await mock_client(recording_server(seen)).upload_urls("s1", ["https://x/clip.mp4"])
    assert seen[0].headers["content-type"] == "application/json"
    import json

    assert json.loads(seen[0].content) == {"urls": ["https://x/clip.mp4"], "source_type": "url"}


async def test_upload_after_429_resends_a_whole_body_once(mock_client, tmp_path, sleeps):
    image = _png(tmp_path / "a.png")
    bodies: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        bodies.append(request)
        if len(bodies) == 1:
            return httpx.Response(429, headers={"Retry-After": "1"}, json=envelope(code=429))
        return httpx.Response(200, json=envelope({"files": [], "session_state_applied": True}))

    await mock_client(handler).upload_files("s1", [image])
    assert len(bodies) == 2 and sleeps.calls == [1.0]
    assert bodies[0].content == bodies[1].content
    assert int(bodies[1].headers["content-length"]) == len(bodies[1].content)
