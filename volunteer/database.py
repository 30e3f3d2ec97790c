"""How we talk to the databases: SQLite's pragmas and write-ready transactions,
PostgreSQL's plan cache, and how a read request ends.

SQLite in WAL mode lets readers run beside one writer, but a transaction that read first
and writes later fails at once (SQLITE_BUSY_SNAPSHOT, busy_timeout does not help) when
another writer committed in between. So any request that may write, and any CLI or
scheduler work, begins its transaction IMMEDIATE: writers queue on the lock instead of
failing, and GET requests still read in parallel. PostgreSQL needs none of this.

Services commit what they mean to write; whatever a request leaves uncommitted is rolled
back. A read request that wrote nothing ends with COMMIT instead (the same thing for such
a transaction): psycopg forgets every statement it prepared at a ROLLBACK, and a read
request that keeps them lets the next request on that connection skip planning its queries.
"""
from flask import Flask, has_request_context, request
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

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
    # psycopg prepares a statement the fifth time a connection runs it (the candidate
    # query at once) and keeps it until a ROLLBACK (see end_read). Planning the candidate
    # query costs about as much as running it, and in "auto" mode the server went on
    # planning prepared statements afresh for their first runs; a generic plan is what
    # the queries here want anyway (they search by key or index).
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
    connection.info["changes_at_begin"] = connection.connection.driver_connection.total_changes


def init_app(app: Flask) -> None:
    app.teardown_request(_end_read_request)


def _end_read_request(error: BaseException | None) -> None:
    if error is None and request.method in READ_METHODS:
        from volunteer.extensions import db
        try:
            end_read(db.session())
        except DBAPIError as lost:
            # The answer is made; the database dropped the connection before the read's
            # transaction ended, which ends it as well. The pool replaces the connection.
            if not lost.connection_invalidated:
                raise
            db.session.rollback()


def end_read(session: Session) -> str | None:
    """End a read's transaction: COMMIT when it wrote nothing, else ROLLBACK; says which."""
    if not session.in_transaction():
        return None
    if session.new or session.dirty or session.deleted or _wrote(session.connection()):
        session.rollback()
        return "rollback"
    session.commit()
    return "commit"


def _wrote(connection: Connection) -> bool:
    """Whether the current transaction changed a row, as the database itself knows it."""
    if connection.dialect.name == "sqlite":
        changes = connection.connection.driver_connection.total_changes
        return changes != connection.info.get("changes_at_begin")
    # A transaction gets an id at its first write, and only then.
    return connection.execute(text("SELECT txid_current_if_assigned() IS NOT NULL")).scalar()
