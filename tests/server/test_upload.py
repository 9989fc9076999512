"""Uploads: magic bytes, several files, 4001, 4002 cut off while streaming, URLs."""

from __future__ import annotations

import io
import os

import httpx
import pytest
from PIL import Image

from photogen.wire.formats import upload_kind

from .conftest import png_bytes

HEADS = {
    b"\xff\xd8\xff\xe0" + b"\0" * 60: ("image", "jpg"),
    b"\x89PNG\r\n\x1a\n" + b"\0" * 56: ("image", "png"),
    b"GIF89a" + b"\0" * 58: ("image", "gif"),
    b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 48: ("image", "webp"),
    b"RIFF\0\0\0\0WAVEfmt " + b"\0" * 48: ("audio", "wav"),
    b"RIFF\0\0\0\0AVI LIST" + b"\0" * 48: ("video", "avi"),
    b"\0\0\0\x18ftypisom" + b"\0" * 52: ("video", "mp4"),
    b"\0\0\0\x14ftypqt  " + b"\0" * 52: ("video", "mov"),
    b"\0\0\0\x18ftypM4A " + b"\0" * 52: ("audio", "m4a"),
    b"\x1a\x45\xdf\xa3\x9f\x42\x82\x84webm" + b"\0" * 52: ("video", "webm"),
    b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska" + b"\0" * 48: ("video", "mkv"),
    b"ID3\x04" + b"\0" * 60: ("audio", "mp3"),
    b"\xff\xfb\x90\x64" + b"\0" * 60: ("audio", "mp3"),
    b"\xff\xf1\x50\x80" + b"\0" * 60: ("audio", "aac"),
    b"\0\0\0\x18ftypheic" + b"\0" * 52: None,
    b"%PDF-1.7" + b"\0" * 56: None,
    b"hello world": None,
}


@pytest.mark.parametrize("head,expected", list(HEADS.items()))
def test_sniff(head, expected):
    accepted = upload_kind(head)
    assert (None if accepted is None else (accepted.kind, accepted.ext)) == expected


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "blue").save(buf, format="JPEG")
    return buf.getvalue()


def test_several_files_in_one_call(server, api_for):
    api = api_for(server().url)
    r = api.upload(("a.png", png_bytes((32, 24))), ("../../b.jpg", _jpeg()))
    data = r.json()["data"]
    assert r.json()["code"] == 0 and data["session_state_applied"] is True
    png, jpg = data["files"]
    assert (png["file_type"], png["width"], png["height"]) == ("image", 32, 24)
    assert jpg["filename"] == "b.jpg" and jpg["format"] == "jpg"
    assert png["cdn_url"].startswith(api.url + "/media/") and len(png["hash"]) == 16
    assert [v["filename"] for v in api.state()["video_infos"]] == ["a.png", "b.jpg"]
    assert httpx.get(png["cdn_url"]).content == png_bytes((32, 24))


def test_unsupported_type_is_4001_with_accepted_list(server, api_for):
    api = api_for(server().url)
    r = api.upload(("notes.png", b"just some text pretending to be a png" * 3))
    body = r.json()
    assert r.status_code == 200 and body["code"] == 4001
    assert "jpg" in body["message"] and "mp4" in body["message"] and "wav" in body["message"]
    assert api.upload(("empty.png", b"")).json()["code"] == 4001
    assert api.state()["video_infos"] == []


def _multipart(name: str, head: bytes, total: int, boundary: str = "pgBOUNDARY"):
    """A streamed multipart body with one file of ``total`` bytes (1 MiB chunks)."""

    def gen():
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        yield head
        left = total - len(head)
        chunk = b"\0" * (1 << 20)
        while left > 0:
            yield chunk[: min(left, len(chunk))]
            left -= min(left, len(chunk))
        yield f"\r\n--{boundary}--\r\n".encode()

    return gen(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_too_large_is_cut_off_while_streaming(server, api_for):
    srv = server(upload_limit_bytes=1 << 20)
    api = api_for(srv.url)
    body, headers = _multipart("big.png", b"\x89PNG\r\n\x1a\n", (1 << 20) + 300_000)
    r = api.post(f"/api/upload-video/nemo_agent/me/{api.session_id}", content=body, headers=headers)
    assert r.json()["code"] == 4002 and "1 MB" in r.json()["message"]
    leftovers = [f for _, _, fs in os.walk(srv.config.media_dir) for f in fs]
    assert leftovers == [] and api.state()["video_infos"] == []
    assert api.upload(("ok.png", png_bytes())).json()["code"] == 0


def test_far_too_large_closes_but_server_keeps_serving(server, api_for):
    srv = server(upload_limit_bytes=1 << 20)
    api = api_for(srv.url)
    body, headers = _multipart("huge.png", b"\x89PNG\r\n\x1a\n", 6 << 20)
    try:
        r = api.post(
            f"/api/upload-video/nemo_agent/me/{api.session_id}", content=body, headers=headers
        )
        assert r.json()["code"] == 4002
    except httpx.TransportError:
        pass  # past the drain bound the server may close the connection instead
    assert httpx.get(f"{srv.url}/health").json() == {"status": "ok"}


def test_url_uploads_loopback_only(server, api_for):
    api = api_for(server().url)
    first = api.upload(("p.png", png_bytes())).json()["data"]["files"][0]
    path = f"/api/upload-video/nemo_agent/me/{api.session_id}"
    r = api.post(path, json={"urls": [first["cdn_url"]], "source_type": "url"})
    assert r.json()["code"] == 0 and r.json()["data"]["files"][0]["file_type"] == "image"
    for url in ("https://example.com/a.png", "file:///etc/passwd", "ftp://127.0.0.1/x"):
        r = api.post(path, json={"urls": [url], "source_type": "url"})
        assert r.status_code == 422 and "does not download" in r.json()["message"]
    r = api.post(path, json={"urls": [api.url + "/media/nope/x.png"]})
    assert r.status_code == 422 and r.json()["code"] == 422
    assert len(api.state()["video_infos"]) == 2


def test_missing_media_is_a_plain_404_not_a_lost_session(server):
    r = httpx.get(f"{server().url}/media/AAAAAAAAAAAAAAAAAAAAAA/nothing.png", timeout=10)
    assert r.status_code == 404
    assert r.json()["code"] == 404, "1002 would make the client start a new session"
