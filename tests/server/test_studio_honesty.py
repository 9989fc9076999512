"""Offline photos say what was drawn: the real agent and the studio engine over loopback."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.server.conftest import Api, texts


@pytest.fixture
def api(live_server: Callable[..., Any]) -> Any:
    client = Api(live_server().url)
    client.login()
    client.new_session()
    yield client
    client.close()


def _reply_and_photo(api: Any, prompt: str) -> tuple[str, Any]:
    said = " ".join(texts(api.run(prompt)))
    media = api.state()["generated_media"]
    assert media, f"no photo for {prompt!r}: {said}"
    data = httpx.get(media[-1]["url"], timeout=10).content
    return said, np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.float32)


def test_an_unknown_subject_never_fails_the_turn_and_the_reply_names_what_was_drawn(
    api: Any,
) -> None:
    said, _ = _reply_and_photo(api, "a golden retriever on a beach")
    assert (
        'I can\'t draw "golden retriever" offline; I drew a beach in daylight. '
        "`photogen-tui models pull lcm-dreamshaper` draws anything."
    ) in said
    said, _ = _reply_and_photo(api, "a teapot on a pink backdrop")
    assert 'I can\'t draw "teapot" offline; I drew an empty pink backdrop.' in said


def test_lipstick_on_a_pink_backdrop_is_drawn(api: Any) -> None:
    said, pixels = _reply_and_photo(api, "lipstick on a pink backdrop")
    assert "Made a lipstick on a pink backdrop" in said and "can't draw" not in said
    corner = pixels[:60, :60].reshape(-1, 3).mean(axis=0)
    assert corner[0] > 180 and corner[0] > corner[1] + 40, "the backdrop is pink"


def test_a_red_sneaker_on_a_blue_backdrop_gets_the_blue_backdrop(api: Any) -> None:
    said, pixels = _reply_and_photo(api, "a red sneaker on a blue backdrop")
    assert "Made a red sneaker on a blue backdrop" in said
    corner = pixels[:60, :60].reshape(-1, 3).mean(axis=0)
    assert corner[2] > corner[0] + 40, "the backdrop is blue"


def test_a_subject_named_alone_is_a_photo_request_with_an_honest_reply(api: Any) -> None:
    said, _ = _reply_and_photo(api, "a teapot")
    assert 'I can\'t draw "teapot" offline; I drew mountains in daylight.' in said
