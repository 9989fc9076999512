"""The timeline tree: tracks (Video, BGM, Title) and their segments with times."""

from __future__ import annotations

from typing import Any, Protocol

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree


class SegmentLike(Protocol):
    """What the tree reads from a segment (``photogen.core.timeline.SegmentView``)."""

    name: str
    kind: str
    url: str | None

    @property
    def times(self) -> str:
        """``0-10s``."""
        ...


_TRACK_ICON = {"Video": "▶", "BGM": "♪", "Title": "T"}


class TimelineTree(Tree[Any]):
    """Read-only view of the draft; selecting a segment asks for its preview."""

    class SegmentSelected(Message):
        """A segment was chosen; the screen previews it."""

        def __init__(self, segment: Any) -> None:
            super().__init__()
            self.segment = segment

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(Text("Timeline: empty"), id=id)
        self.show_root = True
        self.guide_depth = 3

    def show_view(self, summary: str, tracks: list[Any]) -> None:
        """Replace the tree with a fresh timeline.

        Args:
            summary: The one-line summary, shown as the root's tooltip.
            tracks: ``TrackView``-like items with ``kind`` and ``segments``.
        """
        self.clear()
        count = len(tracks)
        self.root.set_label(Text(f"Timeline ({count} track{'s' * (count != 1)})"))
        self.tooltip = summary
        for track in tracks:
            icon = _TRACK_ICON.get(track.kind, "·")
            label = Text(f"{icon} {track.kind} ({len(track.segments)})", style="bold")
            branch = self.root.add(label, expand=True)
            for segment in track.segments:
                line = Text(segment.name)
                line.append(f"  {segment.times}", style="dim")
                branch.add_leaf(line, data=segment)
        self.root.expand()

    def on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        """A leaf with a segment asks the screen to preview it."""
        if event.node.data is not None:
            event.stop()
            self.post_message(self.SegmentSelected(event.node.data))
