"""The side panel: the photo preview above the timeline tree and the export jobs.

It remembers where each photo of the session is on disk, so choosing a timeline
segment previews it at once; a segment whose photo is not on disk yet is asked
of the screen (:class:`SidePanel.PhotoRequested`), which downloads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message

from photogen.ui.images.detect import Detection
from photogen.ui.widgets.jobs import JobList
from photogen.ui.widgets.lineage import LineageTree
from photogen.ui.widgets.preview import PreviewPane
from photogen.ui.widgets.timeline import TimelineTree

if TYPE_CHECKING:
    from photogen.core.store import JobRecord
    from photogen.core.timeline import TimelineView


class SidePanel(Vertical):
    """Preview, timeline and jobs."""

    class PhotoRequested(Message):
        """A timeline segment was chosen whose photo is not on disk yet."""

        def __init__(self, url: str, caption: str) -> None:
            super().__init__()
            self.url = url
            self.caption = caption

    def __init__(self, detection: Detection, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.detection = detection
        self.media_paths: dict[str, str] = {}
        """Photo URL -> its local file, for the photos of this session."""
        self.selected_url: str | None = None
        """The photo chosen in the timeline (what "this one" means); None after a new photo."""

    def compose(self) -> ComposeResult:
        """Preview, timeline, jobs, top to bottom."""
        yield PreviewPane(self.detection, id="preview")
        yield TimelineTree(id="timeline")
        yield LineageTree(id="history")
        yield JobList(id="jobs")

    # -- the preview ----------------------------------------------------------------------

    def preview(
        self, path: str | Path | None, caption: str, selected_url: str | None = None
    ) -> None:
        """Show a local photo (None: only the caption); ``selected_url`` is its URL when chosen."""
        self.selected_url = selected_url
        self.query_one(PreviewPane).show(path, caption)

    def remember_photo(self, url: str, path: str) -> None:
        """A photo of the session is on disk (its segment previews without a download)."""
        self.media_paths[url] = path

    def show_fetched(self, url: str, path: str | None, caption: str) -> None:
        """A photo the panel asked for arrived (``path`` None: it could not be fetched)."""
        if path:
            self.media_paths[url] = path
        self.preview(path, caption, url)

    def on_timeline_tree_segment_selected(self, event: TimelineTree.SegmentSelected) -> None:
        """Preview the chosen segment's photo, or ask for it when it is not on disk."""
        event.stop()
        segment = event.segment
        path = self.media_paths.get(segment.url or "")
        caption = f"{segment.kind}: {segment.name} ({segment.times})"
        if path is None and segment.url and segment.kind == "Video":
            self.post_message(self.PhotoRequested(segment.url, caption))
            return
        self.preview(path, caption if path else caption + " — no picture", segment.url)

    # -- timeline and jobs ----------------------------------------------------------------

    def show_timeline(self, view: TimelineView) -> None:
        """Refresh the tree: tracks, and the uploaded media when the view has them."""
        self.query_one(TimelineTree).show_view(view.summary, view.tracks, view.media_files)

    def show_job(self, job: JobRecord) -> None:
        """Create or update a job's row."""
        self.query_one(JobList).show_job(job)

    def show_session(self, latest_photo: str | None, jobs: list[JobRecord]) -> None:
        """Another session: its latest photo (or the empty state) and its job rows."""
        preview = self.query_one(PreviewPane)
        self.selected_url = None
        if latest_photo is None:
            preview.clear()
        else:
            preview.show(latest_photo, "Latest photo of this session")
        job_list = self.query_one(JobList)
        job_list.clear_jobs()
        for job in jobs:
            job_list.show_job(job)
