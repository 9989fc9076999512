"""The FastAPI application of the embedded server (api-contract §2–§4).

``create_app(config)`` wires the routers, the SQLite store, the render queue
and the fault switches. Start-up gives back credits held by turns that a crash
interrupted and restarts render jobs that were unfinished.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI

from photogen.server import auth, media, render, run_sse, sessions, upload
from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.errors import install_error_handlers
from photogen.server.faults import RateLimitFault
from photogen.server.jobs import RenderJobs
from photogen.server.limits import BodyGuard
from photogen.server.store import Store


def load_agent() -> Any:
    """The rule-based agent module (``plan_turn``, ``describe_results``, ``AgentContext``)."""
    return importlib.import_module("photogen.server.agent")


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    config: ServerConfig = app.state.config
    config.media_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.db_path)
    await asyncio.to_thread(store.release_all_holds)
    app.state.store = store
    app.state.jobs = RenderJobs(store, config, app.state.engines)
    await asyncio.to_thread(app.state.jobs.resume)
    if app.state.agent is None:
        app.state.agent = load_agent()
    try:
        yield
    finally:
        for task in list(app.state.turns):
            task.cancel()
        await asyncio.gather(*app.state.turns, return_exceptions=True)
        await asyncio.to_thread(app.state.jobs.shutdown)
        store.close()


def create_app(
    config: ServerConfig | None = None, *, engines: Engines | None = None, agent: Any = None
) -> FastAPI:
    """Build the app.

    Args:
        config: Settings and test switches; defaults when None.
        engines: Image and video engines; the project's real ones when None.
        agent: Object with ``plan_turn``, ``describe_results`` and ``AgentContext``;
            :mod:`photogen.server.agent` when None.
    """
    config = config or ServerConfig()
    app = FastAPI(
        title="photogen server", lifespan=_lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.config = config
    app.state.engines = engines or Engines.real(config.model_dir, config.device, config.models_dir)
    app.state.agent = agent
    app.state.turns = set()
    install_error_handlers(app)
    run_sse.install_drop_filter(config)
    for module in (sessions, auth, upload, run_sse, render, media):
        app.include_router(module.router)
    app.add_middleware(BodyGuard, config=config)
    app.add_middleware(RateLimitFault, config=config)
    return app
