"""Export jobs: one row each with format, live progress, state, elapsed time and path."""

from __future__ import annotations

import re
import time
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from photogen.ui.bindings import app_key, bindings_for
from photogen.ui.images.links import file_link

if TYPE_CHECKING:
    from photogen.core.store import JobRecord

_DONE_STATES = frozenset({"completed", "failed", "cancelled", "missing"})
_RED_STATES = frozenset({"failed", "cancelled", "missing"})


def row_id(job_id: str) -> str:
    """A widget id for a job id (ids allow letters, digits, ``_`` and ``-`` only)."""
    return "job-" + re.sub(r"[^A-Za-z0-9_-]", "_", job_id)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class JobRow(Widget, can_focus=True):
    """One export job: a status line, and the saved file's name under it once done.

    The status line (format, bar, percentage, state, elapsed) always fits; only the
    bar shrinks in a narrow pane. The full path is the row's tooltip.
    """

    DEFAULT_CSS = "JobRow { height: auto; }"
    BINDINGS = bindings_for("job")

    class CancelRequested(Message):
        """The user asked to stop this job."""

        def __init__(self, job_id: str) -> None:
            super().__init__()
            self.job_id = job_id

    state: reactive[str] = reactive("queued")
    """queued, processing, downloading, completed, failed ..."""
    progress: reactive[float] = reactive(0.0)
    """0-100."""
    elapsed: reactive[float] = reactive(0.0)
    """Seconds since the job started."""
    path: reactive[str] = reactive("", layout=True)
    """Where the file was saved, once done (adds the second line)."""

    def __init__(self, job_id: str, fmt: str) -> None:
        super().__init__(id=row_id(job_id), classes="job-row")
        self.job_id = job_id
        self.fmt = fmt

    def render(self) -> Group:
        """``MP4 ━━━━━━╸━━━  62% processing  0:12``, then ``↳ sneaker.mp4`` once saved."""
        from rich.progress_bar import ProgressBar  # not needed before the first job

        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=4, no_wrap=True)
        grid.add_column(ratio=1, min_width=4, no_wrap=True)
        grid.add_column(width=4, justify="right", no_wrap=True)
        grid.add_column(width=11, no_wrap=True)
        grid.add_column(width=5, justify="right", no_wrap=True)
        failed = self.state in _RED_STATES
        state_style = "red" if failed else "green" if self.state == "completed" else "yellow"
        grid.add_row(
            Text(self.fmt.upper(), style="bold"),
            ProgressBar(total=100, completed=self.progress),
            Text(f"{self.progress:.0f}%"),
            Text(self.state, style=state_style),
            Text(_clock(self.elapsed), style="dim"),
        )
        if not self.path:
            return Group(grid)
        gone = self.state == "missing"  # the core found the saved file gone
        name = Text("  ↳ ")
        if gone:
            name.append(f"{PurePath(self.path).name} (file missing)")
        else:  # an OSC 8 link to the export: a click in the terminal opens it
            name.append_text(file_link(PurePath(self.path).name, self.path))
        name.stylize("red" if gone else "green")
        name.no_wrap, name.overflow = True, "ellipsis"
        return Group(grid, name)

    def watch_path(self, path: str) -> None:
        """Hover shows the full path."""
        self.tooltip = Text(path) if path else None  # a folder name may contain [ ]

    started: float | None = None
    """Epoch seconds the job started; lets the clock tick between server polls."""

    def on_mount(self) -> None:
        """Tick the elapsed clock once a second while the job runs."""
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.started and self.state not in _DONE_STATES:
            self.elapsed = max(self.elapsed, time.time() - self.started)

    def action_cancel_job(self) -> None:
        """Ask the screen to stop this job (x)."""
        if self.state not in _DONE_STATES:
            self.post_message(self.CancelRequested(self.job_id))

    def watch_state(self, state: str) -> None:
        """Mark finished rows (CSS dims them)."""
        self.set_class(state in _DONE_STATES, "-finished")


class JobList(VerticalScroll):
    """All export jobs of the session, newest last."""

    def compose(self) -> ComposeResult:
        """An empty hint until the first job."""
        key = app_key(self, "export-draft")
        yield Static(f"No exports yet — {key} to export.", classes="jobs-empty")

    def show_job(self, job: JobRecord) -> JobRow:
        """Create or update the row of a job."""
        return self.upsert(
            job.id,
            job.format,
            state=job.state,
            progress=float(job.progress),
            elapsed=job.elapsed_s,
            path=job.path,
            started=job.started,
        )

    def upsert(
        self,
        job_id: str,
        fmt: str,
        *,
        state: str,
        progress: float,
        elapsed: float,
        path: str | None = None,
        started: float | None = None,
    ) -> JobRow:
        """Create or update the row of one job.

        Args:
            job_id: Stable id of the job.
            fmt: mp4, png, jpg or webp.
            state: The job's state word.
            progress: 0-100.
            elapsed: Seconds since start.
            path: The saved file, once known.
            started: Epoch start, so the clock ticks between updates.
        """
        rows = self.query(f"#{row_id(job_id)}")
        if rows:
            row = rows.first(JobRow)
        else:
            row = JobRow(job_id, fmt)
            self.mount(row)
            for hint in self.query(".jobs-empty"):
                hint.display = False
        row.state, row.progress, row.elapsed = state, progress, elapsed
        row.started = started or row.started
        if path:
            row.path = path
        self.scroll_end(animate=False)
        return row

    def clear_jobs(self) -> None:
        """Forget every row (another session was opened)."""
        self.query(JobRow).remove()
        for hint in self.query(".jobs-empty"):
            hint.display = True
