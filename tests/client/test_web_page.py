"""A captive portal or proxy login page on loopback: every endpoint says "a web page"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from photogen.client import WebPageAnswer
from photogen.client.errors import WEB_PAGE_MESSAGE
from photogen.core.errors import describe_error
from tests.client.live import live_client

PORTAL = b"<!doctype html><html><body><h1>Welcome to Hotel WiFi</h1>Log in</body></html>"


class Portal(BaseHTTPRequestHandler):
    """Answers every request 200 with a login page, as a captive portal does."""

    def _page(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PORTAL)))
        self.end_headers()
        self.wfile.write(PORTAL)

    do_GET = do_POST = _page

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_the_token_call_is_a_web_page(portal: str, tmp_path: Path) -> None:
    async with live_client(portal, tmp_path / "cfg") as client:
        with pytest.raises(WebPageAnswer) as info:
            await client.credits()
    assert info.value.message == WEB_PAGE_MESSAGE
    assert "proxy or captive portal" in str(describe_error(info.value))


async def test_every_endpoint_is_a_web_page(portal: str, tmp_path: Path) -> None:
    async with live_client(portal, tmp_path / "cfg", token="nmv_usr_mine1234567") as client:
        with pytest.raises(WebPageAnswer):
            await client.state("s1")
        with pytest.raises(WebPageAnswer):
            async for _ in client.run_sse("s1", "hello"):
                pass
        with pytest.raises(WebPageAnswer):
            await client.poll_render("render_1")
        with pytest.raises(WebPageAnswer):
            await client.download(f"{portal}/media/photo.png", tmp_path / "out", "photo.png")
    assert not (tmp_path / "out" / "photo.png").exists()  # the page is never saved as a photo
