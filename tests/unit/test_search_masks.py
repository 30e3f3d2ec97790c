"""The availability bits the search table filters on: never stricter than `covers`."""
import random
from datetime import datetime, timedelta

from volunteer.clock import LOCAL
from volunteer.matching.rules import covers
from volunteer.matching.search_index import day_masks, decode_windows, encode_windows, time_masks

MONDAY = datetime(2026, 11, 30, tzinfo=LOCAL)


def _held(windows, starts, ends):
    masks = day_masks(windows)
    return all(masks[day] & bits == bits for day, bits in time_masks(starts, ends))


def test_a_window_sets_the_half_hours_it_touches():
    assert day_masks([(0, 8 * 60, 9 * 60)])[0] == 0b11 << 16
    assert day_masks([(2, 8 * 60 + 10, 8 * 60 + 40)])[2] == 0b11 << 16  # touches 08:00 and 08:30
    assert day_masks([(6, 0, 24 * 60)])[6] == (1 << 48) - 1
    assert day_masks([(1, 60, 90)]) == [0, 1 << 2, 0, 0, 0, 0, 0]


def test_a_time_past_midnight_asks_both_days():
    starts = MONDAY.replace(hour=23)
    assert time_masks(starts, starts + timedelta(hours=2)) == ((0, 0b11 << 46), (1, 0b11))


def test_every_covered_time_passes_the_bits_and_most_others_do_not():
    rng = random.Random(5)
    covered = refused = 0
    for _ in range(5000):
        windows = []
        for _ in range(rng.randrange(0, 4)):
            start = rng.randrange(0, 24 * 60 - 10, 5)
            windows.append((rng.randrange(7), start, rng.randrange(start + 5, 24 * 60 + 1, 5)))
        starts = MONDAY + timedelta(days=rng.randrange(7), minutes=rng.randrange(0, 24 * 60, 5))
        ends = starts + timedelta(minutes=rng.randrange(15, 600, 5))
        if covers(tuple(windows), starts, ends):
            covered += 1
            assert _held(windows, starts, ends), (windows, starts, ends)
        elif not _held(windows, starts, ends):
            refused += 1
    assert covered > 100 and refused > 3000


def test_windows_round_trip_through_their_text():
    windows = ((0, 480, 720), (3, 0, 1440), (6, 1080, 1260))
    assert decode_windows(encode_windows(windows)) == windows
    assert decode_windows("") == ()
