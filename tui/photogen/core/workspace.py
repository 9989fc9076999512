"""The facade the TUI and the CLI use: one object per running app.

``Workspace.open`` runs DESIGN §3.1: settings -> backend -> (embedded server
started, health-checked) -> token -> session (reopened or new) -> credits. After
that every user action is one call: :meth:`~Workspace.send` (a chat turn),
:meth:`~Workspace.export`, :meth:`~Workspace.upload`, :meth:`~Workspace.credits`,
:meth:`~Workspace.timeline`, sessions and history.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from photogen.client.api import NemoClient
from photogen.client.errors import NemoError, SessionNotFound
from photogen.client.settings import ClientSettings
from photogen.core.backend import (
    LOCAL_BACKEND,
    BackendChoice,
    EmbeddedServer,
    resolve_backend,
)
from photogen.core.errors import CoreError
from photogen.core.gridintents import (
    USE,
    Estimate,
    estimate,
    grid_action,
    looks_like_photo_prompt,
    stated_count,
)
from photogen.core.gridwork import GridKeeper, grid_by_turns
from photogen.core.intents import Intent, route
from photogen.core.jobs import ExportRunner, JobStream
from photogen.core.lineage import Grid, PhotoNode
from photogen.core.photos import PhotoCache
from photogen.core.saved import history_as_shown, jobs_as_shown
from photogen.core.settings import Settings
from photogen.core.store import ChatMessage, JobRecord, LedgerEntry, SessionRecord, Store
from photogen.core.subject import cutout_original
from photogen.core.timeline import TimelineView, timeline_view
from photogen.core.turns import TurnController
from photogen.core.updates import (
    AssistantText,
    Notice,
    PhotoReady,
    Question,
    ToolStatus,
    TurnStream,
    TurnUpdate,
)
from photogen.wire import CreditsBalance, MediaInfo, SessionState
from photogen.wire.safety import is_loopback

Status = Callable[[str], None]

SERVER_CHECK_S = 1.0
"""How often the embedded server is checked for life (a dead one is noticed this fast)."""

RESTART_BACKOFF = 10
"""After a failed restart, the next try waits this many checks."""

LOCAL_FREE_ARGS = ("--credits-per-image", "0", "--credits-per-edit", "0")
"""Switches for the embedded server: local photos and edits cost nothing."""

#: Kinds of stored chat lines: plain text, a note, a photo (text is its URL), a finished
#: tool row (text is its label), an error note.
MESSAGE_KINDS = ("text", "notice", "photo", "tool", "error")
MESSAGE_ROLES = ("user", "assistant", "system")

#: Said once when the session reopened at start-up is gone from the server.
LOST_SESSION_NOTICE = Notice(
    "Your last session is no longer on the server, so a new one was started.",
    "warning",
    "Its chat is still in the session list, but its timeline can't be edited any more.",
)


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload added to the session."""

    files: list[MediaInfo] = field(default_factory=list)
    message: str = ""
    """Human summary, e.g. "Uploaded 2 files: mug.jpg, song.mp3"."""


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


