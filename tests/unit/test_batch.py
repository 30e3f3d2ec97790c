"""The batch solver: slots, time conflicts, and never worse than nearest-first."""
import random
from datetime import datetime, timedelta

from volunteer.clock import LOCAL
from volunteer.matching.batch import BatchNeed, greedy, solve, time_blocks, total_m

NINE = datetime(2026, 12, 1, 9, tzinfo=LOCAL)


def need(need_id, options, slots=1, start=NINE, hours=2):
    return BatchNeed(need_id, slots, start, start + timedelta(hours=hours), options)


def test_batch_beats_nearest_first_where_greedy_takes_the_shared_volunteer():
    # Need 1 at x=0, need 2 at x=1000; volunteer 7 at x=100, volunteer 8 at x=-300.
    needs = [need(1, {7: 100, 8: 300}), need(2, {7: 900, 8: 1300})]
    assert total_m(greedy(needs)) == 1400  # 1 <- 7 (100), 2 <- 8 (1300)
    plan = solve(needs)
    assert sorted((p.need_id, p.user_id) for p in plan) == [(1, 8), (2, 7)]
    assert total_m(plan) == 1200 <= total_m(greedy(needs))


def test_slots_are_expanded_and_never_overfilled():
    plan = solve([need(1, {1: 10, 2: 20, 3: 30, 4: 40}, slots=2)])
    assert sorted(p.user_id for p in plan) == [1, 2]


def test_nobody_serves_two_needs_that_overlap_but_may_serve_two_that_do_not():
    both = {5: 100}
    clash = solve([need(1, both), need(2, both, start=NINE + timedelta(hours=1))])
    assert len(clash) == 1
    apart = solve([need(1, both), need(2, both, start=NINE + timedelta(hours=3))])
    assert sorted(p.need_id for p in apart) == [1, 2]


def test_filling_more_slots_comes_before_fewer_metres():
    # Volunteer 1 is nearest to need 1 but is the only one who can serve need 2.
    plan = solve([need(1, {1: 10, 2: 5000}), need(2, {1: 10})])
    assert sorted((p.need_id, p.user_id) for p in plan) == [(1, 2), (2, 1)]


def test_time_blocks_chain_overlapping_windows():
    a, b = need(1, {}), need(2, {}, start=NINE + timedelta(hours=1))
    c = need(3, {}, start=NINE + timedelta(hours=4))
    assert [[n.need_id for n in block] for block in time_blocks([c, b, a])] == [[1, 2], [3]]


def test_random_batches_are_never_worse_than_greedy_when_both_fill_the_same():
    rng = random.Random(5)
    for _ in range(30):
        needs = [need(i, {u: rng.uniform(0, 5000) for u in rng.sample(range(30), 6)},
                      slots=rng.choice((1, 2)), start=NINE + timedelta(hours=rng.choice((0, 1, 5))))
                 for i in range(12)]
        plan, nearest = solve(needs), greedy(needs)
        assert len(plan) >= len(nearest)
        if len(plan) == len(nearest):
            assert total_m(plan) <= total_m(nearest) + 1e-6
