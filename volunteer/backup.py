"""Backups and restores: `flask backup FILE` and `flask restore FILE`.

SQLite: the online backup API copies the live database page by page while the app keeps
running, into a file that is itself a SQLite database. PostgreSQL: pg_dump's custom
format (`pg_dump --format=custom --no-owner --file FILE <database>`), restored by
pg_restore into an empty database. After a restore, `flask check-points` proves the points
ledger whole and `flask search-reindex --check` the candidate search table.
"""
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from models import db


class BackupError(Exception):
    pass


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump and pg_restore take it (no +driver)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def backup(url: str, target: Path) -> str:
    """Copy the database at `url` into `target`; returns what was done, in words."""
    if url.startswith("sqlite"):
        source = make_url(url).database
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        return f"sqlite online backup of {source} -> {target}"
    _need("pg_dump")
    command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), libpq_url(url)]
    _run(command)
    return "pg_dump --format=custom --no-owner --file " + str(target)


def restore(url: str, source: Path) -> str:
    """Load a backup into the database at `url`, which must hold no tables yet."""
    if not source.exists():
        raise BackupError(f"no such file: {source}")
    if inspect(db.engine).get_table_names():
        raise BackupError("the database is not empty: restore into a new, empty database")
    db.session.remove()
    db.engine.dispose()
    if url.startswith("sqlite"):
        target = make_url(url).database
        with sqlite3.connect(source) as saved, sqlite3.connect(target) as live:
            saved.backup(live)
        return f"sqlite restore of {source} -> {target}"
    _need("pg_restore")
    _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq_url(url), str(source)])
    db.session.execute(text("SELECT 1"))
    return f"pg_restore --no-owner --exit-on-error --dbname <database> {source}"


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(done.stderr.strip()[-500:] or f"{command[0]} failed")
