"""The FastAPI application of the embedded server (api-contract §2–§4).

``create_app(config)`` wires the routes (:mod:`photogen.server.routes`), the
error handler and the middlewares; its lifespan opens the
:class:`~photogen.server.services.Services` (store, render jobs, chat turns).
Start-up gives back credits held by turns that a crash interrupted and restarts
render jobs that were unfinished.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI

from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.errors import install_error_handlers
from photogen.server.faults import RateLimitFault
from photogen.server.limits import BodyGuard
from photogen.server.routes import ROUTERS
from photogen.server.routes.run_sse import install_drop_filter
from photogen.server.services import Services


def load_agent() -> Any:
    """The rule-based agent module (``plan_turn``, ``describe_results``, ``AgentContext``)."""
    return importlib.import_module("photogen.server.agent")


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    agent = app.state.agent if app.state.agent is not None else load_agent()
    services = await Services.open(app.state.config, app.state.engines, agent)
    app.state.services = services
    try:
        yield
    finally:
        await services.close()


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
    install_error_handlers(app)
    install_drop_filter(config)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(BodyGuard, config=config)
    app.add_middleware(RateLimitFault, config=config)
    return app
