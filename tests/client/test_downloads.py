"""Downloads: URL resolution, token only to our origin, safe names, no overwrite, atomic."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from photogen.client import ApiError, TransportError
from photogen.client.downloads import free_path, place
from tests.client.conftest import TOKEN, token_response


def files_server(routes: dict[str, httpx.Response], seen: list[httpx.Request]):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response()
        seen.append(request)
        return routes.get(str(request.url), httpx.Response(404, json={"detail": "Not Found"}))

    return handler


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The download folder (the config dir lives beside it)."""
    return tmp_path / "out"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


async def test_relative_url_with_bearer_and_progress(mock_client, out):
    seen: list[httpx.Request] = []
    routes = {"http://mock.test/media/a.png": httpx.Response(200, content=b"PNGDATA")}
    progress: list[tuple[int, int]] = []
    path = await mock_client(files_server(routes, seen)).download(
        "/media/a.png", out, "a.png", lambda d, t: progress.append((d, t))
    )
    assert path == out / "a.png" and path.read_bytes() == b"PNGDATA"
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert seen[0].headers["x-skill-source"] == "photogen-tui"
    assert progress[-1] == (7, 7)
    assert leftovers(out) == []
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask, "a saved file is not private-only"


async def test_other_hosts_never_get_the_token(mock_client, out):
    seen: list[httpx.Request] = []
    routes = {"https://cdn.example/v/x.mp4": httpx.Response(200, content=b"MP4")}
    await mock_client(files_server(routes, seen)).download(
        "https://cdn.example/v/x.mp4", out, "x.mp4"
    )
    assert "authorization" not in seen[0].headers


async def test_names_are_sanitised_and_never_overwrite(mock_client, out):
    seen: list[httpx.Request] = []
    routes = {"http://mock.test/f": httpx.Response(200, content=b"new")}
    out.mkdir()
    (out / "evil.png").write_bytes(b"old")
    client = mock_client(files_server(routes, seen))
    first = await client.download("/f", out, "../../etc/\x1b[31mevil.png")
    second = await client.download("/f", out, "evil.png")
    assert first == out / "evil-2.png" and second == out / "evil-3.png"
    assert (out / "evil.png").read_bytes() == b"old"
    assert sorted(p.name for p in out.parent.iterdir()) == ["config", "out"]


async def test_failed_url_falls_back_to_the_render_route(mock_client, out):
    seen: list[httpx.Request] = []
    routes = {
        "http://mock.test/api/render/proxy/render_1/download": httpx.Response(200, content=b"VIDEO")
    }
    path = await mock_client(files_server(routes, seen)).download(
        "https://cdn.example/gone.mp4", out, "out.mp4", render_id="render_1"
    )
    assert path.read_bytes() == b"VIDEO"
    assert [str(r.url) for r in seen] == [
        "https://cdn.example/gone.mp4",
        "http://mock.test/api/render/proxy/render_1/download",
    ]
    assert leftovers(out) == []


async def test_http_error_without_fallback_is_an_api_error(mock_client, out):
    with pytest.raises(ApiError) as info:
        await mock_client(files_server({}, [])).download("/missing.png", out, "m.png")
    assert info.value.status == 404
    assert list(out.iterdir()) == []  # the folder was made; no file, no temp file


async def test_connection_dropped_mid_file_leaves_nothing(mock_client, out):
    async def broken() -> AsyncIterator[bytes]:
        yield b"partial"
        raise httpx.ReadError("connection reset")

    routes = {"http://mock.test/f.mp4": httpx.Response(200, content=broken())}
    with pytest.raises(TransportError):
        await mock_client(files_server(routes, [])).download("/f.mp4", out, "f.mp4")
    assert list(out.iterdir()) == []  # the folder was made; no file, no temp file


def test_free_path_and_place(tmp_path):
    assert free_path(tmp_path, "") == tmp_path / "download"
    (tmp_path / "a.txt").write_text("1")
    (tmp_path / "a-2.txt").write_text("2")
    assert free_path(tmp_path, "a.txt") == tmp_path / "a-3.txt"
    tmp = tmp_path / ".part"
    tmp.write_text("3")
    assert place(tmp, tmp_path, "a.txt").read_text() == "3"
    assert not tmp.exists()
