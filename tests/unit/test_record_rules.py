"""Anomaly, ladder, approval and suspension rules, without a database."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from volunteer.geo import Point
from volunteer.hours.rules import PRESETS, eligible_level, ladder, lowered_level
from volunteer.records.rules import (
    Visit, all_flags, far_checkouts, impossible_moves, long_days, overlapping, shared_devices,
)
from volunteer.stars.rules import approval_levels, should_suspend

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)  # 09:00 in Zhengzhou
HERE = Point(34.7766, 113.6801)


def visit(record_id, start_h, end_h, volunteer=1, device=None, checkin=HERE, checkout=HERE):
    start, end = T0 + timedelta(hours=start_h), T0 + timedelta(hours=end_h)
    return Visit(record_id=record_id, volunteer_id=volunteer, started_at=start, ended_at=end,
                 hours=Decimal(str(end_h - start_h)), day=date(2026, 12, 1), checkin_at=start,
                 checkin=checkin, checkout_at=end, checkout=checkout, device_id=device)


def test_overlapping_records_of_one_volunteer_flag_each_other():
    flags = overlapping([visit(1, 0, 2), visit(2, 1, 3), visit(3, 3, 4), visit(4, 0, 2, volunteer=2)])
    assert {k: [f.params["other"] for f in v] for k, v in flags.items()} == {1: [2], 2: [1]}


def test_a_day_over_the_limit_flags_every_record_of_that_day():
    flags = long_days([visit(1, 0, 6), visit(2, 6, 13), visit(3, 0, 12, volunteer=2)], max_hours=12)
    assert set(flags) == {1, 2}
    assert flags[1][0].params == {"day": "2026-12-01", "hours": "13", "limit": "12"}


def test_moving_faster_than_a_person_can_is_flagged_within_and_between_records():
    far = Point(HERE.lat + 0.5, HERE.lng)  # ~55 km north
    # Checked in here, checked out 55 km away ten minutes later.
    assert [f.code for f in impossible_moves([visit(1, 0, 1 / 6, checkout=far)], 80, 1000)[1]] == ["anomaly_too_fast"]
    # Checked out here, checked in 55 km away 15 minutes later.
    flags = impossible_moves([visit(1, 0, 1), visit(2, 1.25, 2, checkin=far, checkout=far)], 80, 1000)
    assert list(flags) == [2] and flags[2][0].params["other"] == 1
    # Two hours later is plausible by car.
    assert impossible_moves([visit(1, 0, 1), visit(2, 3, 4, checkin=far, checkout=far)], 80, 1000) == {}


def test_gps_slack_forgives_small_jumps_and_code_check_ins_have_no_position():
    near = Point(HERE.lat + 0.005, HERE.lng)  # ~550 m
    assert impossible_moves([visit(1, 0, 0.01, checkout=near)], 80, 1000) == {}
    assert impossible_moves([visit(1, 0, 0.01, checkin=None)], 80, 1000) == {}


def test_one_device_for_several_volunteers_is_flagged_but_one_volunteer_on_one_device_is_not():
    flags = shared_devices([visit(1, 0, 1, volunteer=1, device="p1"), visit(2, 0, 1, volunteer=2, device="p1"),
                            visit(3, 0, 1, volunteer=3, device="p2"), visit(4, 2, 3, volunteer=3, device="p2")])
    assert set(flags) == {1, 2} and flags[1][0].params == {"count": 2}


def test_all_flags_merges_every_reason_for_a_record():
    flags = all_flags([visit(1, 0, 13, device="p"), visit(2, 1, 2, device="p", volunteer=1),
                       visit(3, 0, 1, device="p", volunteer=2)], 12, 80, 1000)
    assert sorted(f.code for f in flags[1]) == ["anomaly_long_day", "anomaly_overlap", "anomaly_shared_device"]


def test_ladder_presets_and_explicit_ladders():
    assert ladder("national") == (100, 300, 600, 1000, 1500) == PRESETS["national"]
    assert ladder("beijing") == (100, 200, 500, 800, 1000)
    assert ladder("national", (10, 20, 30)) == (10, 20, 30)
    for bad in [("nowhere", ()), ("national", (100, 50)), ("national", (0, 10)), ("national", (10, 10))]:
        with pytest.raises(ValueError):
            ladder(*bad)


def test_eligibility_is_always_the_next_level_and_lowering_follows_revoked_hours():
    steps = (100, 300, 600, 1000, 1500)
    assert eligible_level(Decimal("99"), 0, steps) is None
    assert eligible_level(Decimal("700"), 0, steps) == 1  # never skips to 3
    assert eligible_level(Decimal("700"), 2, steps) == 3
    assert eligible_level(Decimal("9999"), 5, steps) is None
    assert lowered_level(Decimal("250"), 2, steps) == 1
    assert lowered_level(Decimal("350"), 2, steps) is None
    assert lowered_level(Decimal("2000"), 1, steps) is None  # more hours never raise by themselves


def test_approval_levels_parse_and_refuse_nonsense():
    assert approval_levels("grid:0,community:3,street:5") == {"grid": 0, "community": 3, "street": 5}
    assert approval_levels("street:5") == {"grid": 0, "community": 0, "street": 5}
    for bad in ("county:5", "street:five"):
        with pytest.raises(ValueError):
            approval_levels(bad)


def test_suspension_on_reaching_the_limit():
    assert not should_suspend(4, 5) and should_suspend(5, 5) and should_suspend(6, 5)
    assert not should_suspend(100, 0)  # 0 turns suspension off


def test_a_check_out_beyond_the_radius_and_the_gps_error_is_flagged_however_slowly_reached():
    from dataclasses import replace

    five_km = Point(HERE.lat + 0.045, HERE.lng)  # ~5 km north, three hours after check-in: a plausible walk
    near = Point(HERE.lat + 0.012, HERE.lng)  # ~1.3 km: within 500 m + 1 km of error
    visits = [replace(visit(1, 0, 3, checkout=five_km), place=HERE, radius_m=500),
              replace(visit(2, 0, 3, checkout=near, volunteer=2), place=HERE, radius_m=500),
              visit(3, 0, 3, checkout=five_km, volunteer=3)]  # no place known: nothing to compare
    assert impossible_moves(visits, 80, 1000) == {}
    flags = far_checkouts(visits, slack_m=1000)
    assert list(flags) == [1]
    assert flags[1][0].code == "anomaly_far_checkout"
    assert 4950 <= flags[1][0].params["distance"] <= 5050 and flags[1][0].params["limit"] == 500
