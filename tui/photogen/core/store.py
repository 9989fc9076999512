"""Local SQLite store: sessions, chat history and export jobs.

Plain ``sqlite3`` in WAL mode. One connection guarded by a lock, so the store can
be used from worker threads or through ``asyncio.to_thread``; every call is short.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from photogen.core.private import private_dir, private_file

ACTIVE_JOB_STATES = ("queued", "pending", "processing", "downloading")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, task_id TEXT, backend_url TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL, updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, role TEXT NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'text', created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, id);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, session_id TEXT NOT NULL, backend_url TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL, state TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0,
    started REAL NOT NULL, finished REAL, path TEXT, url TEXT, error TEXT,
    source_url TEXT, title TEXT NOT NULL DEFAULT '', render_id TEXT
);
CREATE INDEX IF NOT EXISTS jobs_session ON jobs(session_id, started);
CREATE TABLE IF NOT EXISTS photos (
    session_id TEXT NOT NULL, key TEXT NOT NULL, node TEXT NOT NULL, ord INTEGER NOT NULL,
    PRIMARY KEY (session_id, key)
);
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, text TEXT NOT NULL,
    photos INTEGER NOT NULL, credits INTEGER NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pending_turns (
    session_id TEXT PRIMARY KEY, text TEXT NOT NULL, before TEXT, started REAL NOT NULL
);
"""


@dataclass
class SessionRecord:
    """A chat session the user can reopen."""

    id: str
    """Server session id (opaque)."""
    task_id: str | None
    """Server task id."""
    backend_url: str
    """Which server holds it."""
    title: str = ""
    """First prompt, shortened; shown in the session list."""
    created: float = 0.0
    """Epoch seconds."""
    updated: float = 0.0
    """Epoch seconds of the last message."""


@dataclass
class ChatMessage:
    """One line of chat history."""

    session_id: str
    role: str
    """``user``, ``assistant`` or ``system``."""
    text: str
    kind: str = "text"
    """``text``, ``notice``, ``photo`` (text is the photo's URL), ``tool`` (a finished tool
    row; text is its label, "… (failed)" when it failed) or ``error``."""
    created: float = 0.0


@dataclass
class JobRecord:
    """An export job (render or still)."""

    id: str
    """Local job id (``job_…``), stable for the UI from the first update."""
    session_id: str
    format: str
    """mp4, png, jpg or webp."""
    state: str = "queued"
    """queued, pending, processing, downloading, completed, failed, cancelled."""
    progress: int = 0
    """0-100."""
    started: float = 0.0
    finished: float | None = None
    path: str | None = None
    """Saved file, once completed."""
    url: str | None = None
    """Download URL of the result."""
    error: str | None = None
    """Human text, when failed."""
    backend_url: str = ""
    """Server the job runs on."""
    source_url: str | None = None
    """For stills: the image being exported."""
    title: str = ""
    """Base of the output file name."""
    render_id: str | None = None
    """Server render id (``render_…``); None for stills, which are converted locally."""

    @property
    def active(self) -> bool:
        """Still running (not completed, failed or cancelled)."""
        return self.state in ACTIVE_JOB_STATES

    @property
    def elapsed_s(self) -> float:
        """Seconds since start (until finish when finished)."""
        return (self.finished or time.time()) - self.started


@dataclass
class LedgerEntry:
    """What one chat turn cost."""

    session_id: str
    text: str
    """The message, shortened."""
    photos: int
    """Photos it made."""
    credits: int
    """Credits it spent (0 on the local backend)."""
    created: float = 0.0


