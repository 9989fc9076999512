"""The main screen: the chat panel on the left; preview, timeline and jobs on the right.

The screen only routes: what the user typed goes to the workspace (as a worker,
:mod:`photogen.ui.screens.work`), what the workers and the panels report goes to
the panel it belongs to. The panels never touch each other. One handler words
every failure (``photogen.core.errors.describe_error``) as one notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from photogen.core.eta import eta_text
from photogen.core.intents import Chat, Credits, Export, Status, Upload
from photogen.core.subject import box_message
from photogen.core.updates import (
    CreditsChanged,
    GridReady,
    PhotoReady,
    TimelineChanged,
    ToolStatus,
    TurnFinished,
)
from photogen.ui import messages as msg
from photogen.ui.bindings import BY_ID, app_key, bindings_for
from photogen.ui.images.detect import Detection
from photogen.ui.images.widget import ViewPhotoRequested
from photogen.ui.screens.export_dialog import ExportDialog
from photogen.ui.screens.grid_actions import GridActions
from photogen.ui.screens.sessions import SessionsScreen
from photogen.ui.screens.upload_dialog import UploadDialog
from photogen.ui.screens.viewer import PhotoInfo, PhotoViewer
from photogen.ui.screens.work import Group, Workers, describe_failure
from photogen.ui.widgets.chat import PhotoThumb
from photogen.ui.widgets.chat_panel import ChatPanel
from photogen.ui.widgets.jobs import JobRow
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.side_panel import SidePanel
from photogen.ui.widgets.status_bar import StatusBar
from photogen.wire.formats import STILL_FORMATS

if TYPE_CHECKING:
    from photogen.core.protocols import WorkspaceLike
    from photogen.core.store import ChatMessage, JobRecord
    from photogen.ui.app import PhotogenApp

Answer = TypeVar("Answer")
#: After esc, the timeline and credits are fetched again this much later (the
#: server may finish the cancelled work in the meantime).
LATE_REFRESH_S = 20.0
#: How long the status bar says that the connection came back before "connected".
NOTE_S = 10.0


class MainScreen(GridActions, Screen[None]):
    """Everything the user works with."""

    BINDINGS = bindings_for("screen")
    AUTO_FOCUS = "#prompt"
    """The prompt has the keyboard from the first frame (no refocus, no second footer)."""

    def __init__(self, detection: Detection, *, animate_spinners: bool = True) -> None:
        super().__init__()
        self.workspace: WorkspaceLike | None = None
        self.queued: list[str] = []
        """Lines typed before the workspace was open; sent once it is."""
        self.last_output: str | None = None
        """What ctrl+y copies: the last saved file or photo."""
        self.last_photo: str | None = None
        """The last photo made (ctrl+r makes variations of it)."""
        self.work = Workers(self)
        self.chat = ChatPanel(id="chat-panel", animate_spinners=animate_spinners)
        self.side = SidePanel(detection, id="side-panel")
        self.status = StatusBar(id="status")
        self.turn_photos = 0
        """Photos the running turn made so far."""
        self.detection = detection
        self.photo_info: dict[str, PhotoInfo] = {}
        """Local file -> what is known of each photo made in this run (for the viewer)."""
        self.browser_link_refused = False
        """The server answered that it has no browser link (the command is then hidden)."""
        self.unreachable = False
        """Start-up could not reach the remote server: the local backend is offered."""
        self.startup_failed = False
        """Start-up failed: nothing typed is queued (it would never go out)."""

    def compose(self) -> ComposeResult:
        """Chat panel | side panel; status bar; footer."""
        with Horizontal(id="body"):
            yield self.chat
            yield self.side
        yield self.status
        yield Footer()

    @property
    def photogen_app(self) -> PhotogenApp:
        """The app, with its own attributes typed."""
        return cast("PhotogenApp", self.app)

    def on_mount(self) -> None:
        """Paint first, then connect."""
        self.status.backend = self.photogen_app.backend_label
        self.call_after_refresh(self._start_workspace)

    def _start_workspace(self) -> None:
        self.work.open_workspace(self.photogen_app.open_workspace)

    def _refresh(self, *, credits: bool = False, timeline: bool = False) -> None:
        """Fetch the credits and the timeline; ``credits``/``timeline``: also say them."""
        if self.workspace is not None:
            self.work.refresh(self.workspace, announce_credits=credits, announce_timeline=timeline)

    # -- what the user typed --------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """A printable key typed in another pane goes into the prompt, and so does the focus.

        Only photogen's own pane keys (x on a job) stay with the pane; a widget's built-in
        printable key (space in the tree) gives way to typing.
        """
        prompt = self.chat.prompt
        if not event.is_printable or event.character is None or self.focused is prompt:
            return
        bound = self.active_bindings.get(event.key)
        if bound is not None and bound.binding.id in BY_ID:
            return
        event.stop()
        event.prevent_default()
        self.chat.type_into_prompt(event.character)

    def on_screen_resume(self) -> None:
        """Back from a dialog (or the palette): the keyboard goes to the prompt."""
        self.chat.focus_prompt()

    def on_prompt_input_submitted(self, event: PromptInput.Submitted) -> None:
        """Route the text: a direct action or a chat turn (queued until set up)."""
        text = event.text
        if self.workspace is None and self.startup_failed:
            self.chat.prompt.restore(text)
            self.notify(self._not_connected(), title="Not connected", severity="warning")
            return
        if self.workspace is None:
            self.queued.append(text)
            self.chat.echo(text)
            self.chat.note("Queued: it goes out as soon as setup finishes.")
            return
        self.route(text)

    def route(self, text: str, *, echo: bool = True) -> None:
        """Act on one line the user typed."""
        workspace = self.workspace
        if workspace is None:
            return
        intent = workspace.route(text)
        if isinstance(intent, Chat) and self.work.running(Group.TURN):
            # Sending now would abandon the running turn (its work may still be charged).
            self.chat.prompt.restore(text)
            key = app_key(self, "cancel-turn")
            self.notify(
                f"A reply is still coming. Wait for it, or press {key} to stop it first.",
                severity="warning",
                markup=False,
            )
            return
        self.chat.hold(text)  # goes back to the input if what it started fails
        if echo:
            self.chat.echo(text)
        match intent:
            case Export(fmt=fmt):
                self.work.follow_jobs(workspace.export(fmt))
            case Credits():
                self._refresh(credits=True)
            case Status():
                self._refresh(timeline=True)
            case Upload(paths=paths) if paths:
                self.work.upload(workspace, list(paths))
            case Upload():
                self.action_upload()
            case Chat(then_export=then_export):
                self.work.turn(workspace, text, self.side.selected_url, then_export)

    # -- what the workers learned ---------------------------------------------------------

    def on_workspace_opened(self, event: msg.WorkspaceOpened) -> None:
        """Ready: show the session, follow unfinished jobs, send what was queued."""
        workspace = self.workspace = event.workspace
        self.status.phase, self.status.detail = "ready", ""
        self.status.backend = workspace.backend.label
        self._show_session(workspace.history(), workspace.jobs())
        self._refresh()
        self.refresh_history(restore=True)
        self.work.resume_jobs(workspace)
        self.work.watch_server(workspace)
        if self.queued:  # what was typed meanwhile goes first; a quit turn is then in the past
            for text in self.queued:
                self.route(text, echo=False)
            self.queued.clear()
        else:
            self.work.resume_turn(workspace)

    def on_connection_changed(self, event: msg.ConnectionChanged) -> None:
        """Setup progress, a lost connection, or the local server back after a restart."""
        self.status.phase, self.status.detail = event.phase, event.detail
        if event.phase == "ready" and event.detail:  # said for a while, then "connected"
            self.set_timer(NOTE_S, lambda: self._clear_detail(event.detail))

    def _clear_detail(self, detail: str) -> None:
        if self.status.phase == "ready" and self.status.detail == detail:
            self.status.detail = ""

    def on_turn_progressed(self, event: msg.TurnProgressed) -> None:
        """One streamed update of the running turn, to the panel it belongs to."""
        status = self.status
        if status.phase != "ready":
            status.phase, status.detail = "ready", ""
        update = event.update
        match update:
            case TimelineChanged(view=view):
                self.side.show_timeline(view)
            case CreditsChanged(balance=balance):
                status.show_balance(balance)
            case GridReady():
                self.show_grid(update)
            case PhotoReady(url=url, local_path=local_path):
                self.turn_photos += 1
                self.last_output = str(local_path or url)
                if local_path is not None:
                    self.side.remember_photo(url, str(local_path))
                    info = PhotoInfo(str(local_path), update.prompt or "", update.seed, url)
                    self.photo_info[info.path] = info
                self.chat.apply(update)
            case ToolStatus(label=label, running=running):
                status.activity = label if running else ""
                self.chat.apply(update)
            case TurnFinished(ok=ok):
                status.activity = ""
                self.chat.apply(update)
                if ok and self.turn_photos:  # an edit or a photo: done means noticed
                    self.ring()
                self.turn_photos = 0
                self.refresh_history()
            case _:
                self.chat.apply(update)

    def on_view_photo_requested(self, event: ViewPhotoRequested) -> None:
        """The full-screen viewer on a photo, stepping through the session's photos."""
        event.stop()
        paths = [thumb.path for thumb in self.chat.query(PhotoThumb)]
        if event.path not in paths:
            paths.append(event.path)
        photos = [self.photo_info.get(path) or PhotoInfo(path) for path in paths]
        self.app.push_screen(PhotoViewer(self.detection, photos, paths.index(event.path)))

    def on_chat_panel_photo_shown(self, event: ChatPanel.PhotoShown) -> None:
        """A new photo: preview it; ctrl+r now makes variations of it."""
        self.last_photo = event.path
        self.side.preview(event.path, event.caption)

    def on_job_progressed(self, event: msg.JobProgressed) -> None:
        """Move the job's row; a finished still is previewed, a failure is said once."""
        job = event.update.job
        self.side.show_job(job)
        self.chat.job_changed(job)
        eta = eta_text(job.elapsed_s, job.progress / 100) if job.active else ""
        self.status.activity = (
            f"Exporting {job.format.upper()} {job.progress}% · {eta}"
            if eta
            else ("" if self.status.activity.startswith("Exporting") else self.status.activity)
        )
        if job.state == "completed" and job.path:
            self.ring()
            self.last_output = str(job.path)
            if job.format in STILL_FORMATS:
                self.side.preview(job.path, f"Exported {job.path}")

    def _show_eta(self, job: JobRecord) -> None:
        """A long export says how long it has left (from its progress so far)."""
        eta = eta_text(job.elapsed_s, job.progress / 100) if job.active else ""
        if eta:
            self.status.activity = f"Exporting {job.format.upper()} {job.progress}% · {eta}"
        elif self.status.activity.startswith("Exporting"):
            self.status.activity = ""

    def on_job_cancelled(self, event: msg.JobCancelled) -> None:
        """The job's row shows it stopped."""
        self.side.show_job(event.job)

    def on_upload_progressed(self, event: msg.UploadProgressed) -> None:
        """Upload progress in the status bar."""
        self.status.activity = f"Uploading {event.label} {event.fraction:.0%}"

    def on_upload_finished(self, event: msg.UploadFinished) -> None:
        """Say what was uploaded."""
        self.status.activity = ""
        self.chat.note(event.outcome.message, "ok")

    def on_credits_refreshed(self, event: msg.CreditsRefreshed) -> None:
        """New balance in the status bar (and the chat when asked)."""
        self.status.show_balance(event.balance)
        if event.announce:
            self.chat.say_credits(event.balance)

    def on_timeline_refreshed(self, event: msg.TimelineRefreshed) -> None:
        """New timeline (and its summary in the chat when asked)."""
        self.side.show_timeline(event.view)
        if event.announce:
            self.chat.note(event.view.summary)

    def on_session_loaded(self, event: msg.SessionLoaded) -> None:
        """Another session: replay its chat and jobs, then fetch its timeline and credits."""
        self._show_session(event.history, event.jobs)
        self._refresh()
        self.refresh_history(restore=True)
        self.chat.focus_prompt()

    def _show_session(self, history: list[ChatMessage], jobs: list[JobRecord]) -> None:
        cache = self.workspace.photos.path_for if self.workspace is not None else None
        latest = self.chat.show_history(history, cache)
        self.side.show_session(latest, jobs)
        self.last_photo = self.last_output = latest

    def on_side_panel_photo_requested(self, event: SidePanel.PhotoRequested) -> None:
        """A timeline photo that is not on disk yet: download it (or say there is none)."""
        if self.workspace is None:
            self.side.preview(None, event.caption + " — no picture")
            return
        self.work.fetch_photo(self.workspace, event.url, event.caption)

    def on_photo_fetched(self, event: msg.PhotoFetched) -> None:
        """A downloaded photo: the side panel shows it."""
        self.side.show_fetched(event.url, event.path, event.caption)

    def on_job_row_cancel_requested(self, event: JobRow.CancelRequested) -> None:
        """x on a job row."""
        if self.workspace is not None:
            self.work.cancel_job(self.workspace, event.job_id)

    # -- the one error handler ------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place failures become a notification."""
        worker = event.worker
        if event.state == WorkerState.CANCELLED and worker.group == Group.TURN:
            self.turn_stopped()
        elif event.state == WorkerState.ERROR:
            self.report_error(worker.error, worker.group)

    def turn_stopped(self) -> None:
        """Esc (or switching sessions) stopped waiting for the turn.

        The embedded server is asked to stop the work (core's turn does it); any other
        may still finish it, so the timeline and credits are fetched again now and once
        more a little later, and the prompt goes back to the input.
        """
        local = self.workspace is not None and self.workspace.backend.kind == "local"
        self.chat.turn_stopped(server_stops=local)
        self.status.activity = ""
        self._refresh()
        self.set_timer(LATE_REFRESH_S, self._refresh, name="late refresh")

    def report_error(self, error: BaseException | None, group: str) -> None:
        """Word an error for people, show it once, and keep the app usable."""
        failure = describe_failure(error, group)
        text = Text(failure.what_to_do or " ").plain
        self.notify(text, title=failure.title, severity="error", markup=False)
        self.status.activity = ""
        if failure.phase is not None:
            self.status.phase = failure.phase
            if group == Group.STARTUP:
                self.status.detail = failure.title
        if failure.ends_turn:
            self.chat.end_turn()
        if failure.gives_prompt_back:
            self.chat.restore_prompt()
        if group == Group.STARTUP:
            self._startup_failed(error)

    def _startup_failed(self, error: BaseException | None) -> None:
        """Nothing typed waits for a start that failed; a remote server out of reach
        makes the local backend the way on."""
        from photogen.client.errors import TransportError, WebPageAnswer

        self.startup_failed = True
        if self.queued:  # every line typed meanwhile goes back into the prompt
            self.chat.restore_prompt("\n".join(self.queued))
            self.queued.clear()
        self.unreachable = isinstance(error, TransportError | WebPageAnswer)
        self.refresh_bindings()
        self.chat.note(self._not_connected(), "error")

    def _not_connected(self) -> str:
        if self.unreachable:
            key = app_key(self, "use-local")
            return (
                f"The server can't be reached. Press {key} to use the local backend "
                "(offline, free), or quit and try again later."
            )
        return "photogen-tui could not start; quit, fix what the message said, and try again."

    def action_use_local(self) -> None:
        """Start the embedded server instead of the remote one that can't be reached."""
        if not self.unreachable:
            return
        self.unreachable = self.startup_failed = False
        self.refresh_bindings()
        self.photogen_app.use_local_backend()
        self.status.phase, self.status.detail = "starting", ""
        self.status.backend = self.photogen_app.backend_label
        self.chat.note("Starting the local backend…")
        self._start_workspace()

    # -- actions (thin) -------------------------------------------------------------------

    def _require_workspace(self) -> WorkspaceLike | None:
        if self.workspace is None:
            self.notify("Still setting things up…", severity="warning")
        return self.workspace

    def action_cancel_turn(self) -> None:
        """Stop the running turn."""
        self.work.cancel(Group.TURN)

    def _ask(self, dialog: ModalScreen[Answer | None], then: Callable[[Answer], None]) -> None:
        """Open a dialog; ``then`` gets its answer unless it was dismissed."""

        def answered(answer: Answer | None) -> None:
            if answer:
                then(answer)

        self.app.push_screen(dialog, answered)

    def action_export(self) -> None:
        """Choose a format and export."""
        if workspace := self._require_workspace():
            self.chat.hold(None)  # nothing typed to give back
            dialog = ExportDialog(workspace.settings.default_export)
            self._ask(dialog, lambda fmt: self.work.follow_jobs(workspace.export(fmt)))

    def action_upload(self) -> None:
        """Pick files to upload."""
        if workspace := self._require_workspace():
            self.chat.hold(None)  # nothing typed to give back
            self._ask(UploadDialog(), lambda paths: self.work.upload(workspace, paths))

    def action_variation(self) -> None:
        """Ask for another variation of the last photo."""
        if self.last_photo is None:
            key = app_key(self, "another-variation")
            self.notify(f"Make a photo first; then {key} makes variations.", severity="warning")
        elif self._require_workspace():
            self.route("another variation")

    def action_subject_box(self) -> None:
        """Mark the subject of the last cut-out on its original photo, then cut again."""
        if workspace := self._require_workspace():
            self.work.cutout_photo(workspace)

    def on_cutout_photo_fetched(self, event: msg.CutoutPhotoFetched) -> None:
        """Open the box on the photo; Enter sends the box to the agent as a message."""
        if event.found is None or event.found[1] is None:
            text = "There's no cut-out to redo: put a photo on a background first."
            self.notify(text, severity="warning", markup=False)
            return

        from photogen.ui.screens.subject_box import SubjectBoxScreen  # Pillow: after first paint

        self._ask(SubjectBoxScreen(event.found[1]), lambda box: self.route(box_message(box)))

    def action_new_session(self) -> None:
        """Start over in a new session."""
        if workspace := self._require_workspace():
            self.work.switch_session(workspace, None)

    def action_open_session(self) -> None:
        """Choose a past session."""
        if workspace := self._require_workspace():
            dialog = SessionsScreen(workspace.list_sessions(), workspace.session.id)
            self._ask(dialog, lambda session_id: self.work.switch_session(workspace, session_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The browser link is offered only by a backend with NemoVideo's web app; the
        local backend only when the remote one could not be reached; grid commands only
        when there is a grid."""
        if action.startswith("grid_"):
            return self._strip() is not None
        if action == "use_local":
            return self.unreachable
        if action == "open_in_browser":
            workspace = self.workspace
            local = workspace is None or workspace.backend.kind == "local"
            return not (local or self.browser_link_refused)
        return True

    def action_open_in_browser(self) -> None:
        """Fetch the session's browser link (then copy and show it)."""
        if workspace := self._require_workspace():
            self.work.browser_link(workspace)

    def on_browser_link_fetched(self, event: msg.BrowserLinkFetched) -> None:
        """Copy the link and show it; a server without one is said once, quietly."""
        if event.link is None:
            self.browser_link_refused = True
            self.refresh_bindings()
            self.notify("This server has no browser link for the session.", markup=False)
            return
        self.photogen_app.copy_text(event.link)
        title = "Browser link copied: it opens this session in the web app"
        self.notify(event.link, title=title, markup=False)

    def action_copy_output(self) -> None:
        """Copy the last saved path or photo URL."""
        if self.last_output is None:
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.photogen_app.copy_text(self.last_output)
        self.notify(Text(self.last_output).plain, title="Copied", markup=False)
