"""How we talk to the databases: SQLite's pragmas and write-ready transactions, and
PostgreSQL's plan cache.

SQLite in WAL mode lets readers run beside one writer, but a transaction that read first
and writes later fails at once (SQLITE_BUSY_SNAPSHOT, busy_timeout does not help) when
another writer committed in between. So any request that may write, and any CLI or
scheduler work, begins its transaction IMMEDIATE: writers queue on the lock instead of
failing, and GET requests still read in parallel. PostgreSQL needs none of this.
"""
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__ == "sqlite3"


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Read pages straight from the OS's cache through a memory map instead of a read()
    # per page into each connection's own small cache: the candidate search reads many.
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.close()


@event.listens_for(Engine, "connect")
def _postgresql_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    # psycopg prepares a statement the fifth time a connection runs it within one
    # transaction (a rollback forgets them), as a batch plan runs the candidate query
    # hundreds of times. Planning that query costs more than running it (1-4 ms against
    # 0.3-1 ms), and in "auto" mode the server went on planning it afresh every time; a
    # generic plan is what the queries here want anyway (they search by key or index).
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    dbapi_connection.execute("SET plan_cache_mode = force_generic_plan")
    dbapi_connection.autocommit = autocommit


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    if connection.dialect.name != "sqlite":
        return
    reading = has_request_context() and request.method in READ_METHODS
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
