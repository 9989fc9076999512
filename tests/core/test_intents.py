"""The intent router: the brief's table in English and Chinese, and its false positives."""

from __future__ import annotations

import pytest

from photogen.core.intents import Chat, Credits, Export, Status, Upload, route


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("export", Export()),
        ("Export!", Export()),
        ("导出", Export()),
        ("download", Export()),
        ("send me the video", Export()),
        ("export it as png", Export("png")),
        ("export as JPEG", Export("jpg")),
        ("export 1080p MP4", Export("mp4")),
        ("please export the photo as webp", Export("webp")),
        ("导出为png", Export("png")),
        ("导出 jpg", Export("jpg")),
        ("下载视频", Export()),
        ("credits", Credits()),
        ("积分", Credits()),
        ("balance", Credits()),
        ("余额", Credits()),
        ("how many credits do I have?", Credits()),
        ("查看积分", Credits()),
        ("status", Status()),
        ("状态", Status()),
        ("show tracks", Status()),
        ("show the timeline", Status()),
        ("upload", Upload([])),
        ("上传", Upload([])),
        ("upload ./mug.jpg ~/song.mp3", Upload(["./mug.jpg", "~/song.mp3"])),
        ("upload 'my photo.png'", Upload(["my photo.png"])),
        ("upload https://example.com/a.png", Upload(["https://example.com/a.png"])),
        ("上传 /tmp/x.png", Upload(["/tmp/x.png"])),
    ],
)
def test_commands_route_directly(text: str, expected: object) -> None:
    assert route(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "generate a photo for my export business",
        "generate a realistic photo of a product on a white background",
        "export the photo as a png with a white background",
        "add a title that says export",
        "what is the status of my order in the picture",
        "upload my photos of the beach and make a collage",
        "send a message to mom",
        "export png jpg",
        "save",
        "make the credits roll at the end",
        "把背景换成白色",
        "",
    ],
)
def test_sentences_go_to_chat(text: str) -> None:
    assert route(text) == Chat(text)


@pytest.mark.parametrize(
    ("text", "then_export"),
    [
        ("put each on a white background and export them", ""),
        ("make all of them warmer, then download them as jpg", "jpg"),
        ("把每张换成白色背景然后导出", ""),
        ("put it on a white background", None),
        ("generate a photo for my export business", None),
    ],
)
def test_a_chat_that_ends_by_asking_for_the_files(text: str, then_export: str | None) -> None:
    intent = route(text)
    assert isinstance(intent, Chat) and intent.then_export == then_export
