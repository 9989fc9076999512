"""SQLite storage for tokens, users, credits, sessions, media and render jobs.

One connection in WAL mode guarded by a lock; every method is short and
synchronous, so async handlers call them through ``asyncio.to_thread``. Media
bytes live on disk under ``data_dir/media``; the database keeps their keys.
A session's state is one JSON document, changed atomically by
:meth:`Store.update_state`.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY, client_id TEXT UNIQUE, available INTEGER NOT NULL,
    frozen INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, user_id TEXT NOT NULL, client_id TEXT NOT NULL, ip TEXT,
    created REAL NOT NULL, expires REAL NOT NULL, calls INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_client ON tokens(client_id);
CREATE INDEX IF NOT EXISTS tokens_ip ON tokens(ip, created);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY, task_id TEXT NOT NULL, task_name TEXT NOT NULL,
    user_id TEXT NOT NULL, language TEXT NOT NULL, state TEXT NOT NULL,
    claim_token TEXT, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS media (
    key TEXT PRIMARY KEY, user_id TEXT NOT NULL, session_id TEXT, relpath TEXT NOT NULL,
    filename TEXT NOT NULL, file_type TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS renders (
    user_id TEXT NOT NULL, render_id TEXT NOT NULL, session_id TEXT NOT NULL,
    status TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0, format TEXT NOT NULL,
    draft TEXT NOT NULL, output_key TEXT, error TEXT, duration REAL, size INTEGER,
    created REAL NOT NULL, completed REAL, PRIMARY KEY (user_id, render_id));
"""

Row = dict[str, Any]


class DuplicateError(Exception):
    """A row with this key already exists."""


def empty_state() -> dict[str, Any]:
    """The state of a new session."""
    return {
        "video_infos": [],
        "draft": {},
        "canvas_config": None,
        "video_analyses": {},
        "generated_media": [],
    }


