"""No token reaches the screen, the log or the history: every server text is redacted."""

from __future__ import annotations

import logging

import httpx
import pytest

from photogen.client import ApiError, StreamError, TextItem
from photogen.wire.safety import REDACTED, redact, remember_secret, server_text
from tests.client.conftest import SSE_HEADERS, envelope, sse, token_response

OWN = "plainOwnTok42xy"
"""The client's own token, not shaped like one: only knowing it can redact it."""


def quoting(answer: httpx.Response):
    """Hands out :data:`OWN`, then answers every call with ``answer``."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/auth/anonymous-token":
            return token_response(token=OWN)
        return answer

    return handler


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Illegal header value b'Bearer abc.def-ghi'", "Illegal header value b'Bearer "),
        ("jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f", "jwt "),
        ("key nmv_usr_Zx81kLmQp0aaBBccDDeeFF11", "key "),
        ('{"token": "0123456789abcdef", "x": 1}', '{"token": "'),
        ("query ?access_token=abcdefgh123&x=1", "query ?access_token="),
        ("raw Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo end", "raw "),
        ("Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo is not valid", ""),
        ("bad (Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo)", "bad ("),
    ],
)
def test_token_shapes_are_redacted(text: str, kept: str) -> None:
    out = redact(text)
    assert out.startswith(kept) and REDACTED in out
    assert not any(piece in out for piece in ("abc.def", "SflKx", "Zx81", "0123456789ab"))


@pytest.mark.parametrize(
    "text",
    [
        "see https://cdn.test/u/Zm9vYmFyQmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo.png",
        "at http://127.0.0.1:8765/media/Ab3dEfGh1jKlMn0pQrStUv/photo.png",
        "the token is invalid or expired",
        "render 0123456789abcdef0123456789abcdef failed",  # hex ids are not secrets
    ],
)
def test_ordinary_text_and_url_paths_are_kept(text: str) -> None:
    assert redact(text) == text


def test_a_known_secret_goes_wherever_it_appears() -> None:
    remember_secret("mysecretvalue7")
    assert server_text("a\x1b[31mmysecretvalue7b") == f"a{REDACTED}b"


async def test_error_envelope_quoting_the_token(mock_client, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="photogen")
    body = envelope(code=5000, message=f"tool failed: Authorization=Bearer {OWN} rejected")
    client = mock_client(quoting(httpx.Response(500, json=body)))
    with pytest.raises(ApiError) as info:
        await client.credits()
    assert OWN not in info.value.message and OWN not in str(info.value)
    assert "tool failed" in info.value.message
    assert OWN not in caplog.text


async def test_final_error_line_and_text_quoting_the_token(mock_client) -> None:
    said = {"content": {"parts": [{"text": f"I used {OWN} for you"}]}, "author": "nemo_agent"}
    final = {"error": f"ValueError: bad header {OWN}", "error_details": {"error_type": "X"}}
    stream = httpx.Response(200, headers=SSE_HEADERS, content=sse(said, final))
    items = []
    with pytest.raises(StreamError) as info:
        async for item in mock_client(quoting(stream)).run_sse("s1", "hi"):
            items.append(item)
    assert items == [TextItem(f"I used {REDACTED} for you", False, "nemo_agent")]
    assert OWN not in info.value.message and "bad header" in info.value.message


async def test_render_poll_error_quoting_the_token(mock_client) -> None:
    failed = {"success": True, "data": {"status": "failed", "error": f"401 for token={OWN}"}}
    status = await mock_client(quoting(httpx.Response(200, json=failed))).poll_render("render_1")
    assert status.error is not None and OWN not in status.error
