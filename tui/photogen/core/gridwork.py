"""Grids, lineage and the ledger around a chat turn.

:class:`GridKeeper` watches a turn's updates: after it, the session's photos
(with their seeds and parents) go into the history store, a new grid becomes a
:class:`~photogen.core.updates.GridReady`, and the turn's cost goes into the
ledger (the change of the credit balance; the estimate when it could not be read).

:func:`grid_by_turns` makes a grid against a server that makes one photo per turn:
the prompt, then "another one" until there are enough candidates, one turn after
the other, each shown as it arrives. A turn that fails is said and skipped (the
candidates made so far stay); no turn is ever sent twice (a dropped stream is
recovered by polling, see :mod:`photogen.core.turns`).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import asdict, replace

from photogen.core.lineage import (
    Grid,
    PhotoNode,
    client_grid,
    latest_grid,
    media_key,
    nodes_from_media,
)
from photogen.core.photos import PhotoCache
from photogen.core.store import LedgerEntry, Store
from photogen.core.timeline import TimelineView
from photogen.core.updates import (
    CreditsChanged,
    GridReady,
    Notice,
    PhotoReady,
    TimelineChanged,
    TurnFinished,
    TurnStream,
)

FOLLOW_UP = "another one"
"""What each further turn of a client-made grid says (every agent reads it as a new take)."""


def upload_nodes(view: TimelineView) -> list[PhotoNode]:
    """The session's uploaded images as lineage roots."""
    nodes = []
    for index, info in enumerate(view.media_files):
        url = info.cdn_url or (info.model_extra or {}).get("url")
        if isinstance(url, str) and url and info.file_type in (None, "image"):
            name = str(info.filename or "upload")[:80]
            nodes.append(PhotoNode(url, name, None, "upload", order=-1000 + index))
    return nodes


class GridKeeper:
    """Lineage, grids and the ledger of one workspace.

    Args:
        store: The history store.
        photos: The thumbnail cache (a grid's photos are fetched through it).
        price: Credits per photo of the cost estimate.
    """

    def __init__(self, store: Store, photos: PhotoCache, price: int) -> None:
        self.store = store
        self.photos = photos
        self.price = price
        self.available: int | None = None
        """The credit balance as last seen."""
        self._shown: set[str] = set()

    def nodes(self, session_id: str) -> list[PhotoNode]:
        """The session's photos as stored, in order (blocking: SQLite)."""
        rows = self.store.photos(session_id)
        return [PhotoNode(**{k: v for k, v in row.items() if k != "key"}) for row in rows]

    def grid(self, session_id: str) -> Grid | None:
        """The session's newest grid (blocking: SQLite)."""
        return latest_grid(self.nodes(session_id))

    async def watch(
        self, session_id: str, text: str, updates: TurnStream, own_grid: bool = False
    ) -> TurnStream:
        """Pass ``updates`` through; at the end store lineage and cost, announce a grid.

        Args:
            session_id: The session the turn runs in.
            text: The message (for the ledger and a client-made grid's prompt).
            updates: The turn.
            own_grid: The photos of this turn are one grid the client made by turns.
        """
        before, made = self.available, []
        view: TimelineView | None = None
        async for update in updates:
            if isinstance(update, PhotoReady):
                made.append(update.url)
            elif isinstance(update, TimelineChanged):
                view = update.view
            elif isinstance(update, CreditsChanged):
                self.available = update.balance.available
            elif isinstance(update, TurnFinished):
                for extra in await self._finish(session_id, text, view, made, own_grid, before):
                    yield extra
            yield update

    async def _finish(
        self,
        session_id: str,
        text: str,
        view: TimelineView | None,
        made: list[str],
        own_grid: bool,
        before: int | None,
    ) -> list[GridReady]:
        if made and before is not None and self.available is not None:
            credits = max(0, before - self.available)
        else:
            credits = len(made) * self.price
        entry = LedgerEntry(session_id, " ".join(text.split())[:80], len(made), credits)
        await asyncio.to_thread(self.store.add_ledger, entry)
        if view is None:
            return []
        own = made if own_grid else []
        nodes = await asyncio.to_thread(self._save, session_id, view, own, text)
        grid = latest_grid(nodes)
        fresh = {media_key(u) for u in made} & {n.key for n in grid.candidates} if grid else set()
        if grid is None or len(grid.candidates) < 2 or grid.id in self._shown or not fresh:
            return []
        self._shown.add(grid.id)
        paths = [await self.photos.fetch(n.url) for n in grid.candidates]
        return [GridReady(grid, tuple(paths))]

    def _save(
        self, session_id: str, view: TimelineView, own: list[str], text: str
    ) -> list[PhotoNode]:
        """Merge the state's photos with the stored ones (a client grid's numbers win)."""
        stored = {n.key: n for n in self.nodes(session_id)}
        fresh = upload_nodes(view) + nodes_from_media(view.media)
        merged = {n.key: _keep_grid(n, stored.get(n.key)) for n in fresh}
        for key, node in stored.items():
            merged.setdefault(key, node)
        if len(own) > 1:
            grid_id = "c" + uuid.uuid4().hex[:11]
            mine = [merged[media_key(u)] for u in own if media_key(u) in merged]
            for node in client_grid(grid_id, text, mine):
                merged[node.key] = node
        nodes = sorted(merged.values(), key=lambda n: n.order)
        self.store.save_photos(session_id, [{**asdict(n), "key": n.key} for n in nodes])
        return nodes

    def ledger(self, session_id: str | None = None) -> list[LedgerEntry]:
        """What each turn cost (blocking: SQLite)."""
        return self.store.ledger(session_id)


def _keep_grid(fresh: PhotoNode, stored: PhotoNode | None) -> PhotoNode:
    if stored is not None and stored.grid_id and not fresh.grid_id:
        return replace(fresh, grid_id=stored.grid_id, candidate=stored.candidate)
    return fresh


async def grid_by_turns(run: Callable[[str], TurnStream], text: str, want: int) -> TurnStream:
    """A grid of ``want`` photos from a server that makes one per turn.

    The first turn sends ``text``; when it made exactly one photo, :data:`FOLLOW_UP`
    turns follow until ``want`` photos exist or ``want`` turns ran. One
    :class:`TurnFinished` ends the whole grid (ok when any photo was made).
    """
    made, finished = 0, TurnFinished(False, retry_text=text)
    for index in range(max(1, want)):
        before = made
        async for update in run(text if index == 0 else FOLLOW_UP):
            if isinstance(update, TurnFinished):
                finished = update
                continue
            made += isinstance(update, PhotoReady)
            yield update
        if index == 0 and made != 1:
            break  # not a photo prompt, or the server made a grid itself
        if made == before:
            yield Notice(
                f"Candidate {index + 1} of {want} could not be made; the others are kept.",
                "warning",
            )
        elif index + 1 < want:
            yield Notice(f"Candidate {index + 1} of {want} is ready; making the next…")
    yield finished if made == 0 else TurnFinished(True)
