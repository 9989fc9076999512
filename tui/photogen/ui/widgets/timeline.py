"""The timeline tree: tracks (Video, BGM, Title) with their segments, and uploaded media.

Leaf labels are fitted to the pane: a long name is cut with an ellipsis so the
time range (or the file's details) at the end of the line always shows, and
the tree never scrolls sideways.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from photogen.wire.safety import strip_control

if TYPE_CHECKING:
    from photogen.core.timeline import SegmentView, TrackView
    from photogen.wire import MediaInfo


@dataclass(frozen=True)
class FittedLabel:
    """A leaf label: ``name`` is shortened to fit, ``detail`` always shows in full."""

    name: str
    detail: str


_TRACK_ICON = {"Video": "▶", "BGM": "♪", "Title": "T"}
_GAP = 2


def media_detail(info: MediaInfo) -> str:
    """``image · 1024×768`` or ``video · 12.5s · 3.2 MB`` for an uploaded file."""
    parts = [info.file_type or "file"]
    width, height, duration = info.width, info.height, info.duration
    size = getattr(info, "size", None)  # not in the contract; some servers send it
    if duration:
        parts.append(f"{duration:.1f}".rstrip("0").rstrip(".") + "s")
    elif width and height:
        parts.append(f"{width}×{height}")
    if isinstance(size, int | float) and size > 0:
        parts.append(_bytes(float(size)))
    return " · ".join(parts)


def _bytes(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def _depth(node: TreeNode[Any]) -> int:
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth


class TimelineTree(Tree[Any]):
    """Read-only view of the draft; selecting a segment asks for its preview."""

    class SegmentSelected(Message):
        """A segment was chosen; the screen previews it."""

        def __init__(self, segment: SegmentView) -> None:
            super().__init__()
            self.segment = segment

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        self._fitted: dict[int, FittedLabel] = {}
        super().__init__(Text("Timeline: empty"), id=id)
        self.show_root = True
        self.guide_depth = 3

    def show_view(
        self, summary: str, tracks: list[TrackView], media: list[MediaInfo] | None = None
    ) -> None:
        """Replace the tree with a fresh timeline.

        Args:
            summary: The one-line summary, shown as the root's tooltip.
            tracks: The tracks with their segments.
            media: Uploaded files (filename, file_type, duration ...),
                listed under a "Media" node when there are any.
        """
        self.clear()
        self._fitted.clear()
        count = len(tracks)
        self.root.set_label(Text(f"Timeline ({count} track{'s' * (count != 1)})"))
        self.tooltip = Text(summary)  # plain text: names from the network are not markup
        for track in tracks:
            icon = _TRACK_ICON.get(track.kind, "·")
            label = Text(f"{icon} {track.kind} ({len(track.segments)})", style="bold")
            branch = self.root.add(label, expand=True)
            for segment in track.segments:
                self._add_leaf(branch, FittedLabel(segment.name, segment.times), segment)
        if media:
            branch = self.root.add(Text(f"▣ Media ({len(media)})", style="bold"), expand=True)
            for info in media:
                name = strip_control(info.filename or "untitled")
                self._add_leaf(branch, FittedLabel(name, media_detail(info)), None)
        self.root.expand()

    def _add_leaf(self, branch: TreeNode[Any], fitted: FittedLabel, data: Any) -> None:
        leaf = branch.add_leaf(Text(f"{fitted.name}  {fitted.detail}"), data=data)
        self._fitted[leaf.id] = fitted

    def render_label(self, node: TreeNode[Any], base_style: Style, style: Style) -> Text:
        """Leaves: the name cut to the pane's width, then the detail in full."""
        fitted = self._fitted.get(node.id)
        if fitted is None:
            return super().render_label(node, base_style, style)
        # Room for a vertical scrollbar is kept even while none shows: the tree caches
        # its lines by width, and a scrollbar appearing later must not hide the times.
        scrollbar = self.styles.scrollbar_size_vertical
        room = self.size.width - scrollbar - _depth(node) * self.guide_depth
        name = Text(fitted.name, no_wrap=True, overflow="ellipsis")
        name_width = max(1, room - len(fitted.detail) - _GAP)
        if name.cell_len > name_width:
            name.truncate(name_width, overflow="ellipsis")
        label = Text.assemble(name, " " * _GAP, (fitted.detail, "dim"))
        label.stylize(style)
        return label

    def get_label_width(self, node: TreeNode[Any]) -> int:
        """Leaves never widen the tree: they are cut to fit instead."""
        fitted = self._fitted.get(node.id)
        if fitted is None:
            return super().get_label_width(node)
        return len(fitted.detail) + _GAP + 1

    def on_tree_node_selected(self, event: Tree.NodeSelected[Any]) -> None:
        """A leaf with a segment asks the screen to preview it."""
        if event.node.data is not None:
            event.stop()
            self.post_message(self.SegmentSelected(event.node.data))
