"""The clock: frozen or shifted, and the models' created-at defaults follow it."""
from datetime import datetime, timedelta, timezone

from models.types import utcnow
from volunteer import clock


def test_shift_to_moves_now_and_the_column_defaults_then_lets_time_run():
    moment = datetime(2026, 12, 5, 23, 30, tzinfo=clock.LOCAL)
    try:
        clock.shift_to(moment)
        assert abs(clock.now() - moment) < timedelta(seconds=5)
        assert abs(utcnow() - moment) < timedelta(seconds=5)
        assert clock.local(clock.now()).weekday() == 5
    finally:
        clock.shift_to(None)
    assert abs(clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_freeze_stops_now_and_the_column_defaults():
    moment = datetime(2026, 12, 1, 0, 30, tzinfo=clock.LOCAL).astimezone(timezone.utc)
    with clock.freeze(moment):
        assert clock.now() == moment == utcnow()
        assert clock.local(clock.now()).date().isoformat() == "2026-12-01"
    assert clock.now() != moment
