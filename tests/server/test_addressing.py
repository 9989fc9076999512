"""Edits address the photo the user names: by name, ordinal, "this one", or "each"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from photogen.server.agent import AgentContext
from photogen.wire import MediaInfo
from tests.server.conftest import png_bytes, texts
from tests.server.test_agent_support import FRESH, says, tools

BOX = MediaInfo(filename="box.jpg", file_type="image", cdn_url="/media/k1/box.jpg")
CAN = MediaInfo(filename="can.webp", file_type="image", cdn_url="/media/k2/can.webp")
BALL = MediaInfo(filename="ball.heic", file_type="image", cdn_url="/media/k3/ball.heic")
THREE = replace(FRESH, uploads=(BOX, CAN, BALL))


def edited(text: str, ctx: AgentContext) -> list[str]:
    """The photo names of a plan's edit steps, in order."""
    steps = tools(text, ctx)
    assert all(step.name == "edit_image" for step in steps), steps
    return [step.args["photo"] for step in steps]


@pytest.mark.parametrize(
    ("text", "photo"),
    [
        ("put the box on a white background", "box.jpg"),
        ("put can.webp on a blue background", "can.webp"),
        ("make the first photo cinematic", "box.jpg"),
        ("make the second image black and white", "can.webp"),
        ("crop the last photo to 9:16", "ball.heic"),
        ("make photo 3 warmer", "ball.heic"),
        ("把第二张换成白色背景", "can.webp"),
        ("第三张黑白", "ball.heic"),
        ("the ball, cinematic", "ball.heic"),
    ],
)
def test_one_photo_by_name_or_ordinal(text: str, photo: str) -> None:
    assert edited(text, THREE) == [photo]


def test_the_named_photo_is_edited_not_the_last_upload() -> None:
    step = tools("put the box on a white background", THREE)[0]
    assert step.args["source_url"] == BOX.cdn_url and step.args["background"] == "white"


@pytest.mark.parametrize(
    "text",
    [
        "put them all on a white background",
        "put each on a white background and export them",
        "make all of them cinematic",
        "make every photo black and white",
        "每张都换成白色背景",
    ],
)
def test_each_makes_one_edit_per_upload(text: str) -> None:
    assert edited(text, THREE) == ["box.jpg", "can.webp", "ball.heic"]


@pytest.mark.parametrize("text", ["put it on a white background", "make it cinematic", "黑白"])
def test_an_unaddressed_edit_with_several_uploads_asks(text: str) -> None:
    assert tools(text, THREE) == []
    question = says(text, THREE)[0]
    assert "box.jpg" in question and "can.webp" in question and "ball.heic" in question


def test_a_name_that_fits_two_photos_asks() -> None:
    boxes = replace(
        FRESH,
        uploads=(BOX, MediaInfo(filename="box-red.png", file_type="image", cdn_url="/media/k9/b")),
    )
    assert tools("put the box on white", boxes) == []
    assert "box-red.png" in says("put the box on white", boxes)[0]


def test_an_ordinal_past_the_end_says_how_many_there_are() -> None:
    assert tools("make the fifth photo cinematic", THREE) == []
    assert "3" in says("make the fifth photo cinematic", THREE)[0]


def test_this_one_is_the_selected_photo() -> None:
    ctx = replace(THREE, selected_url="http://127.0.0.1:9/media/k2/can.webp")
    assert edited("put this one on a white background", ctx) == ["can.webp"]
    assert edited("make it cinematic", ctx) == ["can.webp"]


def test_it_after_an_edit_is_the_photo_edited_last() -> None:
    edit = {"url": "/media/e1/edit-can.png", "prompt": "x", "source": "/media/k2/can.webp"}
    ctx = replace(THREE, generated=(edit,))
    step = tools("make it cinematic", ctx)[0]
    assert step.args["photo"] == "can.webp"
    assert step.args["source_url"] == "/media/e1/edit-can.png"  # the white one, not the original


def test_generated_photos_are_addressed_by_ordinal() -> None:
    made = tuple({"url": f"/media/g{i}/p.png", "prompt": f"mug {i}", "seed": i} for i in range(3))
    ctx = replace(FRESH, has_generated=True, last_prompt="mug 2", generated=made)
    step = tools("make the second photo black and white", ctx)[0]
    assert step.args["source_url"] == "/media/g1/p.png" and step.args["photo"] == "“mug 1”"
    assert tools("make it black and white", ctx)[0].args["source_url"] == "/media/g2/p.png"


def test_the_reply_names_the_photo_in_chinese() -> None:
    assert "can.webp" in says("把第二张换成白色背景", THREE)[0]


# --- through the real server ---------------------------------------------------------------


def _upload_three(api) -> dict[str, str]:
    files = [("box.jpg", png_bytes((40, 30))), ("can.webp", png_bytes((30, 40)))]
    files.append(("ball.png", png_bytes((36, 36))))
    infos = api.upload(*files).json()["data"]["files"]
    return {info["filename"]: info["cdn_url"] for info in infos}


def _edit_sources(api) -> list[str]:
    return [g["source"] for g in api.state()["generated_media"] if g.get("source")]


def test_batch_on_the_server_edits_each_upload_and_names_them(live_server, api_for) -> None:
    api = api_for(live_server().url)
    urls = _upload_three(api)
    frames = api.run("put the box on a white background")
    assert any("box.jpg" in text for text in texts(frames))
    assert [s.rsplit("/", 1)[-1] for s in _edit_sources(api)] == ["box.jpg"]
    frames = api.run("put them all on a white background")
    replies = " ".join(texts(frames))
    assert all(name in replies for name in urls)
    sources = [s.rsplit("/", 1)[-1] for s in _edit_sources(api)]
    assert sources[1:] == ["edit-box-jpg.png", "can.webp", "ball.png"] or (
        sources[1] != "box.jpg" and sources[2:] == ["can.webp", "ball.png"]
    )


def test_this_one_travels_in_the_state_delta(live_server, api_for) -> None:
    api = api_for(live_server().url)
    urls = _upload_three(api)
    api.run("make it cinematic", state_delta={"selected_media": urls["can.webp"]})
    assert [s.rsplit("/", 1)[-1] for s in _edit_sources(api)] == ["can.webp"]
    frames = api.run("make it cinematic")  # nothing selected now: it was edited last
    assert "can.webp" in " ".join(texts(frames))


def test_an_ambiguous_edit_on_the_server_asks_and_changes_nothing(live_server, api_for) -> None:
    api = api_for(live_server().url)
    _upload_three(api)
    frames = api.run("put it on a white background")
    assert "Which photo?" in " ".join(texts(frames))
    assert _edit_sources(api) == []
