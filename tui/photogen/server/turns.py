"""The chat-turn service: plan a ``/run_sse`` turn, start it, keep it until it ends.

A turn runs as its own asyncio task, so a dropped connection never stops the
work (api-contract §5); :meth:`Turns.cancel` stops a session's running turn when
its user asks (esc in the app), and :meth:`Turns.shutdown` cancels the ones still
running when the server stops. A cancelled turn stops its tool job (a model stops
between two denoising steps) and releases the credits it held.
"""

from __future__ import annotations

import asyncio
import logging

from photogen.server.agent.model import Agent
from photogen.server.config import ServerConfig
from photogen.server.errors import ServerError
from photogen.server.faults import debug_script
from photogen.server.runner import JobRunner
from photogen.server.sse import Emission
from photogen.server.store import Row, Store
from photogen.server.turn import Turn, TurnEnv
from photogen.wire.run import RunRequest

log = logging.getLogger("photogen.server")


class Turns:
    """Every running turn of one server."""

    def __init__(self, config: ServerConfig, store: Store, agent: Agent, runner: JobRunner) -> None:
        self.config = config
        self.store = store
        self.agent = agent
        self.runner = runner
        self._tasks: dict[asyncio.Task[None], Turn] = {}

    async def start(self, user_id: str, session: Row, body: RunRequest, base_url: str) -> Turn:
        """Plan the turn and start it; its emissions are on ``turn.queue``.

        Raises:
            OutOfCredits: The plan costs more than the user has (before any stream).
        """
        env = TurnEnv(self.config, self.store, self.agent, self.runner, base_url)
        turn = Turn(
            env, user_id, session, body.new_message.text, body.streaming, body.selected_media()
        )
        if not body.new_message.parts:
            turn.script = [Emission("error", text="No parts in the new_message.")]
        elif self.config.debug_commands and (script := debug_script(turn.text)) is not None:
            turn.script = script
        else:
            await _prepare(turn)
        task = asyncio.create_task(turn.run())
        self._tasks[task] = turn
        task.add_done_callback(self._forget)
        return turn

    def _forget(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)

    async def cancel(self, user_id: str, session_id: str) -> int:
        """Stop this user's running turns on ``session_id``; wait until they settled.

        Returns:
            How many turns were stopped (0: nothing was running).
        """
        tasks = [
            task
            for task, turn in list(self._tasks.items())
            if turn.user_id == user_id and turn.session_id == session_id and not task.done()
        ]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return len(tasks)

    async def shutdown(self) -> None:
        """Cancel the running turns and wait for them to settle their credits."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _prepare(turn: Turn) -> None:
    """Plan the turn; a planner crash becomes the stream's final error line, as in ADK."""
    try:
        await turn.prepare()
    except ServerError:
        raise
    except Exception as exc:
        log.exception("planning failed")
        turn.script = [Emission("error", text=f"Internal error: {type(exc).__name__}")]
