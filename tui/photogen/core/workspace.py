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
from photogen.core.backend import BackendChoice, EmbeddedServer, resolve_backend
from photogen.core.intents import Intent, route
from photogen.core.jobs import ExportRunner, JobStream
from photogen.core.photos import PhotoCache
from photogen.core.settings import Settings
from photogen.core.store import ChatMessage, JobRecord, SessionRecord, Store
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
from photogen.wire import CreditsBalance, MediaInfo

Status = Callable[[str], None]

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

        Raises:
            NemoError / CoreError: Start-up failed; word it with ``describe_error``.
        """
        status = on_status or (lambda _text: None)
        status("Setting things up…")
        backend, server = resolve_backend(settings, cloud), None
        if backend.kind == "local":
            status("Starting the local server…")
            settings.use_local_intervals()
            # The embedded server is the free, offline product: it spends no credits.
            server_args = [*LOCAL_FREE_ARGS, *server_args]
            if settings.model_dir is not None:
                server_args = [*server_args, "--model-dir", str(settings.model_dir)]
            server = EmbeddedServer(settings.server_data_dir, extra_args=server_args)
            url = await server.start()
            backend = BackendChoice("local", url, "local")
        try:
            client = NemoClient(_client_settings(settings, backend.url or ""))
            store = await asyncio.to_thread(Store, settings.db_path)
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
            )
        self._turns.session_id = self.session.id
        return self._turns

    async def send(self, text: str, selected: str | None = None) -> TurnStream:
        """Run one chat turn; user and assistant messages go to the history.

        ``selected``: the URL of the photo selected in the app, what "this one" means.
        """
        await self._remember("user", text)
        await asyncio.to_thread(self.store.touch_session, self.session.id, text.strip())
        async with aclosing(self.turns.run(text, selected)) as updates:
            async for update in updates:
                await self._record(update)
                yield update

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
        loopback = ("127.0.0.1", "localhost", "::1")
        if (
            parts.hostname in loopback
            and base.hostname in loopback
            and parts.path.startswith("/media/")
        ):
            return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))
        return url

    def history(self, session_id: str | None = None) -> list[ChatMessage]:
        """Chat messages of a session (default: the current one), oldest first."""
        return self.store.history(session_id or self.session.id)

    def jobs(self, session_id: str | None = None) -> list[JobRecord]:
        """Export jobs of a session (default: the current one), oldest first."""
        return self.store.jobs(session_id or self.session.id)

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
