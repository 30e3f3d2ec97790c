"""The one place that says what time it is. Tests move it with `freeze`."""
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

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


@contextmanager
def freeze(moment: datetime):
    """Stop the clock at `moment` inside the block."""
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
