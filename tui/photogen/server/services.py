"""The services one server runs, opened at start-up and closed at shutdown.

Routes reach them through :mod:`photogen.server.deps`; nothing else keeps state.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from photogen.server.agent.model import Agent
from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.renders import RenderJobs
from photogen.server.runner import JobRunner, RunnerFactory, WorkEnv
from photogen.server.store import Store
from photogen.server.turns import Turns
from photogen.server.work import in_process


@dataclass
class Services:
    """The store, the job runner, the render jobs and the chat turns of one server."""

    config: ServerConfig
    store: Store
    runner: JobRunner
    renders: RenderJobs
    turns: Turns

    @classmethod
    async def open(
        cls,
        config: ServerConfig,
        engines: Engines,
        agent: Agent,
        runner_factory: RunnerFactory = in_process,
    ) -> Services:
        """Open the store, give back credits a crash left held, restart unfinished renders.

        Args:
            config: The server's settings.
            engines: Pixels and video for the in-process handlers.
            agent: Plans the turns.
            runner_factory: ``WorkEnv -> JobRunner``; in-process thread pools by default.
        """
        config.media_dir.mkdir(parents=True, exist_ok=True)
        store = await asyncio.to_thread(Store, config.db_path)
        await asyncio.to_thread(store.release_all_holds)
        runner = runner_factory(WorkEnv(config, store, engines))
        renders = RenderJobs(store, config, runner)
        await asyncio.to_thread(renders.resume)
        return cls(config, store, runner, renders, Turns(config, store, agent, runner))

    async def close(self) -> None:
        """Stop the turns, then the runner (a render is left for a restart), then the store."""
        await self.turns.shutdown()
        await asyncio.to_thread(self.runner.shutdown)
        self.store.close()
