"""The one place that says what time it is. Tests stop it with `freeze` or move it with `shift_to`."""
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from models import types

LOCAL = ZoneInfo("Asia/Shanghai")
_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """Aware UTC now (or the frozen instant)."""
    if _frozen is not None:
        return _frozen
    return datetime.now(timezone.utc) + _offset


def local(moment: datetime) -> datetime:
    """The same instant in Asia/Shanghai, for people and weekly availability."""
    return moment.astimezone(LOCAL)


def local_midnight(day: date) -> datetime:
    """The instant a local (Asia/Shanghai) day begins."""
    return datetime.combine(day, time(0), tzinfo=LOCAL)


def shift_to(moment: datetime | None) -> None:
    """Let the clock run on from `moment` (None: back to the real time)."""
    global _offset
    _offset = timedelta(0) if moment is None else moment - datetime.now(timezone.utc)


@contextmanager
def freeze(moment: datetime):
    """Stop the clock at `moment` inside the block."""
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous


types.now_source = now  # the models' created-at defaults read this clock too
