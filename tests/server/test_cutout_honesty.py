"""A cut-out the engine doubts is said plainly, scored, and can be taken back."""

from __future__ import annotations

from pathlib import Path

from tests.server.conftest import texts

REAL = Path(__file__).resolve().parents[1] / "data" / "real_photos"


def _edits(api) -> list[dict]:
    return [g for g in api.state()["generated_media"] if g.get("source")]


def test_an_unsure_cut_out_says_so_and_offers_a_way_out(live_server, api_for) -> None:
    api = api_for(live_server().url)
    api.upload(("coffee.jpg", (REAL / "photo-coffee.jpg").read_bytes()))
    frames = api.run("put it on a white background")
    reply = " ".join(texts(frames))
    assert "not sure" in reply and "keep the original" in reply and "ctrl+t" in reply
    assert "Done" not in reply
    results = [f for f in frames if isinstance(f, dict) and "functionResponse" in str(f)]
    response = results[-1]["content"]["parts"][0]["functionResponse"]["response"]
    assert response["cutout"]["sure"] is False and response["cutout"]["confidence"] < 0.5
    assert _edits(api)[0]["cutout"]["doubts"]


def test_keep_the_original_puts_the_upload_back(live_server, api_for) -> None:
    api = api_for(live_server().url)
    info = api.upload(("coffee.jpg", (REAL / "photo-coffee.jpg").read_bytes())).json()
    original = info["data"]["files"][0]["cdn_url"]
    api.run("put it on a white background")
    frames = api.run("keep the original")
    assert "coffee.jpg is back as it was" in " ".join(texts(frames))
    segments = api.state()["draft"]["t"][0]["sg"]
    assert [s["m"]["url"].split("/media/")[1] for s in segments] == [original.split("/media/")[1]]
    assert _edits(api)[0]["reverted"] is True
    again = " ".join(texts(api.run("keep the original")))
    assert "no edit to take back" in again


def test_a_clean_cut_out_is_done_without_doubt(live_server, api_for) -> None:
    api = api_for(live_server().url)
    api.upload(("suit.jpg", (REAL / "comp-oval-suit-room.jpg").read_bytes()))
    reply = " ".join(texts(api.run("put it on a white background")))
    assert "Done — suit.jpg" in reply and "not sure" not in reply


def test_an_edit_keeps_the_photos_own_prompt(live_server, api_for) -> None:
    api = api_for(live_server().url)
    api.run("a red mug on a wooden table")
    api.run("make it black and white")
    api.run("crop it to 9:16")
    made, first, second = api.state()["generated_media"]
    assert first["prompt"] == second["prompt"] == made["prompt"] == "a red mug on a wooden table"
    assert first["edit"] == "make it black and white"
    assert second["edit"] == "make it black and white; crop it to 9:16"
    assert (second["width"], second["height"]) == (1080, 1920)


def test_a_subject_box_retries_the_cut_out_in_place(live_server, api_for) -> None:
    api = api_for(live_server().url)
    api.upload(("room.jpg", (REAL / "comp-horse-fur-room.jpg").read_bytes()))
    api.run("put it on a white background")
    first = _edits(api)[0]
    frames = api.run("cut out the subject in box 0.08 0.15 0.65 0.80")
    calls = [f for f in frames if isinstance(f, dict) and "functionCall" in str(f)]
    call = calls[-1]["content"]["parts"][0]["functionCall"]
    assert call["args"]["subject_box"] == [0.08, 0.15, 0.65, 0.8]
    assert call["args"]["background"] == "white"
    second = _edits(api)[1]
    assert second["source"] == first["source"]  # cut again from the original, not the edit
    segments = api.state()["draft"]["t"][0]["sg"]
    assert [s["m"]["url"].rsplit("/", 1)[-1] for s in segments] == [
        second["url"].rsplit("/", 1)[-1]
    ]
