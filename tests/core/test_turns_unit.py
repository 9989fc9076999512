"""TurnController against a scripted client: partial text, noise, silent edits, recovery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from photogen.client.errors import SessionNotFound, StreamError, TransportError
from photogen.client.stream import (
    ErrorItem,
    HeartbeatItem,
    QuestionItem,
    TextItem,
    ToolCallItem,
    ToolResultItem,
)
from photogen.core.photos import PhotoCache
from photogen.core.settings import Intervals
from photogen.core.turns import TurnController
from photogen.core.updates import (
    AssistantText,
    CreditsChanged,
    Notice,
    Offer,
    PhotoReady,
    Question,
    SessionReplaced,
    StillWorking,
    TimelineChanged,
    ToolStatus,
    TurnFinished,
)

from .fakes import FakeClient, make_state

DRAFT = {"t": [{"tt": 0, "sg": [{"d": 3000, "m": {"name": "mug", "url": "/m/1.png"}}]}]}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def controller(
    client: FakeClient, clock: Clock, tmp_path: Path | None = None, **intervals: Any
) -> TurnController:
    async def new_session() -> str:
        return (await client.create_session()).session_id

    photos = PhotoCache(client, tmp_path) if tmp_path else None
    return TurnController(
        client,
        "s1",
        Intervals(**intervals),
        new_session=new_session,
        photos=photos,
        sleep=clock.sleep,
        clock=clock,
    )


async def collect(ctrl: TurnController, text: str = "hi") -> list[Any]:
    return [u async for u in ctrl.run(text)]


async def test_partial_text_is_replaced_and_offers_follow(tmp_path: Path) -> None:
    client = FakeClient(
        turns=[
            [
                TextItem("Got it — ", partial=True),
                TextItem("making it.", partial=True),
                TextItem("Got it — making it."),
                ToolCallItem("c1", "generate_image", {"prompt": "a mug"}, "Generating photo…"),
                ToolResultItem(
                    "c1",
                    "generate_image",
                    {"status": "success", "image_url": "/m/1.png", "seed": 7},
                ),
                TextItem("Here it is. Click Export to save it."),
            ]
        ],
        states=[make_state(), make_state(DRAFT, generated_media=[{"url": "/m/1.png"}])],
    )
    updates = await collect(controller(client, Clock(), tmp_path))
    texts = [u for u in updates if isinstance(u, AssistantText)]
    assert texts[:3] == [
        AssistantText("Got it — ", True, 0),
        AssistantText("Got it — making it.", True, 0),
        AssistantText("Got it — making it.", False, 0),
    ]
    assert texts[3].text.startswith("Here it is. Press ctrl+e") and texts[3].bubble == 1
    assert ToolStatus("c1", "Generating photo…", True) in updates
    assert ToolStatus("c1", "Generating photo…", False) in updates
    photos = [u for u in updates if isinstance(u, PhotoReady)]
    assert len(photos) == 1 and photos[0].prompt == "a mug" and photos[0].seed == 7
    assert photos[0].local_path is not None and photos[0].local_path.exists()
    assert Offer("export", "Export (ctrl+e)") in updates
    assert isinstance(updates[-3], TimelineChanged) and "mug" in updates[-3].summary
    assert isinstance(updates[-2], CreditsChanged)
    assert updates[-1] == TurnFinished(True)
    assert client.sent == [("s1", "hi")] and client.closed_streams == 1


async def test_silent_turn_reports_state_diff() -> None:
    client = FakeClient(
        turns=[
            [
                ToolCallItem("c1", "edit_multitrack", {}, "Editing timeline…"),
                ToolResultItem("c1", "edit_multitrack", {"result": "ok"}),
                TextItem("I encountered a temporary issue."),
            ]
        ],
        states=[make_state(), make_state(DRAFT)],
    )
    updates = await collect(controller(client, Clock()))
    texts = [u.text for u in updates if isinstance(u, AssistantText)]
    assert texts == [
        "Done. Added photos on the timeline: mug; The timeline now has 1 track (was 0)."
    ]


async def test_heartbeats_only_say_still_working() -> None:
    clock = Clock()

    async def beats() -> Any:
        for _ in range(10):
            clock.now += 50
            yield HeartbeatItem()

    client = FakeClient(turns=[[]], states=[make_state(), make_state()])
    client.run_sse = lambda sid, text: beats()  # type: ignore[method-assign]
    updates = await collect(controller(client, clock, still_working_s=120))
    assert [u.elapsed_s for u in updates if isinstance(u, StillWorking)] == [150, 300, 450]


async def test_dropped_stream_recovers_without_resending() -> None:
    clock = Clock()
    client = FakeClient(
        turns=[[TextItem("Working", partial=True), StreamError("dropped", dropped=True)]],
        states=[make_state(), make_state(), TransportError("x"), make_state(DRAFT)],
    )
    updates = await collect(controller(client, clock, recovery_first_wait_s=30, recovery_wait_s=60))
    assert clock.slept == [30, 60, 60]
    assert len(client.sent) == 1
    done = [u for u in updates if isinstance(u, AssistantText) and not u.provisional]
    assert done[0] == AssistantText("Working", False, 0)  # unconfirmed partial text is kept
    assert done[1].text.startswith("The connection dropped, but the work finished.")
    assert done[1].bubble == 1
    assert updates[-1] == TurnFinished(True)


async def test_dropped_stream_gives_up_after_unchanged_polls() -> None:
    clock = Clock()
    client = FakeClient(turns=[[StreamError("timeout", timed_out=True)]], states=[make_state()] * 7)
    updates = await collect(
        controller(
            client, clock, recovery_first_wait_s=1, recovery_wait_s=2, recovery_max_unchanged=5
        )
    )
    assert clock.slept == [1, 2, 2, 2, 2]
    assert Offer("retry", "Send the message again") in updates
    assert updates[-1] == TurnFinished(False, retry_text="hi")
    assert len(client.sent) == 1


async def test_session_not_found_creates_a_new_session_and_keeps_the_prompt() -> None:
    client = FakeClient(turns=[[SessionNotFound("gone", code=1002)]], states=[make_state()])
    ctrl = controller(client, Clock())
    updates = await collect(ctrl, "make it blue")
    assert SessionReplaced("s1", "new1") in updates
    assert updates[-1] == TurnFinished(False, retry_text="make it blue")
    assert ctrl.session_id == "new1"
    notice = next(u for u in updates if isinstance(u, Notice))
    assert "old context is lost" in notice.text


async def test_errors_questions_and_final_stream_error() -> None:
    client = FakeClient(
        turns=[[ErrorItem("SAFETY", "SAFETY"), QuestionItem("Which color?"), StreamError("boom")]],
        states=[make_state(), make_state()],
    )
    updates = await collect(controller(client, Clock()))
    assert Question("Which color?") in updates
    assert any(isinstance(u, Notice) and u.level == "warning" for u in updates)
    assert updates[-1] == TurnFinished(False, retry_text="hi")


async def test_cancellation_closes_the_stream() -> None:
    client = FakeClient(
        turns=[[TextItem("a", partial=True), TextItem("b", partial=True)]], states=[make_state()]
    )
    gen = controller(client, Clock()).run("hi")
    assert isinstance(await anext(gen), AssistantText)
    await gen.aclose()
    assert client.closed_streams == 1


async def test_transport_error_keeps_the_prompt() -> None:
    client = FakeClient(turns=[[TransportError("refused")]], states=[make_state()])
    updates = await collect(controller(client, Clock()))
    assert updates[0].text == "Can't reach the server."
    assert updates[-1] == TurnFinished(False, retry_text="hi")


@pytest.mark.parametrize("text", ["Nice. I encountered a temporary issue."])
async def test_trailing_noise_sentence_is_dropped_after_normal_events(text: str) -> None:
    client = FakeClient(
        turns=[[TextItem("First."), TextItem(text)]], states=[make_state(), make_state()]
    )
    updates = await collect(controller(client, Clock()))
    assert [u.text for u in updates if isinstance(u, AssistantText)] == ["First.", "Nice."]


OLD = {"url": "/m/old.png", "type": "image", "prompt": "a mug"}


async def test_photos_from_before_the_turn_are_not_announced_again(tmp_path: Path) -> None:
    with_music = {"t": [*DRAFT["t"], {"tt": 1, "sg": [{"d": 3000, "m": {"name": "Lo-fi"}}]}]}
    client = FakeClient(
        turns=[[TextItem("Added lo-fi music.")], [TextItem("Made another one.")]],
        states=[
            make_state(DRAFT, generated_media=[OLD]),
            make_state(with_music, generated_media=[OLD]),
            make_state(with_music, generated_media=[OLD]),
            make_state(with_music, generated_media=[OLD, {"url": "/m/new.png", "seed": 3}]),
        ],
    )
    ctrl = controller(client, Clock(), tmp_path)
    music = await collect(ctrl, "add lo-fi music")
    assert [u for u in music if isinstance(u, PhotoReady)] == []
    another = await collect(ctrl, "another one")
    assert [(u.url, u.seed) for u in another if isinstance(u, PhotoReady)] == [("/m/new.png", 3)]
    assert client.downloads == ["/m/new.png"]


async def test_a_failed_state_read_before_the_turn_still_hides_old_photos() -> None:
    client = FakeClient(
        turns=[[TextItem("One.")], [TextItem("Two.")]],
        states=[
            make_state(generated_media=[OLD]),
            make_state(generated_media=[OLD]),
            TransportError("blip"),  # the state before the second turn can't be read
            make_state(generated_media=[OLD]),
        ],
    )
    ctrl = controller(client, Clock())
    await collect(ctrl)
    assert [u for u in await collect(ctrl) if isinstance(u, PhotoReady)] == []


async def test_a_silent_upload_is_worded_with_the_file_name() -> None:
    sun = {"filename": "sun.jpg", "file_type": "image", "cdn_url": "/u/sun.jpg"}
    client = FakeClient(turns=[[]], states=[make_state(), make_state(video_infos=[sun])])
    updates = await collect(controller(client, Clock()))
    texts = [u.text for u in updates if isinstance(u, AssistantText)]
    assert texts == ["Done. Added sun.jpg to your media."]


def test_tool_progress_gets_an_eta_from_the_pace_since_its_first_report() -> None:
    from photogen.client.stream import ToolCallItem, ToolProgressItem
    from photogen.core.turnstate import TurnState

    turn = TurnState(0.0)
    turn.calls["c1"] = ToolCallItem("c1", "generate_image", {}, "Generating photo…")
    first = turn.progress(ToolProgressItem("c1", "generate_image", 20), now=30.0)
    later = turn.progress(ToolProgressItem("c1", "generate_image", 60, "1/2"), now=38.0)
    assert first == [ToolStatus("c1", "Generating photo…", True, progress=0.2)]
    status = later[0]
    assert isinstance(status, ToolStatus)
    assert status.progress == 0.6 and status.eta_s == pytest.approx(8.0)
    assert status.progress_text == "60% · about 8 s left · 1/2"
    assert ToolStatus("c1", "x", progress=0.9, eta_s=0.2).eta_text == "under 1 s left"
    assert ToolStatus("c1", "x", progress=0.1, eta_s=150).eta_text == "about 2 min left"


async def _cancel_mid_stream(stop_on_cancel: bool) -> FakeClient:
    import asyncio

    gate = asyncio.Event()

    class Waiting(FakeClient):
        async def _play(self, script: list[Any]) -> Any:
            try:
                yield TextItem("working", partial=True)
                await gate.wait()
            finally:
                self.closed_streams += 1

    client = Waiting(turns=[[]], states=[make_state()])
    ctrl = controller(client, Clock())
    ctrl.stop_on_cancel = stop_on_cancel
    started = asyncio.Event()

    async def consume() -> None:
        async for _ in ctrl.run("hi"):
            started.set()

    task = asyncio.create_task(consume())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert client.closed_streams == 1
    return client


async def test_a_cancelled_turn_asks_this_projects_server_to_stop_it() -> None:
    assert (await _cancel_mid_stream(stop_on_cancel=True)).stopped == ["s1"]


async def test_a_cancelled_cloud_turn_sends_no_stop_call() -> None:
    assert (await _cancel_mid_stream(stop_on_cancel=False)).stopped == []