class Store:
    """The SQLite store. Safe to share between threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        private_dir(self.path.parent)
        private_file(self.path)  # SQLite gives its -wal and -shm files the same mode
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=10)
        self._db.row_factory = sqlite3.Row
        with self._tx() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._db:
            yield self._db

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    # sessions

    def save_session(self, record: SessionRecord) -> None:
        """Insert or replace a session."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?,?,?,?,?,?)",
                (
                    record.id,
                    record.task_id,
                    record.backend_url,
                    record.title,
                    record.created,
                    record.updated,
                ),
            )

    def get_session(self, session_id: str) -> SessionRecord | None:
        """One session, or None."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM sessions WHERE id=?", (session_id,)).fetchone()
        return SessionRecord(**dict(row)) if row else None

    def list_sessions(self, backend_url: str | None = None) -> list[SessionRecord]:
        """Sessions, most recently used first (optionally of one backend)."""
        sql, args = "SELECT * FROM sessions", tuple[str, ...]()
        if backend_url is not None:
            sql, args = sql + " WHERE backend_url=?", (backend_url,)
        with self._tx() as db:
            rows = db.execute(sql + " ORDER BY updated DESC", args).fetchall()
        return [SessionRecord(**dict(r)) for r in rows]

    def touch_session(self, session_id: str, title: str | None = None) -> None:
        """Mark a session used now; set its title when it has none."""
        with self._tx() as db:
            db.execute("UPDATE sessions SET updated=? WHERE id=?", (time.time(), session_id))
            if title:
                db.execute(
                    "UPDATE sessions SET title=? WHERE id=? AND title=''", (title[:80], session_id)
                )

    # history

    def add_message(self, message: ChatMessage) -> ChatMessage:
        """Append a message (its ``created`` is set when 0)."""
        message.created = message.created or time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO messages (session_id, role, text, kind, created) VALUES (?,?,?,?,?)",
                (message.session_id, message.role, message.text, message.kind, message.created),
            )
        return message

    def history(self, session_id: str) -> list[ChatMessage]:
        """A session's messages, oldest first."""
        with self._tx() as db:
            rows = db.execute(
                "SELECT session_id, role, text, kind, created FROM messages "
                "WHERE session_id=? ORDER BY id",
                (session_id,),
            ).fetchall()
        return [ChatMessage(**dict(r)) for r in rows]

    # a chat turn the app may quit during

    def set_pending_turn(self, session_id: str, text: str, before: str | None) -> None:
        """Remember the turn now running in a session (``before``: its state, as JSON)."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO pending_turns VALUES (?,?,?,?)",
                (session_id, text, before, time.time()),
            )

    def pending_turn(self, session_id: str) -> tuple[str, str | None] | None:
        """``(text, before)`` of a turn that never finished in this session, or None."""
        with self._tx() as db:
            row = db.execute(
                "SELECT text, before FROM pending_turns WHERE session_id=?", (session_id,)
            ).fetchone()
        return (row["text"], row["before"]) if row else None

    def clear_pending_turn(self, session_id: str) -> None:
        """The session's turn finished (or was reported)."""
        with self._tx() as db:
            db.execute("DELETE FROM pending_turns WHERE session_id=?", (session_id,))

    # jobs

    def save_job(self, job: JobRecord) -> None:
        """Insert or replace a job."""
        data = asdict(job)
        cols = ",".join(data)
        marks = ",".join("?" * len(data))
        with self._tx() as db:
            db.execute(
                f"INSERT OR REPLACE INTO jobs ({cols}) VALUES ({marks})", tuple(data.values())
            )

    def get_job(self, job_id: str) -> JobRecord | None:
        """One job, or None."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return _job(row) if row else None

    def jobs(self, session_id: str | None = None, *, active_only: bool = False) -> list[JobRecord]:
        """Jobs, oldest first; of one session and/or only the unfinished ones."""
        where, args = [], []
        if session_id is not None:
            where.append("session_id=?")
            args.append(session_id)
        if active_only:
            where.append(f"state IN ({','.join('?' * len(ACTIVE_JOB_STATES))})")
            args.extend(ACTIVE_JOB_STATES)
        sql = "SELECT * FROM jobs" + (" WHERE " + " AND ".join(where) if where else "")
        with self._tx() as db:
            rows = db.execute(sql + " ORDER BY started", args).fetchall()
        return [_job(r) for r in rows]

    # lineage and ledger

    def save_photos(self, session_id: str, nodes: list[dict[str, Any]]) -> None:
        """Insert or replace photo nodes (``{"url", ...}`` as JSON-able dicts) of a session."""
        with self._tx() as db:
            for node in nodes:
                db.execute(
                    "INSERT OR REPLACE INTO photos VALUES (?,?,?,?)",
                    (session_id, node["key"], json.dumps(node), int(node.get("order", 0))),
                )

    def photos(self, session_id: str) -> list[dict[str, Any]]:
        """A session's photo nodes, in order."""
        with self._tx() as db:
            rows = db.execute(
                "SELECT node FROM photos WHERE session_id=? ORDER BY ord", (session_id,)
            ).fetchall()
        return [json.loads(r["node"]) for r in rows]

    def add_ledger(self, entry: LedgerEntry) -> LedgerEntry:
        """Record what one turn cost (its ``created`` is set when 0)."""
        entry.created = entry.created or time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO ledger (session_id, text, photos, credits, created) "
                "VALUES (?,?,?,?,?)",
                (entry.session_id, entry.text, entry.photos, entry.credits, entry.created),
            )
        return entry

    def ledger(self, session_id: str | None = None) -> list[LedgerEntry]:
        """Turn costs, oldest first (of one session, or all)."""
        sql, args = (
            "SELECT session_id, text, photos, credits, created FROM ledger",
            tuple[str, ...](),
        )
        if session_id is not None:
            sql, args = sql + " WHERE session_id=?", (session_id,)
        with self._tx() as db:
            rows = db.execute(sql + " ORDER BY id", args).fetchall()
        return [LedgerEntry(**dict(r)) for r in rows]


_JOB_FIELDS = {f.name for f in fields(JobRecord)}


def _job(row: sqlite3.Row) -> JobRecord:
    data: dict[str, Any] = {k: v for k, v in dict(row).items() if k in _JOB_FIELDS}
    return JobRecord(**data)
