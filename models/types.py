"""Column types shared by the models."""
from datetime import datetime, timezone

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC.

    SQLite keeps no zone, PostgreSQL would shift by the session zone: storing naive
    UTC everywhere gives the same values on both.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use volunteer.clock.now()")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


# What time it is for column defaults; the application points it at its own clock
# (volunteer/clock.py) so that a test that moves the clock moves these defaults too.
now_source = _system_now


def utcnow() -> datetime:
    """Default for created-at columns (a callable, evaluated per row)."""
    return now_source()
