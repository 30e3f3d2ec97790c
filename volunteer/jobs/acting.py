"""Any number of schedulers, one acting on each job at a time.

On PostgreSQL a sweep holds a session advisory lock (pg_try_advisory_lock) on its own
connection for as long as it runs: a second scheduler finds it taken and skips that run,
and a scheduler that dies loses its connection, so the lock is free at once. SQLite has
no such locks: there a sweep takes a lease on its job's row (one conditional UPDATE) that
lasts LEASE_S, so a dead scheduler's lease lapses within a minute.

Each run is recorded on the job's row (started, succeeded, how long, how many done,
failures), which the readiness check and the metrics read.
"""
import hashlib
import os
import socket
import time
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from models import db
from models.jobs import JobRun
from volunteer import clock

LEASE_S = 60
HOLDER = f"{socket.gethostname()}:{os.getpid()}"[:80]


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for the job's advisory lock."""
    return int.from_bytes(hashlib.sha256(f"volunteer.jobs.{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def acting(name: str, holder: str = HOLDER):
    """Yields True when this process (`holder`) acts on the job now, holding it until the
    block ends; False when another scheduler does."""
    _ensure_row(name)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            got = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(name)})
            conn.commit()
            try:
                yield bool(got)
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
                    conn.commit()
        return
    now = clock.now()
    taken = db.session.execute(
        update(JobRun).where(JobRun.name == name, or_(JobRun.lease_until.is_(None), JobRun.lease_until < now,
                                                      JobRun.holder == holder))
        .values(holder=holder, lease_until=now + timedelta(seconds=LEASE_S))
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    try:
        yield taken == 1
    finally:
        if taken == 1:
            db.session.rollback()
            db.session.execute(update(JobRun).where(JobRun.name == name, JobRun.holder == holder)
                               .values(lease_until=None).execution_options(synchronize_session=False))
            db.session.commit()


def record(name: str, started: float, done: int | None, error: str | None = None) -> None:
    """What the run did: on success the time, duration and count; on failure the error."""
    db.session.rollback()
    now = clock.now()
    values = {"last_started_at": now - timedelta(seconds=time.monotonic() - started),
              "last_duration_ms": int((time.monotonic() - started) * 1000)}
    if error is None:
        values |= {"last_success_at": now, "last_done": done}
    else:
        values |= {"failures": JobRun.failures + 1, "last_error": error[:200]}
    db.session.execute(update(JobRun).where(JobRun.name == name).values(**values)
                       .execution_options(synchronize_session=False))
    db.session.commit()


def last_runs() -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.name)))


def _ensure_row(name: str) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(JobRun).values(name=name, failures=0).on_conflict_do_nothing(index_elements=["name"]))
    db.session.commit()