class Workspace:
    """Backend, client, store and the current session. Create with :meth:`open`."""

    def __init__(
        self,
        settings: Settings,
        backend: BackendChoice,
        client: NemoClient,
        store: Store,
        *,
        server: EmbeddedServer | None = None,
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.client = client
        self.store = store
        self.server = server
        self.session: SessionRecord = SessionRecord("", None, self.backend_key)
        self.photos = PhotoCache(client, settings.cache_dir / "photos")
        self.exports = ExportRunner(client, store, settings, self.backend_key, photos=self.photos)
        self.grids = GridKeeper(store, self.photos, self.price_per_photo)
        self._turns: TurnController | None = None
        self.startup_notices: list[Notice] = []
        """Said once by :meth:`open` (e.g. the last session was gone); also in the history."""

    @property
    def backend_key(self) -> str:
        """Stable id of the backend for stored sessions and jobs (the local port changes)."""
        return "local" if self.backend.kind == "local" else self.backend.url or ""

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        cloud: bool = False,
        session_id: str | None = None,
        new: bool = False,
        on_status: Status | None = None,
        server_args: Sequence[str] = (),
        db_path: Path | None = None,
        local: bool = False,
    ) -> Workspace:
        """Start everything the app needs (DESIGN §3.1).

        Args:
            settings: The user's settings.
            cloud: The ``--cloud`` flag.
            session_id: Reopen this session.
            new: Start a new session even when there is one to reopen (ignored with
                ``session_id``). By default the most recent session of this backend is
                reopened (its history, timeline and jobs come back), or a new one is made
                when there is none. A reopened session the server no longer knows (1002)
                is replaced by a new one, said once in :attr:`startup_notices` and in the
                new session's history.
            on_status: Called with short status lines ("Setting things up…").
            server_args: Extra command-line switches for the embedded server.
            local: Use the embedded server whatever the flag, environment and config say
                (the user chose it after the remote server could not be reached).
            db_path: The store to keep sessions, history and jobs in (default: the app's,
                ``settings.db_path``); ``generate`` keeps its runs apart from the app's.

        Raises:
            NemoError / CoreError: Start-up failed; word it with ``describe_error``.
        """
        status = on_status or (lambda _text: None)
        status("Setting things up…")
        backend = LOCAL_BACKEND if local else resolve_backend(settings, cloud)
        server = None
        if backend.kind == "local":
            status("Starting the local server…")
            settings.use_local_intervals()
            # The embedded server is the free, offline product: it spends no credits.
            server_args = [*LOCAL_FREE_ARGS, *server_args]
            if settings.model_dir is not None:
                server_args = [*server_args, "--model-dir", str(settings.model_dir)]
            server_args = [*server_args, "--candidates", str(settings.candidates)]
            server = EmbeddedServer(settings.server_data_dir, extra_args=server_args)
            url = await server.start()
            backend = BackendChoice("local", url, "local")
        try:
            client = NemoClient(_client_settings(settings, backend.url or ""))
            store = await asyncio.to_thread(Store, db_path or settings.db_path)
            ws = cls(settings, backend, client, store, server=server)
            await ws._connect(session_id, new, status)
        except BaseException:
            if server is not None:
                await server.stop()
            raise
        return ws

    async def _connect(self, session_id: str | None, new: bool, status: Status) -> None:
        try:
            status("Connecting…")
            await self.client.ensure_token()
            status("Opening your session…")
            if not session_id and not new:
                recent = await asyncio.to_thread(self.store.list_sessions, self.backend_key)
                session_id = recent[0].id if recent else None
            if session_id:
                await self._reopen(session_id)
            else:
                await self.new_session()
            status("Ready")
        except BaseException:
            await self.close()
            raise

    async def _reopen(self, session_id: str) -> None:
        """Reopen a session; the first state call checks the server still has it."""
        try:
            await self.client.state(session_id)
        except SessionNotFound:
            await self.new_session()
            self.startup_notices.append(LOST_SESSION_NOTICE)
            await self._record(LOST_SESSION_NOTICE)
            return
        except NemoError:
            pass  # only a check: a turn reports real trouble (and 1002) later
        await self.open_session(session_id)

    # --- chat --------------------------------------------------------------------------

    def route(self, text: str) -> Intent:
        """What a message means (export / credits / status / upload / chat)."""
        return route(text)

    @property
    def turns(self) -> TurnController:
        """The turn controller of the current session."""
        if self._turns is None:
            self._turns = TurnController(
                self.client,
                self.session.id,
                self.settings.intervals,
                new_session=self._replacement_session,
                photos=self.photos,
                keys=self.settings.keymap,
                stop_on_cancel=self.backend.kind != "cloud",
            )
        self._turns.session_id = self.session.id
        return self._turns

    async def send(self, text: str, selected: str | None = None) -> TurnStream:
        """Run one chat turn; user and assistant messages go to the history.

        ``selected``: the URL of the photo selected in the app, what "this one" means.

        Its photos (seeds, parents) go to the lineage, its cost to the ledger, and a
        new grid ends it with :class:`~photogen.core.updates.GridReady`. Against a
        server that makes one photo per turn (:attr:`grids_by_turns`), a photo prompt
        becomes one turn per candidate.

        The turn is remembered as pending until it ends here, so when the app quits (or
        the terminal goes away) during it, the next launch resumes it
        (:meth:`resume_turn`) instead of losing what it made.
        """
        session_id = self.session.id
        await self._remember("user", text)
        await asyncio.to_thread(self.store.touch_session, session_id, text.strip())
        await asyncio.to_thread(self.store.set_pending_turn, session_id, text, None)

        async def before_sent(state: SessionState | None) -> None:
            dump = state.model_dump_json() if state is not None else None
            await asyncio.to_thread(self.store.set_pending_turn, session_id, text, dump)

        turns = self.turns
        turns.on_before = before_sent
        try:
            turn, own = await self._grid_turn(text, selected)
            watched = self.grids.watch(session_id, text, turn, own_grid=own)
            async with aclosing(watched) as updates:
                async for update in updates:
                    await self._record(update)
                    yield update
        except Exception:
            await asyncio.to_thread(self.store.clear_pending_turn, session_id)
            raise
        finally:
            turns.on_before = None
        await asyncio.to_thread(self.store.clear_pending_turn, session_id)

    async def resume_turn(self) -> TurnStream | None:
        """The current session's turn the app quit during, resumed; None when there is none.

        Contract §5: the message is never sent again; the state is polled until it shows
        what the turn made, which is then said (and kept in the history).
        """
        pending = await asyncio.to_thread(self.store.pending_turn, self.session.id)
        if pending is None:
            return None
        text, dump = pending
        before = SessionState.model_validate_json(dump) if dump else None
        return self._resumed(text, before)

    async def _resumed(self, text: str, before: SessionState | None) -> TurnStream:
        session_id = self.session.id
        history = await asyncio.to_thread(self.store.history, session_id)
        shown = frozenset(m.text for m in history if m.kind == "photo")
        async with aclosing(self.turns.resume(text, before, shown)) as updates:
            async for update in updates:
                await self._record(update)
                yield update
        await asyncio.to_thread(self.store.clear_pending_turn, session_id)

    async def _grid_turn(self, text: str, selected: str | None) -> tuple[TurnStream, bool]:
        """The turn for ``text``: one turn (``selected`` says what "this one" is), or a grid
        made by turns."""
        if not self.grids_by_turns:
            return self.turns.run(text, selected), False
        grid = await asyncio.to_thread(self.grids.grid, self.session.id)
        action = grid_action(text, len(grid.candidates) if grid else 0)
        if action is not None and grid is not None and action.kind != USE:
            return grid_by_turns(self.turns.run, grid.prompt, len(grid.candidates)), True
        if action is None and looks_like_photo_prompt(text):
            want = stated_count(text) or self.settings.candidates
            return grid_by_turns(self.turns.run, text, want), want > 1
        return self.turns.run(text, selected), False

    @property
    def grids_by_turns(self) -> bool:
        """Grids are made by one turn per candidate (the cloud, or the ``grid_by_turns``
        setting); the embedded server makes them in one turn."""
        if self.backend.kind == "local" or self.settings.candidates < 2:
            return False
        return self.backend.kind == "cloud" or self.settings.grid_by_turns

    @property
    def price_per_photo(self) -> int:
        """Credits one photo costs: 0 on the local backend."""
        return 0 if self.backend.kind == "local" else self.settings.credits_per_photo

    def estimate(self, text: str, grid: Grid | None = None) -> Estimate | None:
        """What ``text`` will cost before it is sent ("4 photos · 40 credits")."""
        size = len(grid.candidates) if grid else 0
        return estimate(text, size, self.settings.candidates, self.price_per_photo)

    def lineage(self, session_id: str | None = None) -> list[PhotoNode]:
        """The session's photos with their parents (blocking: SQLite; from the store)."""
        return self.grids.nodes(session_id or self.session.id)

    def current_grid(self) -> Grid | None:
        """The current session's newest grid (blocking: SQLite)."""
        return self.grids.grid(self.session.id)

    def ledger(self, session_id: str | None = None) -> list[LedgerEntry]:
        """What each turn cost, oldest first (blocking: SQLite)."""
        return self.grids.ledger(session_id)

    async def _record(self, update: TurnUpdate) -> None:
        """Keep what the user saw, so a reopened session reads like the original."""
        if isinstance(update, AssistantText) and not update.provisional and update.text:
            await self._remember("assistant", update.text)
        elif isinstance(update, Notice) and update.level != "info":
            await self._remember("system", f"{update.text} {update.what_to_do}".strip(), "notice")
        elif isinstance(update, PhotoReady):
            await self._remember("assistant", update.url, "photo")
        elif isinstance(update, ToolStatus) and not update.running:
            label = update.label if update.ok else f"{update.label} (failed)"
            await self._remember("assistant", label, "tool")
        elif isinstance(update, Question):
            await self._remember("assistant", update.text)

    async def remember(self, role: str, text: str, kind: str = "text") -> ChatMessage:
        """Add a line the user saw to the current session's history.

        For what the UI shows without a chat turn: a direct intent's echo and its result
        ("Credits: 90 available…", the timeline summary of "status").

        Args:
            role: ``user``, ``assistant`` or ``system``.
            text: The line as shown (a photo's URL for ``photo``, a tool's label for ``tool``).
            kind: ``text``, ``notice``, ``photo``, ``tool`` (or ``error``).

        Raises:
            ValueError: An unknown role or kind.
        """
        if role not in MESSAGE_ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {MESSAGE_ROLES}")
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"unknown kind {kind!r}; expected one of {MESSAGE_KINDS}")
        return await self._remember(role, text, kind)

    async def _remember(self, role: str, text: str, kind: str = "text") -> ChatMessage:
        message = ChatMessage(self.session.id, role, text, kind)
        return await asyncio.to_thread(self.store.add_message, message)

    async def _replacement_session(self) -> str:
        """After 1002: a new session becomes current (the turn reports SessionReplaced)."""
        record = await self.new_session()
        return record.id

    # --- state ---------------------------------------------------------------------------

    async def credits(self) -> CreditsBalance:
        """The credit balance."""
        return await self.client.credits()

    async def timeline(self) -> TimelineView:
        """Summary, tree, draft and generated media of the current session."""
        return timeline_view(await self.client.state(self.session.id))

    # --- export and upload ---------------------------------------------------------------

    def export(self, fmt: str | None = None, *, source_url: str | None = None) -> JobStream:
        """Export the draft (mp4) or a photo (png/jpg/webp; ``source_url`` or the latest).

        ``fmt`` None uses ``settings.default_export``. Raises ``CoreError`` on the first
        iteration when there is nothing to export.
        """
        return self.exports.export(
            self.session.id, fmt or self.settings.default_export, source_url=source_url
        )

    async def resume_jobs(self) -> list[JobStream]:
        """One update stream per job left running by an earlier run of the app."""
        jobs = await asyncio.to_thread(self.exports.unfinished)
        return [self.exports.resume(job) for job in jobs]

    async def cancel_job(self, job_id: str) -> JobRecord | None:
        """Cancel a running export (best effort on the server)."""
        job = await asyncio.to_thread(self.store.get_job, job_id)
        return await self.exports.cancel(job) if job else None

    async def upload(
        self, paths_or_urls: Sequence[str], progress: Callable[[int, int], None] | None = None
    ) -> UploadOutcome:
        """Upload local files (checked first by the client) and/or remote URLs.

        Raises:
            NemoError: e.g. ``UnsupportedFile``, ``FileTooLarge``, ``LocalFileError``.
        """
        urls = [p for p in paths_or_urls if _is_url(p)]
        paths = [Path(p).expanduser() for p in paths_or_urls if not _is_url(p)]
        files: list[MediaInfo] = []
        if paths:
            files += (await self.client.upload_files(self.session.id, paths, progress)).files
        if urls:
            files += (await self.client.upload_urls(self.session.id, urls)).files
        names = ", ".join(f.filename or "file" for f in files)
        noun = "file" if len(files) == 1 else "files"
        message = f"Uploaded {len(files)} {noun}: {names}" if files else "Nothing was uploaded."
        await self._remember("system", message, "notice")
        return UploadOutcome(files, message)

    # --- sessions ------------------------------------------------------------------------

    async def new_session(self) -> SessionRecord:
        """Create a session on the server; it becomes current."""
        created = await self.client.create_session()
        now = time.time()
        record = SessionRecord(created.session_id, created.task_id, self.backend_key, "", now, now)
        await asyncio.to_thread(self.store.save_session, record)
        self.session = record
        return record

    def list_sessions(self) -> list[SessionRecord]:
        """Sessions on this backend, most recent first."""
        return self.store.list_sessions(self.backend_key)

    async def open_session(self, session_id: str) -> SessionRecord:
        """Make a stored (or known) session current; its history and jobs are in the store.

        If the server no longer has it, the next turn replaces it (1002) and says so.
        """
        record = await asyncio.to_thread(self.store.get_session, session_id)
        if record is None:
            now = time.time()
            record = SessionRecord(session_id, None, self.backend_key, "", now, now)
            await asyncio.to_thread(self.store.save_session, record)
        self.session = record
        return record

    async def browser_link(self) -> str | None:
        """The current session's browser link (contract §2.3: ``…/workspace/claim?ct=…``).

        None when there is none to give: the embedded server has no web front end, a
        session without a task id can't be claimed, and a server without claim tokens
        answers 404 (the client says None for any refusal). The link carries a claim
        token, never the bearer token.
        """
        if self.backend.kind == "local" or not self.session.task_id:
            return None
        return await self.client.claim_link(self.session.task_id, self.session.id)

    async def cutout_photo(self) -> tuple[str, Path | None] | None:
        """The original photo of the newest cut-out (URL and cached file), to box its subject.

        None when the session has no cut-out to redo.
        """
        state = await self.client.state(self.session.id)
        url = cutout_original(state)
        if url is None:
            return None
        return url, await self.photos.fetch(url)

    async def photo_path(self, url: str) -> Path | None:
        """A local copy of a photo of the history (kind ``photo``), for its thumbnail.

        The cached copy when there is one; else it is downloaded. The embedded server
        gets a new port on each start, so a loopback ``/media/`` URL of an earlier run is
        fetched from the current server. None when it can't be had.
        """
        cached = self.photos.path_for(url)
        if cached.exists():
            return cached
        return await self.photos.fetch(self._current_media_url(url))

    def _current_media_url(self, url: str) -> str:
        parts, base = urlsplit(url), urlsplit(self.backend.url or "")
        if (
            is_loopback(url)
            and is_loopback(self.backend.url or "")
            and parts.path.startswith("/media/")
        ):
            return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return url

    def history(self, session_id: str | None = None) -> list[ChatMessage]:
        """Chat messages of a session (default: the current one), oldest first.

        A ``Saved <path>`` note whose file is gone says so (never a file that is not there).
        """
        return history_as_shown(self.store.history(session_id or self.session.id))

    def jobs(self, session_id: str | None = None) -> list[JobRecord]:
        """Export jobs of a session (default: the current one), oldest first.

        A completed job whose file is gone has the state ``missing``.
        """
        return jobs_as_shown(self.store.jobs(session_id or self.session.id))

    async def keep_server_alive(
        self, on_change: Callable[[str, str], None], every_s: float = SERVER_CHECK_S
    ) -> None:
        """Watch the embedded server; when it dies, say so, restart it and carry on.

        It runs until cancelled (nothing to do on the cloud). ``on_change(phase, detail)``
        hears ``offline`` when the server is found dead, then ``ready`` once a new one
        answers on the same data (sessions, history, jobs and the running exports go on:
        a poll that failed meanwhile is tried again), or ``failed`` with the reason.
        """
        server = self.server
        if server is None:
            return
        while True:
            await asyncio.sleep(every_s)
            if server.running:
                continue
            on_change("offline", "The local server stopped; restarting it…")
            try:
                url = await server.restart()
            except (CoreError, OSError) as exc:
                reason = exc.title if isinstance(exc, CoreError) else str(exc.strerror or exc)
                on_change("failed", f"The local server could not be restarted: {reason}")
                await asyncio.sleep(every_s * RESTART_BACKOFF)
                continue
            if url != self.backend.url:
                self.client.move_to(url)
                self.backend = BackendChoice("local", url, "local")
            on_change("ready", "The local server was restarted; carrying on.")

    async def close(self) -> None:
        """Close the client and the store; stop the embedded server this workspace started."""
        with contextlib.suppress(Exception):
            await self.client.aclose()
        if self.server is not None:
            await self.server.stop()
        with contextlib.suppress(Exception):
            self.store.close()


def _client_settings(settings: Settings, base_url: str) -> ClientSettings:
    """Client settings from the environment, the user's intervals and the chosen URL."""
    intervals = vars(settings.intervals)
    known = ClientSettings.model_fields
    overrides: dict[str, Any] = {k: v for k, v in intervals.items() if k in known}
    overrides.update(base_url=base_url, streaming=settings.streaming)
    if settings.client_config_dir is not None:
        overrides["config_dir"] = settings.client_config_dir
    return ClientSettings.from_env(**overrides)
