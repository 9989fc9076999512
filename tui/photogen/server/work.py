"""The job handlers: what a worker needs to carry out tool and render jobs.

:func:`handlers` builds them from a :class:`~photogen.server.runner.WorkEnv`
(config, store, engines). :func:`in_process` (the default runner factory) runs
them on the server's own threads; a queue worker on another machine builds its
own ``WorkEnv`` from the same config (the store pointing at the shared
database) and runs the jobs it takes off the queue with the same handlers
(README, "Scaling out").
"""

from __future__ import annotations

import logging

from photogen.server.renderwork import RenderWork
from photogen.server.runner import Handler, InProcessRunner, Job, JobContext, Json, WorkEnv
from photogen.server.tools import TOOLS, ToolContext, ToolRegistry

log = logging.getLogger("photogen.server")


class ToolWork:
    """Carries out ``"tool"`` jobs: one agent tool call (``job.name`` with ``job.args``)."""

    def __init__(self, env: WorkEnv, tools: ToolRegistry = TOOLS) -> None:
        self.env = env
        self.tools = tools

    def __call__(self, job: Job, ctx: JobContext) -> Json:
        """The tool's function response; an engine crash becomes an error response."""
        env = self.env
        context = ToolContext(env.store, env.config, env.engines, job.user_id, job.session_id)
        context.progress, context.cancel = ctx.progress, ctx.cancel
        try:
            return self.tools.run(context, job.name, dict(job.args))
        except Exception as exc:
            log.exception("tool %s failed", job.name)
            return {"status": "error", "message": f"{job.name} failed ({type(exc).__name__})"}


def handlers(env: WorkEnv) -> dict[str, Handler]:
    """The handler of each job kind, acting on ``env``."""
    return {
        "tool": ToolWork(env),
        "render": RenderWork(env.store, env.config, env.engines),
    }


def in_process(env: WorkEnv) -> InProcessRunner:
    """The default runner: :func:`handlers` on thread pools of this process."""
    return InProcessRunner(handlers(env))
