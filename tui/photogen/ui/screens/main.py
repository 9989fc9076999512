"""The main screen: chat + prompt on the left; preview, timeline and jobs on the right.

The screen coordinates: widgets post messages, workers (``tasks.py``) post
messages, and the handlers here update the widgets. One handler words every
failure (``photogen.core.errors.describe_error``) as one notification.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer
from textual.worker import WorkerState

from photogen.ui import messages as msg
from photogen.ui.bindings import app_key, bindings_for, effective_keys
from photogen.ui.images.detect import Detection
from photogen.ui.screens.export_dialog import ExportDialog
from photogen.ui.screens.sessions import SessionsScreen
from photogen.ui.screens.tasks import TasksMixin
from photogen.ui.screens.updates import UpdatesMixin, credits_tuple
from photogen.ui.screens.upload_dialog import UploadDialog
from photogen.ui.widgets.chat import ChatLog
from photogen.ui.widgets.jobs import JobList, JobRow
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.prompt_input import PromptInput
from photogen.ui.widgets.status_bar import StatusBar
from photogen.ui.widgets.timeline import TimelineTree

_STILLS = frozenset({"png", "jpg", "webp"})
#: After esc, the timeline and credits are fetched again this much later (the
#: server may finish the cancelled work in the meantime).
LATE_REFRESH_S = 20.0
_CONNECTION_ERRORS = frozenset({"TransportError", "StreamError", "ServerStartError"})


class MainScreen(UpdatesMixin, TasksMixin):
    """Everything the user works with."""

    BINDINGS = bindings_for("screen")

    def __init__(self, detection: Detection, *, animate_spinners: bool = True) -> None:
        super().__init__()
        self.detection = detection
        self.animate_spinners = animate_spinners
        self.workspace: Any = None
        self.pending_prompt: str | None = None
        self.queued: list[str] = []
        self.media_paths = {}

    def compose(self) -> ComposeResult:
        """Chat and prompt | preview, timeline, jobs; status bar; footer."""
        with Horizontal(id="body"):
            with Vertical(id="left"):
                yield ChatLog(id="chat", animate_spinners=self.animate_spinners)
                yield PromptInput(id="prompt")
            with Vertical(id="right"):
                yield PreviewPane(self.detection, id="preview")
                yield TimelineTree(id="timeline")
                yield JobList(id="jobs")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Paint first, then connect."""
        self.query_one(PromptInput).focus()
        self.query_one(StatusBar).backend = self.app.backend_label  # type: ignore[attr-defined]
        self.call_after_refresh(self.start_workspace)

    # -- the prompt -----------------------------------------------------------------------

    def on_prompt_input_submitted(self, event: PromptInput.Submitted) -> None:
        """Route the text: a direct action or a chat turn."""
        if self.workspace is None:
            self.queued.append(event.text)
            self.query_one(ChatLog).add_user(event.text)
            self.query_one(ChatLog).add_note("Queued: it goes out as soon as setup finishes.")
            return
        self.route(event.text)

    def route(self, text: str, *, echo: bool = True) -> None:
        """Act on one line the user typed."""
        intent = self.workspace.route(text)
        kind = type(intent).__name__
        if kind == "Chat" and self._turn_running():
            # Sending now would abandon the running turn (its work may still be charged).
            self.query_one(PromptInput).restore(text)
            key = app_key(self, "cancel-turn")
            self.notify(
                f"A reply is still coming. Wait for it, or press {key} to stop it first.",
                severity="warning",
                markup=False,
            )
            return
        self.pending_prompt = text  # goes back to the input if what it started fails
        chat = self.query_one(ChatLog)
        if echo:
            chat.add_user(text)
        if kind == "Export":
            self.start_export(intent.fmt)
        elif kind == "Credits":
            self.start_refresh(announce_credits=True)
        elif kind == "Status":
            self.start_refresh(announce_timeline=True)
        elif kind == "Upload" and intent.paths:
            self.start_upload(list(intent.paths))
        elif kind == "Upload":
            self.action_upload()
        else:
            self.start_turn(text)

    def _turn_running(self) -> bool:
        return any(w.group == "turn" and w.is_running for w in self.workers)

    def restore_prompt(self, text: str | None) -> None:
        """Put the failed prompt back so nothing typed is lost."""
        text = text or self.pending_prompt
        if text:
            self.query_one(PromptInput).restore(text)

    def offer_label(self, action: str, label: str) -> str:
        """``Export: press ctrl+e`` for an offer."""
        keys = effective_keys(self.app.keymap_overrides)  # type: ignore[attr-defined]
        key = {"export": "export-draft", "upload": "upload-files"}.get(action)
        return f"→ {label}" + (f" (press {keys[key]})" if key and keys[key] not in label else "")

    # -- worker results -------------------------------------------------------------------

    def on_workspace_opened(self, event: msg.WorkspaceOpened) -> None:
        """Ready: show the session, follow unfinished jobs, send what was queued."""
        self.workspace = event.workspace
        status = self.query_one(StatusBar)
        status.phase, status.detail = "ready", ""
        status.backend = self.workspace.backend.label
        self.show_session(self.workspace.history(), self.workspace.jobs())
        self.start_refresh()
        self.start_resume_jobs()
        for text in self.queued:
            self.route(text, echo=False)
        self.queued.clear()

    def on_connection_changed(self, event: msg.ConnectionChanged) -> None:
        """Setup progress or a lost connection."""
        status = self.query_one(StatusBar)
        status.phase, status.detail = event.phase, event.detail

    def on_turn_progressed(self, event: msg.TurnProgressed) -> None:
        """One streamed update of the running turn."""
        status = self.query_one(StatusBar)
        if status.phase != "ready":
            status.phase, status.detail = "ready", ""
        self.apply_update(event.update)

    def on_job_progressed(self, event: msg.JobProgressed) -> None:
        """Move the job's row; a finished still is previewed, a failure is said once."""
        job = getattr(event.job, "job", event.job)
        self.query_one(JobList).show_job(job)
        chat = self.query_one(ChatLog)
        if job.state == "failed":
            chat.add_note(f"Export {job.format} failed: {job.error or 'unknown error'}", "error")
        if job.state == "completed" and job.path:
            self.last_output = str(job.path)
            if job.format in _STILLS:
                self.query_one(PreviewPane).show(job.path, f"Exported {job.path}")
            chat.add_note(
                f"Saved {job.path} ({app_key(self, 'copy-output')} copies the path)", "ok"
            )

    def on_upload_progressed(self, event: msg.UploadProgressed) -> None:
        """Upload progress in the status bar."""
        self.query_one(StatusBar).activity = f"Uploading {event.label} {event.fraction:.0%}"

    def on_upload_finished(self, event: msg.UploadFinished) -> None:
        """Say what was uploaded."""
        self.query_one(StatusBar).activity = ""
        self.query_one(ChatLog).add_note(
            getattr(event.outcome, "message", str(event.outcome)), "ok"
        )

    def on_credits_refreshed(self, event: msg.CreditsRefreshed) -> None:
        """New balance in the status bar (and the chat when asked)."""
        available, frozen, total = credits_tuple(event.balance)
        self.query_one(StatusBar).credits = (available, frozen, total)
        if event.announce:
            self.query_one(ChatLog).add_note(
                f"Credits: {available:g} available, {frozen:g} frozen, {total:g} total."
            )

    def on_timeline_refreshed(self, event: msg.TimelineRefreshed) -> None:
        """New timeline (and its summary in the chat when asked)."""
        self.show_timeline(event.view)
        if event.announce:
            self.query_one(ChatLog).add_note(event.view.summary)

    def on_session_loaded(self, event: msg.SessionLoaded) -> None:
        """Another session: replay its chat and jobs."""
        self.show_session(event.history, event.jobs)

    @on(TimelineTree.SegmentSelected)
    def preview_segment(self, event: TimelineTree.SegmentSelected) -> None:
        """Preview the chosen segment's photo when there is a local copy."""
        segment = event.segment
        path = self.media_paths.get(segment.url or "")
        caption = f"{segment.kind}: {segment.name} ({segment.times})"
        if path is None and segment.url and segment.kind == "Video" and self.workspace:
            self.start_preview_fetch(segment.url, caption)
            return
        self.query_one(PreviewPane).show(path, caption if path else caption + " — no picture")

    def on_photo_fetched(self, event: msg.PhotoFetched) -> None:
        """A downloaded photo: remember it and preview it."""
        if event.path:
            self.media_paths[event.url] = event.path
        self.query_one(PreviewPane).show(event.path, event.caption)

    def on_job_row_cancel_requested(self, event: JobRow.CancelRequested) -> None:
        """x on a job row."""
        self.start_cancel_job(event.job_id)

    def on_worker_state_changed(self, event: Any) -> None:
        """The one place failures become a notification."""
        worker = event.worker
        if event.state == WorkerState.CANCELLED and worker.group == "turn":
            self.turn_stopped()
        elif event.state == WorkerState.ERROR:
            self.report_error(worker.error, worker.group)

    def turn_stopped(self) -> None:
        """Esc (or switching sessions) stopped waiting for the turn.

        The server may still finish the work, so the timeline and credits are fetched
        again now and once more a little later, and the prompt goes back to the input.
        """
        chat = self.query_one(ChatLog)
        chat.end_turn(stopped=True)
        chat.add_note(
            "Stopped waiting — the server may still finish it; I'll refresh the timeline.",
            "warning",
        )
        self.query_one(StatusBar).activity = ""
        self.restore_prompt(None)
        self.start_refresh()
        self.set_timer(LATE_REFRESH_S, self.start_refresh, name="late refresh")

    def report_error(self, error: BaseException | None, group: str) -> None:
        """Word an error for people, show it once, and keep the app usable."""
        from photogen.core.errors import describe_error

        human = describe_error(error or RuntimeError("unknown error"))
        self.notify(
            Text(human.what_to_do or " ").plain, title=human.title, severity="error", markup=False
        )
        status = self.query_one(StatusBar)
        status.activity = ""
        if group == "startup":
            status.phase, status.detail = "failed", human.title
        elif type(error).__name__ in _CONNECTION_ERRORS:
            status.phase = "offline"
        if group == "turn":
            self.query_one(ChatLog).end_turn()
        if group in ("turn", "upload", "export"):
            self.restore_prompt(None)
        if group == "startup" and self.queued:
            self.restore_prompt(self.queued[0])

    # -- actions (thin) -------------------------------------------------------------------

    def _require_workspace(self) -> bool:
        if self.workspace is None:
            self.notify("Still setting things up…", severity="warning")
        return self.workspace is not None

    def action_cancel_turn(self) -> None:
        """Stop the running turn."""
        self.workers.cancel_group(self, "turn")

    def action_export(self) -> None:
        """Choose a format and export."""
        if self._require_workspace():
            self.pending_prompt = None  # nothing typed to give back
            default = self.workspace.settings.default_export
            self.app.push_screen(
                ExportDialog(default), lambda fmt: self.start_export(fmt) if fmt else None
            )

    def action_upload(self) -> None:
        """Pick files to upload."""
        if self._require_workspace():
            self.pending_prompt = None  # nothing typed to give back
            self.app.push_screen(
                UploadDialog(), lambda paths: self.start_upload(paths) if paths else None
            )

    def action_variation(self) -> None:
        """Ask for another variation of the last photo."""
        if self.last_photo is None:
            key = app_key(self, "another-variation")
            self.notify(f"Make a photo first; then {key} makes variations.", severity="warning")
        elif self._require_workspace():
            self.route("another variation")

    def action_new_session(self) -> None:
        """Start over in a new session."""
        if self._require_workspace():
            self.start_switch_session(None)

    def action_open_session(self) -> None:
        """Choose a past session."""
        if self._require_workspace():
            sessions = self.workspace.list_sessions()
            self.app.push_screen(
                SessionsScreen(sessions, self.workspace.session.id),
                lambda sid: self.start_switch_session(sid) if sid else None,
            )

    def action_copy_output(self) -> None:
        """Copy the last saved path or photo URL."""
        if self.last_output is None:
            self.notify("Nothing to copy yet.", severity="warning")
            return
        self.app.copy_text(self.last_output)  # type: ignore[attr-defined]
        self.notify(Text(self.last_output).plain, title="Copied", markup=False)
