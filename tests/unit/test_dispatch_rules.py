"""Dispatch and recurrence rules, without a database."""
from datetime import date, datetime, timedelta, timezone

from volunteer.clock import LOCAL
from volunteer.dispatch import rules
from volunteer.recurring.rules import occurrences, window

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)


def test_an_offer_lapses_sooner_when_urgent_and_never_after_the_need_ends():
    far_end = NOW + timedelta(days=1)
    assert rules.offer_expiry(NOW, far_end, False, 30, 10) == NOW + timedelta(minutes=30)
    assert rules.offer_expiry(NOW, far_end, True, 30, 10) == NOW + timedelta(minutes=10)
    assert rules.offer_expiry(NOW, NOW + timedelta(minutes=5), False, 30, 10) == NOW + timedelta(minutes=5)


def test_offers_wanted_tops_up_the_batch():
    assert rules.offers_wanted(3, 0) == 3
    assert rules.offers_wanted(3, 2) == 1
    assert rules.offers_wanted(3, 5) == 0
    assert rules.offers_wanted(None, 0) == 0


def test_board_counts_bucket_slot_holders_as_accepted():
    counts = rules.board_counts(["offered", "checked_in", "completed", "declined", "expired", "expired"])
    assert counts == {"offered": 1, "accepted": 2, "declined": 1, "expired": 2}


def test_distances_shown_to_volunteers_are_rounded_to_100_m():
    assert [rules.rounded_distance_m(m) for m in (3, 149, 151, 1249.9, 1250.1)] == [100, 100, 200, 1200, 1300]


def test_occurrences_fall_on_the_weekdays_within_the_rule():
    monday = date(2026, 12, 7)
    assert occurrences([1, 3], monday, None, monday, 7) == [date(2026, 12, 8), date(2026, 12, 10)]
    assert occurrences([1], monday, date(2026, 12, 10), monday, 30) == [date(2026, 12, 8)]
    assert occurrences([1], date(2026, 12, 20), None, monday, 14) == []  # the 22nd is beyond
    assert occurrences([1], date(2026, 12, 20), None, monday, 15) == [date(2026, 12, 22)]
    assert occurrences([1], monday, None, monday, 0) == []


def test_the_window_is_local_time():
    starts, ends = window(date(2026, 12, 8), 9 * 60, 90, LOCAL)
    assert starts.astimezone(timezone.utc) == datetime(2026, 12, 8, 1, 0, tzinfo=timezone.utc)
    assert ends - starts == timedelta(minutes=90)
