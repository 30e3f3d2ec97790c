"""The pure matching rules, in milliseconds."""
from datetime import datetime, timedelta

import pytest

from volunteer.clock import LOCAL
from datetime import date

from volunteer.matching.rules import (
    Candidate, NeedFacts, ScoreFacts, VolunteerFacts, Weights, certificate_valid, covers, explain,
    overlaps, rank, refusal, reliability, score,
)

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
    ({"needs_social_worker": True, "min_licence_rank": 3}, {"is_social_worker": True, "licence_rank": 2},
     100, "licence_too_low"),
    ({"certified_skill_ids": frozenset({1})}, {}, 100, "missing_certification"),
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


def test_a_valid_certificate_or_a_high_enough_licence_passes():
    assert refusal(need(certified_skill_ids=frozenset({1})), volunteer(certified_skill_ids=frozenset({1})), 10) is None
    senior = volunteer(is_social_worker=True, licence_rank=3)
    assert refusal(need(needs_social_worker=True, min_licence_rank=2), senior, 10) is None


def test_a_certificate_must_cover_every_day_of_the_need():
    assert certificate_valid(date(2025, 1, 1), date(2026, 11, 30), MON_9, MON_11)
    assert not certificate_valid(date(2025, 1, 1), date(2026, 11, 29), MON_9, MON_11)  # expired
    assert not certificate_valid(date(2026, 12, 1), date(2028, 1, 1), MON_9, MON_11)  # not yet issued


WEIGHTS = Weights(distance=0.4, skill_fit=0.1, fairness=0.2, reliability=0.2, locality=0.1, fair_hours=10)


def facts(**change) -> ScoreFacts:
    base = dict(distance_m=1000, radius_m=5000, required_skills=1, proven_skills=0, recent_hours=0,
                completed=0, no_shows=0, same_grid=False, same_community=False)
    return ScoreFacts(**{**base, **change})


@pytest.mark.parametrize("better,worse", [
    ({"distance_m": 500}, {"distance_m": 1500}),
    ({"proven_skills": 1}, {"proven_skills": 0}),
    ({"recent_hours": 2}, {"recent_hours": 20}),  # fairness: fewer recent hours first
    ({"completed": 10, "no_shows": 0}, {"completed": 8, "no_shows": 2}),
    ({"same_grid": True}, {"same_community": True}),
    ({"same_community": True}, {}),
])
def test_each_part_of_the_score_moves_it_the_right_way(better, worse):
    assert score(facts(**better), WEIGHTS).score > score(facts(**worse), WEIGHTS).score


def test_weights_decide_what_matters():
    near_busy, far_fresh = facts(distance_m=200, recent_hours=40), facts(distance_m=4000, recent_hours=0)
    by_distance = Weights(distance=1, skill_fit=0, fairness=0, reliability=0, locality=0, fair_hours=10)
    by_fairness = Weights(distance=0, skill_fit=0, fairness=1, reliability=0, locality=0, fair_hours=10)
    assert score(near_busy, by_distance).score > score(far_fresh, by_distance).score
    assert score(near_busy, by_fairness).score < score(far_fresh, by_fairness).score


def test_reliability_is_the_share_kept_and_unknown_without_history():
    assert reliability(49, 1) == 0.98
    assert reliability(0, 0) is None


def test_the_explanation_reads_at_a_glance_in_both_languages():
    parts = score(facts(distance_m=1234, same_grid=True, recent_hours=3, completed=49, no_shows=1), WEIGHTS).parts
    assert explain(parts, "zh") == "1.2 km · 同网格 · 近30天 3 小时 · 履约率 98%"
    assert explain(parts, "en") == "1.2 km · same grid · 3 h in 30 days · 98% kept"
    fresh = score(facts(distance_m=850, same_community=True, proven_skills=1), WEIGHTS).parts
    assert explain(fresh, "zh") == "850 m · 同社区 · 持证 · 近30天 0 小时 · 新志愿者"
    assert [p["kind"] for p in fresh] == ["distance", "same_community", "certified", "recent_hours", "reliability"]


def test_rank_puts_the_higher_score_first_before_distance():
    ranked = rank([Candidate(1, 100.0, 0.5), Candidate(2, 900.0, 0.8), Candidate(3, 50.0, 0.5)])
    assert [c.user_id for c in ranked] == [2, 3, 1]
