"""The FastAPI application of the embedded server (api-contract §2–§4).

``create_app(config)`` wires the routes (:mod:`photogen.server.routes`), the
error handler and the middlewares; its lifespan opens the
:class:`~photogen.server.services.Services` (store, render jobs, chat turns).
Start-up gives back credits held by turns that a crash interrupted and restarts
render jobs that were unfinished.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI

from photogen.server.agent.model import Agent
from photogen.server.config import ServerConfig
from photogen.server.engines import Engines
from photogen.server.errors import install_error_handlers
from photogen.server.faults import RateLimitFault
from photogen.server.limits import BodyGuard
from photogen.server.parallel import warm_pool
from photogen.server.routes import ROUTERS
from photogen.server.routes.run_sse import install_drop_filter
from photogen.server.runner import RunnerFactory
from photogen.server.services import Services
from photogen.server.work import in_process


def load_agent() -> Agent:
    """The rule-based agent (imported when the server starts, not when the app is built)."""
    from photogen.server.agent import RuleBasedAgent

    return RuleBasedAgent()


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = app.state
    agent = state.agent if state.agent is not None else load_agent()
    services = await Services.open(state.config, state.engines, agent, state.runner_factory)
    app.state.services = services
    if state.config.candidates > 1:  # grids are drawn in worker processes: start them now
        warm_pool(state.engines.generate)
    try:
        yield
    finally:
        await services.close()


def create_app(
    config: ServerConfig | None = None,
    *,
    engines: Engines | None = None,
    agent: Agent | None = None,
    runner: RunnerFactory = in_process,
) -> FastAPI:
    """Build the app.

    Args:
        config: Settings and test switches; defaults when None.
        engines: Image and video engines; the project's real ones when None.
        agent: Plans turns and words results; the rule-based agent when None.
        runner: Makes the job runner (``WorkEnv -> JobRunner``); thread pools in
            this process by default (see :mod:`photogen.server.runner`).
    """
    config = config or ServerConfig()
    app = FastAPI(
        title="photogen server", lifespan=_lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.config = config
    app.state.engines = engines or Engines.real(config.model_dir, config.device, config.models_dir)
    app.state.agent = agent
    app.state.runner_factory = runner
    install_error_handlers(app)
    install_drop_filter(config)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(BodyGuard, config=config)
    app.add_middleware(RateLimitFault, config=config)
    return app