class Store:
    """All persistent server data.

    Args:
        db_path: The SQLite file (created with its parent directory).
    """

    def __init__(self, db_path: Path) -> None:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # state changes may read media inside a transaction
        self._db = sqlite3.connect(db_path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        db_path.chmod(0o600)

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> Row | None:
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return dict(row) if row else None

    # --- users and tokens -------------------------------------------------

    def valid_token_for_client(self, client_id: str, now: float) -> Row | None:
        """The newest usable token of ``client_id``, if any."""
        return self._one(
            "SELECT * FROM tokens WHERE client_id=? AND revoked=0 AND expires>? "
            "ORDER BY created DESC LIMIT 1",
            client_id,
            now,
        )

    def tokens_from_ip_since(self, ip: str, since: float) -> int:
        """How many tokens ``ip`` got since ``since``."""
        row = self._one("SELECT COUNT(*) AS n FROM tokens WHERE ip=? AND created>?", ip, since)
        return int(row["n"]) if row else 0

    def issue_token(self, client_id: str, ip: str, now: float, expires: float, credits: int) -> Row:
        """A new token for ``client_id``; the user (and credits) is created on first use."""
        token = "nmv_usr_" + secrets.token_urlsafe(24)
        with self._tx() as db:
            user = db.execute("SELECT * FROM users WHERE client_id=?", (client_id,)).fetchone()
            if user is None:
                user_id = "anon_" + secrets.token_hex(6)
                db.execute(
                    "INSERT INTO users(user_id, client_id, available, created) VALUES (?,?,?,?)",
                    (user_id, client_id, credits, now),
                )
            else:
                user_id = user["user_id"]
            db.execute(
                "INSERT INTO tokens(token, user_id, client_id, ip, created, expires) "
                "VALUES (?,?,?,?,?,?)",
                (token, user_id, client_id, ip, now, expires),
            )
        return {"token": token, "user_id": user_id, "expires": expires}

    def use_token(self, token: str, now: float, max_calls: int | None) -> str | None:
        """Count one authenticated call; the user id, or None when the token is unusable."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM tokens WHERE token=?", (token,)).fetchone()
            if row is None or row["revoked"] or row["expires"] <= now:
                return None
            if max_calls is not None and row["calls"] >= max_calls:
                db.execute("UPDATE tokens SET revoked=1 WHERE token=?", (token,))
                return None
            db.execute("UPDATE tokens SET calls=calls+1 WHERE token=?", (token,))
            return str(row["user_id"])

    # --- credits ----------------------------------------------------------

    def balance(self, user_id: str) -> tuple[int, int]:
        """``(available, frozen)`` of a user."""
        row = self._one("SELECT available, frozen FROM users WHERE user_id=?", user_id)
        return (int(row["available"]), int(row["frozen"])) if row else (0, 0)

    def hold(self, user_id: str, amount: int) -> bool:
        """Move ``amount`` from available to frozen; False when there is not enough."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE users SET available=available-?, frozen=frozen+? "
                "WHERE user_id=? AND available>=?",
                (amount, amount, user_id, amount),
            )
            return cur.rowcount == 1

    def settle(self, user_id: str, held: int, charged: int) -> None:
        """End a hold: ``charged`` is spent, the rest of ``held`` goes back."""
        charged = max(0, min(charged, held))
        with self._tx() as db:
            db.execute(
                "UPDATE users SET frozen=MAX(0, frozen-?), available=available+? WHERE user_id=?",
                (held, held - charged, user_id),
            )

    def release_all_holds(self) -> None:
        """Give back every hold (turns do not survive a restart)."""
        with self._tx() as db:
            db.execute("UPDATE users SET available=available+frozen, frozen=0 WHERE frozen>0")

    # --- sessions ---------------------------------------------------------

    def create_session(self, user_id: str, task_name: str, language: str, now: float) -> Row:
        """A new task with its session."""
        session_id = str(secrets.randbelow(9 * 10**18) + 10**18)
        task_id = "task_" + secrets.token_hex(4)
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions(session_id, task_id, task_name, user_id, language, state, "
                "created, updated) VALUES (?,?,?,?,?,?,?,?)",
                (
                    session_id,
                    task_id,
                    task_name,
                    user_id,
                    language,
                    json.dumps(empty_state()),
                    now,
                    now,
                ),
            )
        return {"session_id": session_id, "task_id": task_id, "user_id": user_id}

    def get_session(self, user_id: str, session_id: str) -> Row | None:
        """The session if ``user_id`` owns it, with ``state`` decoded."""
        row = self._one(
            "SELECT * FROM sessions WHERE session_id=? AND user_id=?", session_id, user_id
        )
        if row:
            row["state"] = json.loads(row["state"])
        return row

    def update_state(self, session_id: str, change: Callable[[dict[str, Any]], Any]) -> Any:
        """Apply ``change`` to the state in one transaction; returns what it returned."""
        with self._tx() as db:
            row = db.execute(
                "SELECT state FROM sessions WHERE session_id=?", (session_id,)
            ).fetchone()
            if row is None:
                raise KeyError(session_id)
            state = json.loads(row["state"])
            result = change(state)
            db.execute(
                "UPDATE sessions SET state=?, updated=? WHERE session_id=?",
                (json.dumps(state), time.time(), session_id),
            )
        return result

    def claim_token(self, session_id: str) -> str:
        """The session's reusable browser claim token, made on first use."""
        with self._tx() as db:
            row = db.execute(
                "SELECT claim_token FROM sessions WHERE session_id=?", (session_id,)
            ).fetchone()
            if row["claim_token"]:
                return str(row["claim_token"])
            claim = "clm_" + secrets.token_urlsafe(18)
            db.execute("UPDATE sessions SET claim_token=? WHERE session_id=?", (claim, session_id))
            return claim

    # --- media ------------------------------------------------------------

    def add_media(
        self,
        key: str,
        user_id: str,
        session_id: str | None,
        relpath: str,
        filename: str,
        file_type: str,
    ) -> None:
        """Record a file saved under the media dir."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO media(key, user_id, session_id, relpath, filename, file_type, "
                "created) VALUES (?,?,?,?,?,?,?)",
                (key, user_id, session_id, relpath, filename, file_type, time.time()),
            )

    def get_media(self, key: str) -> Row | None:
        """A media record by its unguessable key."""
        return self._one("SELECT * FROM media WHERE key=?", key)

    # --- renders ----------------------------------------------------------

    def create_render(
        self,
        user_id: str,
        render_id: str,
        session_id: str,
        fmt: str,
        draft: dict[str, Any],
        now: float,
    ) -> None:
        """A pending render job; :class:`DuplicateError` when the id is taken."""
        try:
            with self._tx() as db:
                db.execute(
                    "INSERT INTO renders(user_id, render_id, session_id, status, format, draft, "
                    "created) VALUES (?,?,?,?,?,?,?)",
                    (user_id, render_id, session_id, "pending", fmt, json.dumps(draft), now),
                )
        except sqlite3.IntegrityError as exc:
            raise DuplicateError(render_id) from exc

    def get_render(self, user_id: str, render_id: str) -> Row | None:
        """A render job of ``user_id``."""
        return self._one(
            "SELECT * FROM renders WHERE user_id=? AND render_id=?", user_id, render_id
        )

    def update_render(self, user_id: str, render_id: str, **fields: Any) -> None:
        """Set some columns of a render job."""
        cols = ", ".join(f"{name}=?" for name in fields)
        with self._tx() as db:
            db.execute(
                f"UPDATE renders SET {cols} WHERE user_id=? AND render_id=?",
                (*fields.values(), user_id, render_id),
            )

    def unfinished_renders(self) -> list[Row]:
        """Jobs that were pending or processing (to restart after a restart)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM renders WHERE status IN ('pending','processing') ORDER BY created"
            ).fetchall()
        return [dict(r) for r in rows]
