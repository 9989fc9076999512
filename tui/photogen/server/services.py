"""The services one server runs, opened at start-up and closed at shutdown.

Routes reach them through :mod:`photogen.server.deps`; nothing else keeps state.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.renders import RenderJobs
from photogen.server.store import Store
from photogen.server.turns import Turns


@dataclass
class Services:
    """The store, the render jobs and the chat turns of one server."""

    config: ServerConfig
    store: Store
    renders: RenderJobs
    turns: Turns

    @classmethod
    async def open(cls, config: ServerConfig, engines: Engines, agent: Any) -> Services:
        """Open the store, give back credits a crash left held, restart unfinished renders."""
        config.media_dir.mkdir(parents=True, exist_ok=True)
        store = await asyncio.to_thread(Store, config.db_path)
        await asyncio.to_thread(store.release_all_holds)
        renders = RenderJobs(store, config, engines)
        await asyncio.to_thread(renders.resume)
        return cls(config, store, renders, Turns(config, store, engines, agent))

    async def close(self) -> None:
        """Stop the turns, then the render worker, then close the store."""
        await self.turns.shutdown()
        await asyncio.to_thread(self.renders.shutdown)
        self.store.close()
