"""Throwaway PostgreSQL databases for a test run or a benchmark: made fresh, dropped after."""
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def postgres_database(server_url: str, prefix: str = "volunteer_test"):
    """Create a fresh database on the server; return its URL and a function that drops it."""
    url = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def terminate_backends(url: str) -> int:
    """End every other connection to the database at `url`, as an operator or a failover
    would; how many were ended."""
    killer = create_engine(url)
    with killer.connect() as conn:
        killed = conn.scalar(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()
    return killed
