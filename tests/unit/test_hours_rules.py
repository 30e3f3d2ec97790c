"""Stars, points and hours: pure rules."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from volunteer.assignments.services import service_hours
from volunteer.hours.rules import next_threshold, points_for, star_level

LADDER = (100, 300, 600, 1000, 1500)


@pytest.mark.parametrize("hours,stars,next_at", [
    ("0", 0, 100), ("99.99", 0, 100), ("100", 1, 300), ("299", 1, 300), ("600", 3, 1000),
    ("1500", 5, None), ("9999", 5, None),
])
def test_star_ladder(hours, stars, next_at):
    assert star_level(Decimal(hours), LADDER) == stars
    assert next_threshold(Decimal(hours), LADDER) == next_at


def test_a_regional_ladder_is_just_another_configuration():
    beijing = (100, 200, 500, 800, 1000)
    assert star_level(Decimal("250"), beijing) == 2 and star_level(Decimal("250"), LADDER) == 1


def test_points_round_half_up():
    assert points_for(Decimal("1.25"), 10) == 13
    assert points_for(Decimal("1.24"), 10) == 12
    assert points_for(Decimal("0"), 10) == 0


def test_service_hours_to_the_hundredth_and_never_negative():
    start = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
    assert service_hours(start, start + timedelta(minutes=100)) == Decimal("1.67")
    assert service_hours(start, start - timedelta(minutes=5)) == Decimal("0.00")
