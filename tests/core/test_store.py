"""SQLite store round trips: sessions, history, jobs; reopening the file keeps them."""

from __future__ import annotations

from pathlib import Path

from photogen.core.store import ChatMessage, JobRecord, SessionRecord, Store


def test_round_trips_survive_reopening(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    store = Store(db)
    store.save_session(SessionRecord("s1", "t1", "local", "", 1.0, 1.0))
    store.save_session(SessionRecord("s2", None, "http://x", "", 2.0, 2.0))
    store.touch_session("s1", "a red mug")
    store.touch_session("s1", "ignored: title already set")
    store.add_message(ChatMessage("s1", "user", "a red mug"))
    store.add_message(ChatMessage("s1", "assistant", "Here it is", "text"))
    job = JobRecord(
        "job_1", "s1", "mp4", "processing", 40, 10.0, render_id="render_1", backend_url="local"
    )
    store.save_job(job)
    store.save_job(JobRecord("job_2", "s1", "png", "completed", 100, 11.0, 12.0, "/p.png"))
    store.close()

    again = Store(db)
    assert [s.id for s in again.list_sessions()] == ["s1", "s2"]
    assert [s.id for s in again.list_sessions("local")] == ["s1"]
    assert again.get_session("s1").title == "a red mug"  # type: ignore[union-attr]
    assert [(m.role, m.text) for m in again.history("s1")] == [
        ("user", "a red mug"),
        ("assistant", "Here it is"),
    ]
    assert again.get_job("job_1") == job
    assert [j.id for j in again.jobs(active_only=True)] == ["job_1"]
    assert [j.id for j in again.jobs("s1")] == ["job_1", "job_2"]
    assert again.get_job("nope") is None
    assert again.get_session("nope") is None
    assert not again.get_job("job_2").active  # type: ignore[union-attr]
