"""Candidates, grids and lineage: every photo knows its seed and where it came from.

A photo's parent is one of: ``prompt`` (drawn from words), ``variation`` (of the
photo at ``parent_url``, subtle or strong), ``edit`` (of ``parent_url``) or
``upload``. A grid is the candidates drawn together (one ``grid_id``), numbered
from 1. The embedded server writes all of this into ``generated_media``; the
client's own grids (one photo per turn) are numbered here. The history store
keeps the nodes, so a reopened session shows its lineage without the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from photogen.wire import GeneratedMedia
from photogen.wire.safety import strip_control

PARENT_KINDS = ("prompt", "variation", "edit", "upload")


@dataclass(frozen=True)
class PhotoNode:
    """One photo of a session and its parent.

    Attributes:
        url: Where it is downloaded from.
        prompt: The words it was drawn from (or the edit asked for).
        seed: The engine's seed, when it has one.
        parent_kind: One of :data:`PARENT_KINDS`.
        parent_url: The photo it was varied or edited from.
        strength: ``subtle`` or ``strong`` for a variation.
        grid_id: The grid it belongs to, if any.
        candidate: Its number in that grid (1-based).
        order: Position in the session (older first).
    """

    url: str
    prompt: str = ""
    seed: int | None = None
    parent_kind: str = "prompt"
    parent_url: str | None = None
    strength: str | None = None
    grid_id: str | None = None
    candidate: int | None = None
    order: int = 0

    @property
    def key(self) -> str:
        """The URL's path: the same photo whatever host or port served it."""
        return media_key(self.url)

    @property
    def caption(self) -> str:
        """``#2 · seed 1234``."""
        number = f"#{self.candidate}" if self.candidate else "photo"
        return f"{number} · seed {self.seed}" if self.seed is not None else number

    @property
    def how(self) -> str:
        """How it was made, in a few words ("subtle variation", "edit", "prompt")."""
        if self.parent_kind == "variation":
            return f"{self.strength or 'subtle'} variation"
        return self.parent_kind


@dataclass(frozen=True)
class Grid:
    """Candidates drawn together, in order."""

    id: str
    prompt: str
    candidates: tuple[PhotoNode, ...]

    def candidate(self, number: int) -> PhotoNode | None:
        """Candidate ``number`` (1-based), or None."""
        for node in self.candidates:
            if node.candidate == number:
                return node
        return None

    @property
    def numbers(self) -> list[int]:
        """The candidates' numbers."""
        return [n.candidate or i for i, n in enumerate(self.candidates, start=1)]


@dataclass
class TreeNode:
    """A photo in the lineage tree, with what was made from it."""

    node: PhotoNode
    children: list[TreeNode] = field(default_factory=list)


def media_key(url: str | None) -> str:
    """The path of a media URL (``/media/…``), or the URL when it has none."""
    if not url:
        return ""
    return urlsplit(url).path or url


def node_from_media(media: GeneratedMedia, order: int) -> PhotoNode | None:
    """The node of one ``generated_media`` item; None for non-images and items without URL."""
    if media.type != "image" or not media.url:
        return None
    extra: dict[str, Any] = media.model_extra or {}
    found = extra.get("parent")
    parent: dict[str, Any] = found if isinstance(found, dict) else {}
    kind = str(parent.get("kind") or ("edit" if extra.get("source") else "prompt"))
    parent_url = parent.get("url") or extra.get("source")
    candidate = extra.get("candidate")
    strength = parent.get("strength")
    return PhotoNode(
        url=media.url,
        prompt=strip_control(str(media.prompt or ""))[:300],
        seed=media.seed,
        parent_kind=kind if kind in PARENT_KINDS else "prompt",
        parent_url=str(parent_url) if parent_url else None,
        strength=str(strength) if strength in ("subtle", "strong") else None,
        grid_id=str(extra["grid"]) if extra.get("grid") else None,
        candidate=candidate if isinstance(candidate, int) and 1 <= candidate <= 9 else None,
        order=order,
    )


def nodes_from_media(media: Iterable[GeneratedMedia]) -> list[PhotoNode]:
    """The image nodes of a session's ``generated_media``, in order."""
    nodes = (node_from_media(m, i) for i, m in enumerate(media))
    return [n for n in nodes if n is not None]


def latest_grid(nodes: Sequence[PhotoNode]) -> Grid | None:
    """The newest grid among ``nodes`` (the candidates of the last node with a grid id)."""
    for node in reversed(nodes):
        if node.grid_id:
            members = [n for n in nodes if n.grid_id == node.grid_id]
            members.sort(key=lambda n: n.candidate or 0)
            return Grid(node.grid_id, node.prompt, tuple(members))
    return None


def client_grid(grid_id: str, prompt: str, nodes: Sequence[PhotoNode]) -> list[PhotoNode]:
    """``nodes`` (one photo per turn) numbered as one grid, in arrival order."""
    return [
        replace(n, grid_id=grid_id, candidate=i, prompt=n.prompt or prompt)
        for i, n in enumerate(nodes, start=1)
    ]


def lineage_tree(nodes: Sequence[PhotoNode]) -> list[TreeNode]:
    """The photos as a forest: each under the photo it was varied or edited from."""
    trees = {n.key: TreeNode(n) for n in nodes}
    roots: list[TreeNode] = []
    for node in sorted(nodes, key=lambda n: n.order):
        parent = trees.get(media_key(node.parent_url)) if node.parent_url else None
        if parent is not None and parent.node.key != node.key:
            parent.children.append(trees[node.key])
        else:
            roots.append(trees[node.key])
    return roots


def walk(trees: Sequence[TreeNode], depth: int = 0) -> Iterable[tuple[int, PhotoNode]]:
    """``(depth, node)`` of every photo, parents before their children."""
    for tree in trees:
        yield depth, tree.node
        yield from walk(tree.children, depth + 1)
