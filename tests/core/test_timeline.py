"""Timeline summary (contract format), tree and the human diff between two states."""

from __future__ import annotations

import copy
from typing import Any

from photogen.core.timeline import describe_changes, fingerprint, summarize, timeline_view
from photogen.wire import SessionState

DRAFT: dict[str, Any] = {
    "d": 10000,
    "m": {"title": "Urban Dreams", "width": 1080, "height": 1920},
    "t": [
        {
            "tt": 0,
            "sg": [
                {"d": 10000, "m": {"name": "city timelapse", "url": "https://x/1.png", "start": 0}}
            ],
        },
        {"tt": 1, "sg": [{"d": 10000, "m": {"name": "Lo-fi", "volume": 0.35, "start": 0}}]},
        {"tt": 7, "sg": [{"d": 3000, "m": {"text": "Urban Dreams", "start": 0}}]},
    ],
}


def state(draft: dict[str, Any], **body: Any) -> SessionState:
    return SessionState.model_validate({"state": {"draft": draft, **body}})


def test_summary_matches_the_contract_example() -> None:
    assert summarize(DRAFT) == (
        "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) "
        '3. Title: "Urban Dreams" (0-3s)'
    )


def test_summary_of_empty_and_sequential_segments() -> None:
    assert summarize({}) == "Timeline is empty."
    assert summarize(None) == "Timeline is empty."
    draft = {"t": [{"tt": 0, "sg": [{"d": 2500, "m": {"name": "a"}}, {"d": 2000, "m": {}}]}]}
    assert summarize(draft) == "Timeline (1 track): 1. Video: a (0-2.5s), untitled (2.5-4.5s)"


def test_tree_keeps_the_raw_draft_and_strips_control_sequences() -> None:
    draft = copy.deepcopy(DRAFT)
    draft["t"][0]["sg"][0]["m"]["name"] = "\x1b[31mred\x1b[0m"
    view = timeline_view(
        state(draft, canvas_config={"width": 1080, "height": 1920, "ratio": "9:16"})
    )
    assert view.draft == draft
    assert view.tracks[0].segments[0].name == "red"
    assert view.tracks[1].segments[0].volume == 0.35
    assert view.tracks[2].segments[0].times == "0-3s"
    assert view.aspect == "9:16"
    assert view.exportable


def test_diff_words_changes_for_humans() -> None:
    after = copy.deepcopy(DRAFT)
    after["t"][1]["sg"][0]["m"]["volume"] = 0.5
    after["t"].pop(2)
    after["t"][0]["sg"].append({"d": 2000, "m": {"name": "sunset"}})
    after["d"] = 12000
    lines = describe_changes(state(DRAFT), state(after, generated_media=[{"url": "u"}]))
    assert "Made 1 new photo" in lines
    assert "Added photos on the timeline: sunset" in lines
    assert 'Removed title: "Urban Dreams"' in lines
    assert "Music volume for Lo-fi: 35% -> 50%" in lines
    assert "Duration: 10s -> 12s" in lines
    assert "The timeline now has 2 tracks (was 3)" in lines


def test_diff_aspect_uploads_and_no_change() -> None:
    before = state(DRAFT, canvas_config={"ratio": "1:1"})
    after = state(DRAFT, canvas_config={"ratio": "9:16"}, video_infos=[{"filename": "a.jpg"}])
    assert describe_changes(before, after) == [
        "Added a.jpg to your media",
        "Aspect ratio: 1:1 -> 9:16",
    ]
    assert describe_changes(before, before) == []
    assert fingerprint(before) != fingerprint(after)
    assert fingerprint(None) == ""


SUN = {"filename": "sun.jpg", "file_type": "image", "cdn_url": "https://x/u/sun.jpg"}
GEN = {"filename": "gen.png", "file_type": "image", "cdn_url": "https://x/g/1.png"}


def test_media_files_are_the_uploads_without_generated_images() -> None:
    after = state(DRAFT, video_infos=[SUN, GEN], generated_media=[{"url": "https://x/g/1.png"}])
    view = timeline_view(after)
    assert [f.filename for f in view.media_files] == ["sun.jpg"]
    assert [m.url for m in view.media] == ["https://x/g/1.png"]
    assert timeline_view(state(DRAFT)).media_files == []
    assert describe_changes(state(DRAFT), after) == [
        "Made 1 new photo",
        "Added sun.jpg to your media",
    ]


def test_media_diff_names_added_and_removed_files() -> None:
    song = {"filename": "song.mp3", "file_type": "audio", "cdn_url": "https://x/u/song.mp3"}
    nameless = {"cdn_url": "https://x/u/clip.mp4?sig=1"}
    before = state(DRAFT, video_infos=[SUN])
    after = state(DRAFT, video_infos=[song, nameless])
    assert describe_changes(before, after) == [
        "Added song.mp3 and clip.mp4 to your media",
        "Removed sun.jpg from your media",
    ]
    many = state(DRAFT, video_infos=[SUN, song, nameless, {"filename": "d.png", "cdn_url": "d"}])
    assert describe_changes(state(DRAFT), many) == [
        "Added sun.jpg, song.mp3 and 2 more to your media"
    ]
