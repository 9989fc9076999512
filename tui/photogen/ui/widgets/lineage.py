"""The "History" view of the timeline pane: every photo of the session under its parent.

Roots are prompts and uploads; under a photo are its variations and edits. Choosing
a node previews it and makes it the branch point: ``v``/``V`` vary it, ``u`` uses it
(the registry's ``history`` scope, run by the screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from photogen.ui.bindings import bindings_for

if TYPE_CHECKING:
    from photogen.core.lineage import PhotoNode, TreeNode


class LineageTree(Tree["PhotoNode"]):
    """The session's photos as a tree (hidden until F2 shows it)."""

    DEFAULT_CSS = (
        "LineageTree { height: 12; display: none; } LineageTree.-shown { display: block; }"
    )
    BINDINGS = bindings_for("history", "screen")

    class Chosen(Message):
        """A photo of the history was chosen: preview it, branch from it."""

        def __init__(self, node: PhotoNode) -> None:
            super().__init__()
            self.node = node

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("History", id=id)
        self.border_title = "History (F2 hides it)"
        self.show_root = False
        self.count = 0

    def show_nodes(self, trees: list[TreeNode]) -> None:
        """Rebuild the tree from the lineage (parents before children)."""
        self.clear()
        self.count = 0
        for tree in trees:
            self._add(self.root, tree)
        self.root.expand_all()

    def _add(self, parent: object, tree: TreeNode) -> None:
        node = tree.node
        self.count += 1
        label = Text(no_wrap=True, overflow="ellipsis")
        label.append(node.caption, style="bold")
        label.append(f"  {node.how}", style="italic")
        if node.prompt:
            label.append(f"  {node.prompt[:40]}", style="dim")
        added = parent.add(label, data=node, expand=True)  # type: ignore[attr-defined]
        for child in tree.children:
            self._add(added, child)

    @property
    def chosen(self) -> PhotoNode | None:
        """The photo under the cursor."""
        node = self.cursor_node
        return node.data if node is not None else None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[PhotoNode]) -> None:
        """Moving the cursor previews the photo under it."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Chosen(event.node.data))
