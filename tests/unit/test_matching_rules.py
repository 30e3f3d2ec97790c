"""The pure matching rules, in milliseconds."""
from datetime import datetime, timedelta

import pytest

from volunteer.clock import LOCAL
from volunteer.matching.rules import Candidate, NeedFacts, VolunteerFacts, covers, overlaps, rank, refusal

MON_9 = datetime(2026, 11, 30, 9, 0, tzinfo=LOCAL)  # a Monday
MON_11 = MON_9.replace(hour=11)


def need(**change) -> NeedFacts:
    base = dict(radius_m=5000, skill_ids=frozenset({1}), needs_social_worker=False,
                starts_local=MON_9, ends_local=MON_11)
    return NeedFacts(**{**base, **change})


def volunteer(**change) -> VolunteerFacts:
    base = dict(user_id=7, radius_m=3000, skill_ids=frozenset({1, 2}), is_social_worker=False,
                ready=True, windows=((0, 8 * 60, 12 * 60),), busy=())
    return VolunteerFacts(**{**base, **change})


def test_an_eligible_volunteer_has_no_refusal():
    assert refusal(need(), volunteer(), 1200) is None


@pytest.mark.parametrize("need_change,vol_change,distance,code", [
    ({}, {"ready": False}, 100, "volunteer_not_verified"),
    ({"needs_social_worker": True}, {}, 100, "not_a_social_worker"),
    ({"skill_ids": frozenset({1, 3})}, {}, 100, "missing_skill"),
    ({}, {}, 3001, "out_of_range"),  # beyond the volunteer's own radius
    ({"radius_m": 1000}, {}, 1001, "out_of_range"),  # beyond the need's radius
    ({}, {"windows": ((1, 8 * 60, 12 * 60),)}, 100, "not_available"),  # Tuesday only
    ({}, {"windows": ((0, 10 * 60, 12 * 60),)}, 100, "not_available"),  # starts too late
    ({}, {"busy": ((MON_9 + timedelta(hours=1), MON_11 + timedelta(hours=1)),)}, 100, "not_available"),
])
def test_each_rule_refuses_with_its_code(need_change, vol_change, distance, code):
    assert refusal(need(**need_change), volunteer(**vol_change), distance) == code


def test_a_social_worker_serves_a_need_that_requires_one():
    assert refusal(need(needs_social_worker=True), volunteer(is_social_worker=True), 10) is None


def test_windows_cover_exactly_and_across_midnight():
    assert covers(((0, 9 * 60, 11 * 60),), MON_9, MON_11)
    late = MON_9.replace(hour=22)
    next_morning = late + timedelta(hours=4)
    assert not covers(((0, 20 * 60, 24 * 60),), late, next_morning)
    assert covers(((0, 20 * 60, 24 * 60), (1, 0, 6 * 60)), late, next_morning)


def test_overlap_is_strict_at_the_edges():
    assert overlaps(MON_9, MON_11, MON_11 - timedelta(minutes=1), MON_11 + timedelta(hours=1))
    assert not overlaps(MON_9, MON_11, MON_11, MON_11 + timedelta(hours=1))


def test_rank_is_nearest_first_and_stable():
    ranked = rank([Candidate(3, 500.0), Candidate(2, 100.0), Candidate(1, 500.0)])
    assert [c.user_id for c in ranked] == [2, 1, 3]
