"""The whole app on the fake workspace: keys, routing, dialogs, errors."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import Any

from textual.widgets import Input

from photogen.client.errors import TransportError, UnsupportedFile
from photogen.core.store import ChatMessage
from photogen.ui.app import PhotogenApp
from photogen.ui.screens.export_dialog import ExportDialog
from photogen.ui.screens.help import HelpScreen
from photogen.ui.screens.sessions import SessionsScreen
from photogen.ui.screens.upload_dialog import UploadDialog
from photogen.ui.widgets.chat import AssistantBubble, ChatLog, NoteRow, PhotoThumb, UserBubble
from photogen.ui.widgets.jobs import JobRow
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.side_panel import SidePanel
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree
from tests.ui.conftest import SIZE
from tests.ui.fakes import EARLIER_RUN_URL, REPLY, FakeWorkspace

MakeApp = Callable[..., PhotogenApp]


async def _ready(app: PhotogenApp, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _send(app: PhotogenApp, pilot: Any, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_paints_before_the_workspace_is_ready(make_app: MakeApp, fake: FakeWorkspace) -> None:
    gate = asyncio.Event()

    async def slow_open(settings: Any, **_: Any) -> FakeWorkspace:
        await gate.wait()
        return fake

    app = make_app(workspace_factory=slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusBar)
        assert "Setting things up…" in status.render().plain
        await pilot.press(*"queued photo", "enter")
        gate.set()
        await _ready(app, pilot)
        await app.workers.wait_for_complete()
        assert status.phase == "ready" and fake.sent == ["queued photo"]


async def test_a_prompt_streams_a_reply_thumbnail_timeline_and_credits(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await _send(app, pilot, "a sneaker on white")
        screen = app.screen
        assert fake.sent == ["a sneaker on white"]
        bubbles = list(screen.query(AssistantBubble))
        assert [str(b.content) for b in bubbles] == [REPLY]
        assert len(screen.query(PhotoThumb)) == 1
        assert screen.query_one(PhotoThumb).picture.encoded is not None
        assert screen.query_one(PhotoThumb).caption == (
            "sneaker on white · seed 7 · photogen-studio/1"
        )
        assert len(screen.query_one(TimelineTree).root.children) == 3
        assert screen.query_one(StatusBar).credits == (97, 0, 100)


async def test_typing_export_renders_the_default_at_once(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await _send(app, pilot, "export")
        assert fake.exports == ["mp4"] and fake.sent == []
        assert not isinstance(app.screen, ExportDialog)
        row = app.screen.query_one(JobRow)
        assert (row.state, row.progress) == ("completed", 100)
        assert row.path == "/tmp/photogen/sneaker.mp4"
        await pilot.press("ctrl+y")
        assert app.clipboard == "/tmp/photogen/sneaker.mp4"


async def test_ctrl_e_chooses_a_format(make_app: MakeApp, fake: FakeWorkspace) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("down", "enter")
        await _ready(app, pilot)
        assert fake.exports == ["png"]


async def test_keymap_remaps_a_binding(
    make_app: MakeApp, settings: Any, fake: FakeWorkspace
) -> None:
    settings.keymap = {"export-draft": "ctrl+x", "no-such-id": "f9"}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        assert any("no-such-id" in w for w in app.startup_warnings)
        await pilot.press("ctrl+e")
        assert not isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+x")
        assert isinstance(app.screen, ExportDialog)


async def test_ctrl_u_uploads_the_typed_paths(make_app: MakeApp, fake: FakeWorkspace) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+u")
        assert isinstance(app.screen, UploadDialog)
        app.screen.query_one(Input).value = str(fake.photo)
        await pilot.press("enter")
        await _ready(app, pilot)
        assert fake.uploads == [[str(fake.photo)]]
        notes = [str(n.content) for n in app.screen.query(".note-row")]
        assert "Uploaded 1 file(s)." in notes


async def test_a_typed_upload_that_fails_gives_the_command_back(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.fail_next = UnsupportedFile("notes.txt is not a photo", accepted=("png",), code=4001)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await _send(app, pilot, "upload notes.txt")
        assert fake.uploads == [["notes.txt"]]
        assert app.screen.query_one(PromptInput).text == "upload notes.txt"
        [note] = app._notifications
        assert note.title.startswith("That file type isn't supported.")


async def test_a_failed_turn_notifies_once_and_keeps_the_prompt(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.fail_next = TransportError("connect failed")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await _send(app, pilot, "a red chair")
        assert app.screen.query_one(PromptInput).text == "a red chair"
        assert [n.title for n in app._notifications] == ["Can't reach the server."]
        assert app.screen.query_one(StatusBar).phase == "offline"
        await pilot.press("ctrl+a", "ctrl+k", *"again", "enter")
        await _ready(app, pilot)
        assert fake.sent[-1] == "again"
        assert app.screen.query_one(StatusBar).phase == "ready"


async def test_escape_cancels_the_running_turn(make_app: MakeApp, fake: FakeWorkspace) -> None:
    fake.hold = asyncio.Event()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press(*"slow one", "enter")
        await pilot.pause()
        assert app.screen.query(".tool-row")
        await pilot.press("escape")
        await _ready(app, pilot)
        notes = [str(n.content) for n in app.screen.query(".note-row")]
        assert notes[-1].startswith("Stopped — the server stops the work")
        fake.backend.kind = "cloud"
        await pilot.press(*"slow two", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await _ready(app, pilot)
        notes = [str(n.content) for n in app.screen.query(".note-row")]
        assert notes[-1].startswith("Stopped waiting — the server may still finish it")


async def test_a_second_prompt_waits_for_the_running_turn(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.hold = asyncio.Event()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press(*"slow one", "enter")
        await pilot.pause()
        await pilot.press(*"second", "enter")
        await pilot.pause()
        assert fake.sent == ["slow one"], "the running turn must not be abandoned"
        assert app.screen.query_one(PromptInput).text == "second"
        assert any("still coming" in str(n.message) for n in app._notifications)
        fake.hold.set()
        await _ready(app, pilot)
        assert fake.sent == ["slow one"]


async def test_help_palette_and_sessions(make_app: MakeApp, fake: FakeWorkspace) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        notes = [str(n.content) for n in app.screen.query(".help-note")]
        assert "Offline engines: Photos: the studio engine (`photogen-tui models pull" in notes[1]
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SessionsScreen)
        await pilot.press("down", "enter")
        await _ready(app, pilot)
        assert fake.session.id == "s0"
        chat = app.screen.query_one(ChatLog)
        assert [str(b.content) for b in chat.query(UserBubble)] == ["a red chair"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert type(app.screen).__name__ == "CommandPalette"


async def test_text_from_the_network_is_never_read_as_markup(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    from photogen.core.store import SessionRecord

    evil = 'red shoe [/b] [link="https://evil"]x[/link] [@click=app.quit]'
    fake.list_sessions = lambda: [SessionRecord("s9", "t9", "local", evil, 1.0, 1.0)]  # type: ignore[method-assign]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        tree = app.screen.query_one(TimelineTree)
        tree.show_view(evil, [], [])
        await pilot.pause()
        assert not isinstance(tree.tooltip, str)
        await pilot.press("ctrl+o")  # the list renders the title as plain text, no crash
        assert isinstance(app.screen, SessionsScreen)
        await pilot.pause()
        assert app.is_running


async def test_the_collector_paused_for_start_up_comes_back_once_the_first_frames_are_out(
    make_app: MakeApp,
) -> None:
    gc.disable()  # as run_app does
    try:
        app = make_app(resume_gc=True)
        async with app.run_test(size=SIZE) as pilot:
            assert not app.first_frames_out.is_set()
            await asyncio.wait_for(app.first_frames_out.wait(), timeout=10)
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_an_app_that_did_not_pause_the_collector_leaves_it_alone(make_app: MakeApp) -> None:
    gc.disable()  # someone else's choice: the app must not undo it
    try:
        app = make_app()
        async with app.run_test(size=SIZE):
            await asyncio.wait_for(app.first_frames_out.wait(), timeout=10)
            assert not gc.isenabled()
    finally:
        gc.enable()


async def test_the_status_bar_says_when_the_local_server_died_and_came_back(
    make_app: MakeApp, fake: FakeWorkspace, monkeypatch: Any
) -> None:
    import photogen.ui.screens.main as main_screen

    monkeypatch.setattr(main_screen, "NOTE_S", 0.05)
    fake.server_dies, fake.server_back = True, asyncio.Event()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        status = app.screen.query_one(StatusBar)
        for _ in range(50):
            await pilot.pause()
            if status.phase == "offline":
                break
        assert "The local server stopped; restarting it…" in status.render().plain
        fake.server_back.set()
        await _ready(app, pilot)
        assert status.phase == "ready" and "restarted" in status.render().plain
        await _send(app, pilot, "a sneaker on white")
        assert fake.sent == ["a sneaker on white"]  # carries on
        await asyncio.sleep(0.1)
        await pilot.pause()
        assert "restarted" not in status.render().plain and "connected" in status.render().plain


async def test_a_turn_the_app_quit_during_is_shown_at_the_next_launch(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    fake.quit_turn = "a sneaker on white"
    fake.stored = [
        ChatMessage("s1", "user", "a sneaker on white"),
        ChatMessage("s1", "assistant", "Got it: one sneaker coming."),
        ChatMessage("s1", "assistant", "Working on the light."),
    ]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        await pilot.pause()
        log = app.screen.query_one(ChatLog)
        shown = [
            str(w.content) if isinstance(w, AssistantBubble) else str(w.render())
            for w in log.children
            if isinstance(w, AssistantBubble | NoteRow)
        ]
        assert shown == [
            "Got it: one sneaker coming.",  # every stored reply keeps its own bubble
            "Working on the light.",
            'Checking what your last message made: "a sneaker on white"…',
            "While photogen-tui was closed, your last message finished.",
        ]
        assert len(app.screen.query(PhotoThumb)) == 1
        assert fake.sent == []  # never sent again


async def test_an_unreachable_cloud_offers_the_local_backend(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    opened: list[dict[str, Any]] = []

    async def cloud_out_of_reach(settings: Any, **kwargs: Any) -> FakeWorkspace:
        opened.append(kwargs)
        if not kwargs.get("local"):
            raise TransportError("Could not reach the server (/api/auth/anonymous-token)")
        return fake

    app = make_app(workspace_factory=cloud_out_of_reach, cloud=True)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        screen = app.screen
        status = screen.query_one(StatusBar)
        assert status.phase == "failed"
        notes = " ".join(str(n.render()) for n in screen.query(NoteRow))
        assert "can't be reached" in notes and "ctrl+l" in notes
        await pilot.press(*"a red mug", "enter")
        await pilot.pause()
        prompt = screen.query_one(PromptInput)
        assert prompt.text == "a red mug" and "Queued" not in notes  # never queued for ever
        await pilot.press("ctrl+l")
        await _ready(app, pilot)
        assert opened[-1].get("local") is True and status.phase == "ready"
        assert status.backend == "local"
        await pilot.press("enter")
        await _ready(app, pilot)
        assert fake.sent == ["a red mug"]


async def test_a_timeline_photo_of_an_earlier_run_is_fetched_from_this_server(
    make_app: MakeApp, fake: FakeWorkspace
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _ready(app, pilot)
        side = app.screen.query_one(SidePanel)
        side.post_message(SidePanel.PhotoRequested(EARLIER_RUN_URL, "Video: chair (0-3s)"))
        await pilot.pause()
        await _ready(app, pilot)
        pane = app.screen.query_one(PreviewPane)
        assert pane.path == str(fake.photo) and pane.caption == "Video: chair (0-3s)"
