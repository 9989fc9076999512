"""Which photo the subject box is drawn on: the original of the newest cut-out in force."""

from __future__ import annotations

from photogen.core.subject import box_message, cutout_original
from photogen.wire import SessionState


def _state(media: list[dict]) -> SessionState:
    return SessionState.model_validate({"state": {"generated_media": media}})


def test_the_box_goes_on_the_original_not_on_an_edit_of_an_edit() -> None:
    media = [
        {
            "url": "h/media/a/white.png",
            "source": "/media/u/cup.jpg",
            "edit_args": {"background": "white"},
        },
        {"url": "h/media/b/bw.png", "source": "/media/a/white.png", "edit_args": {"grade": "bw"}},
        {
            "url": "h/media/c/blue.png",
            "source": "/media/b/bw.png",
            "edit_args": {"background": "blue"},
        },
    ]
    assert cutout_original(_state(media)) == "/media/u/cup.jpg"


def test_no_cut_out_or_one_taken_back_gives_none() -> None:
    graded = {"url": "/media/a/bw.png", "source": "/media/u/cup.jpg", "edit_args": {"grade": "bw"}}
    assert cutout_original(_state([graded])) is None
    reverted = {**graded, "edit_args": {"background": "white"}, "reverted": True}
    assert cutout_original(_state([reverted])) is None


def test_box_message_is_what_the_agent_reads() -> None:
    assert box_message((0.1, 0.2, 1.2, 0.9)) == "cut out the subject in box 0.100 0.200 1.000 0.900"
