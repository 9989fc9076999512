"""Saved files the app no longer has: the job list and the chat never claim a file that is gone.

An export's file can be moved or deleted after it was saved; what the app shows about it
then says "missing" instead of pointing at nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from photogen.core.store import ChatMessage, JobRecord

SAVED = "Saved"
"""How the note of a finished export starts: ``Saved <path>``."""
MISSING = "missing"
"""The shown state of a completed export whose file is no longer on disk."""
GONE_NOTE = " — the file is no longer there"
"""Added to a ``Saved <path>`` note whose file is gone."""


def _gone(path: str | None) -> bool:
    return bool(path) and not Path(path or "").exists()


def jobs_as_shown(jobs: list[JobRecord]) -> list[JobRecord]:
    """``jobs`` with a completed one whose file is gone shown as :data:`MISSING`."""
    return [
        replace(job, state=MISSING) if job.state == "completed" and _gone(job.path) else job
        for job in jobs
    ]


def history_as_shown(history: list[ChatMessage]) -> list[ChatMessage]:
    """``history`` with every ``Saved <path>`` note whose file is gone saying so."""
    prefix = SAVED + " "
    shown = []
    for message in history:
        saved = message.kind == "notice" and message.text.startswith(prefix)
        if saved and _gone(message.text[len(prefix) :]):
            message = replace(message, text=message.text + GONE_NOTE, kind="error")
        shown.append(message)
    return shown
