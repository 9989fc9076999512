"""One ``/run_sse`` turn: plan with the agent, hold credits, run the tools, say the results.

The turn runs as its own asyncio task and puts :class:`~photogen.server.sse.Emission`
objects on a queue; the HTTP response only reads that queue. A dropped
connection therefore never stops the work: the state still changes, and the
credits are still charged or released (api-contract §5).

Each tool call goes to the job runner (:mod:`photogen.server.runner`) as a
``"tool"`` job. While it runs, a heartbeat goes out every ``heartbeat_s``, and
each whole percent of progress the tool reports goes out as a ``progress``
emission (a partial function response, see :mod:`photogen.server.sse`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from photogen.server.agent.model import Action, Agent, AgentContext, ToolStep
from photogen.server.config import ServerConfig
from photogen.server.errors import OutOfCredits
from photogen.server.media import absolutize
from photogen.server.runner import Job, JobRunner, ProgressFn
from photogen.server.sse import Emission, text_chunks
from photogen.server.store import Store
from photogen.server.tools import TOOLS
from photogen.wire.draft import parse_draft
from photogen.wire.state import MediaInfo

log = logging.getLogger("photogen.server")
Json = dict[str, Any]


@dataclass
class TurnEnv:
    """The server pieces a turn uses."""

    config: ServerConfig
    store: Store
    agent: Agent
    runner: JobRunner
    base_url: str


def _is_edit(item: Json) -> bool:
    """A generated-media item that an edit made (it names its source photo)."""
    return item.get("engine") == "edit" or bool(item.get("source"))


def build_context(
    state: Json, language: str, selected: str | None = None, candidates: int = 1
) -> AgentContext:
    """The agent's view of a session state.

    ``selected``: the client's selected photo; ``candidates``: a new prompt's grid size.
    """
    # A variation re-draws the last *photo*, never an edit of one (an edit has no seed).
    drawn = [g for g in state.get("generated_media", []) if g.get("prompt") and not _is_edit(g)]
    last = drawn[-1] if drawn else {}
    canvas = state.get("canvas_config") or {}
    return AgentContext(
        language=language,
        has_generated=bool(state.get("generated_media")),
        last_prompt=last.get("prompt"),
        last_seed=last.get("seed"),
        uploads=tuple(MediaInfo.model_validate(v) for v in state.get("video_infos", [])),
        draft=parse_draft(state.get("draft")),
        canvas_ratio=canvas.get("ratio"),
        generated=tuple(
            dict(g) for g in state.get("generated_media", []) if g.get("type", "image") == "image"
        ),
        selected_url=selected,
        grid=tuple(str(u) for u in (state.get("grid") or {}).get("items") or ()),
        grid_prompt=(state.get("grid") or {}).get("prompt"),
        candidates=candidates,
    )


class Turn:
    """A planned turn for one user's session."""

    def __init__(
        self,
        env: TurnEnv,
        user_id: str,
        session: dict[str, Any],
        text: str,
        streaming: bool,
        selected: str | None = None,
    ) -> None:
        self.env = env
        self.user_id = user_id
        self.session_id: str = session["session_id"]
        self.language: str = session["language"]
        self.text = text
        self.streaming = streaming
        self.queue: asyncio.Queue[Emission | None] = asyncio.Queue()
        self.selected = selected
        self.ctx = build_context(session["state"], self.language, selected, env.config.candidates)
        self.plan: list[Action] = []
        self.script: list[Emission] | None = None
        self.held = 0
        self.charged = 0

    async def prepare(self) -> None:
        """Plan and hold the credits the plan needs; 2001 (before any stream) if short."""
        self.plan = await asyncio.to_thread(self.env.agent.plan_turn, self.text, self.ctx)
        steps = [s for s in self.plan if isinstance(s, ToolStep)]
        cost = sum(TOOLS.cost(s.name, s.args, self.env.config) for s in steps)
        if cost and not await asyncio.to_thread(self.env.store.hold, self.user_id, cost):
            raise OutOfCredits()
        self.held = cost

    async def run(self) -> None:
        """Carry out the plan; always ends the queue and settles the credits."""
        try:
            if self.script is not None:
                await self._play_script(self.script)
            for item in self.plan:
                await (self._tool(item) if isinstance(item, ToolStep) else self.say(item.text))
        except Exception as exc:  # the stream's last line, as ADK does on a crash
            log.exception("turn failed")
            await self._put(Emission("error", text=f"Internal error: {type(exc).__name__}"))
        finally:
            if self.held:
                await asyncio.to_thread(
                    self.env.store.settle, self.user_id, self.held, self.charged
                )
            await self.queue.put(None)

    async def _play_script(self, script: list[Emission]) -> None:
        interval = self.env.config.scaled(self.env.config.heartbeat_s)
        for em in script:
            if em.kind == "heartbeat":
                await asyncio.sleep(interval)
            await self._put(em)

    async def _put(self, em: Emission) -> None:
        await self.queue.put(em)
        await asyncio.sleep(0)

    async def say(self, text: str) -> None:
        """Text, as streaming chunks plus the aggregated event when asked for."""
        if self.streaming:
            for chunk in text_chunks(text):
                await self._put(Emission("partial", text=chunk))
                await asyncio.sleep(self.env.config.scaled(0.05))
        await self._put(Emission("text", text=text))

    async def _tool(self, step: ToolStep) -> None:
        call_id = f"adk-{uuid.uuid4()}"
        args = absolutize(dict(step.args), self.env.base_url)
        if step.name not in TOOLS:
            await self._put(
                Emission(
                    "error_code",
                    name="MALFORMED_FUNCTION_CALL",
                    text=f"Malformed function call: unknown tool {step.name}",
                )
            )
            return
        await self._put(
            Emission(
                "call",
                name=step.name,
                call_id=call_id,
                payload=args,
                long_running=TOOLS[step.name].long_running,
            )
        )
        result = await self._with_heartbeats(step, call_id)
        ok = result.get("status") != "error"
        if ok:
            self.charged += TOOLS.cost(step.name, step.args, self.env.config)
        await self._put(
            Emission(
                "result",
                name=step.name,
                call_id=call_id,
                payload=absolutize(result, self.env.base_url),
                state_delta={"draft_updated": ok},
            )
        )
        await self._describe(step, result)

    async def _with_heartbeats(self, step: ToolStep, call_id: str) -> Json:
        """Run the tool as a job; a heartbeat every ``heartbeat_s`` (scaled) meanwhile."""
        config = self.env.config
        job = Job("tool", self.user_id, self.session_id, step.name, dict(step.args))
        done = self.env.runner.submit(job, self._progress_sink(step.name, call_id))
        work = asyncio.ensure_future(
            asyncio.gather(
                asyncio.wrap_future(done), asyncio.sleep(config.scaled(config.tool_latency_s))
            )
        )
        interval = max(config.scaled(config.heartbeat_s), 0.001)
        try:
            while True:
                finished, _ = await asyncio.wait({work}, timeout=interval)
                if finished:
                    return work.result()[0]  # type: ignore[no-any-return]
                await self._put(Emission("heartbeat"))
        except asyncio.CancelledError:
            self.env.runner.cancel(job.id)  # the server stops: a long tool stops too
            raise

    def _progress_sink(self, name: str, call_id: str) -> ProgressFn:
        """A worker-thread callback that puts each new whole percent on the queue."""
        loop = asyncio.get_running_loop()
        last = [-1]

        def report(fraction: float, message: str) -> None:
            percent = int(max(0.0, min(1.0, fraction)) * 100)
            if percent <= last[0]:
                return
            last[0] = percent
            payload: Json = {"status": "running", "progress": percent}
            if message:
                payload["message"] = message
            emission = Emission("progress", name=name, call_id=call_id, payload=payload)
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody listens any more
                loop.call_soon_threadsafe(self.queue.put_nowait, emission)

        return report

    async def _describe(self, step: ToolStep, result: Json) -> None:
        row = await asyncio.to_thread(self.env.store.get_session, self.user_id, self.session_id)
        if row is not None:
            self.ctx = build_context(
                row["state"], self.language, self.selected, self.env.config.candidates
            )
        shown = absolutize(result, self.env.base_url)
        text = await asyncio.to_thread(self.env.agent.describe_results, step, shown, self.ctx)
        if text is None and result.get("status") == "error":
            text = f"Sorry, that didn't work: {result.get('message', 'unknown error')}"
        if text:
            await self.say(text)
