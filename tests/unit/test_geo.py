"""Coordinate systems and distances."""
import pytest

from volunteer.geo import (
    Point, bd09_to_gcj02, bounding_box, distance_m, gcj02_to_bd09, gcj02_to_wgs84,
    precise_distance_m, to_wgs84, wgs84_to_gcj02,
)

ZHENGZHOU = Point(34.7466, 113.6254)


def test_gcj02_shifts_a_few_hundred_metres_in_zhengzhou_and_inverts_below_a_metre():
    shifted = wgs84_to_gcj02(ZHENGZHOU)
    assert 200 < distance_m(ZHENGZHOU, shifted) < 800
    back = gcj02_to_wgs84(shifted)
    assert distance_m(ZHENGZHOU, back) < 0.05


def test_bd09_round_trip():
    bd = gcj02_to_bd09(wgs84_to_gcj02(ZHENGZHOU))
    assert distance_m(to_wgs84(bd.lat, bd.lng, "bd09"), ZHENGZHOU) < 0.5
    assert distance_m(bd09_to_gcj02(bd), wgs84_to_gcj02(ZHENGZHOU)) < 0.5


def test_positions_outside_china_are_not_shifted():
    london = Point(51.5, -0.12)
    assert wgs84_to_gcj02(london) == london and gcj02_to_wgs84(london) == london


def test_wgs84_passes_through():
    assert to_wgs84(34.1, 113.2, "wgs84") == Point(34.1, 113.2)


def test_great_circle_is_within_a_third_of_a_percent_of_geodesic():
    other = Point(34.79, 113.68)
    fast, exact = distance_m(ZHENGZHOU, other), precise_distance_m(ZHENGZHOU, other)
    assert abs(fast - exact) / exact < 0.003


@pytest.mark.parametrize("radius", [100, 5000, 30000])
def test_bounding_box_holds_the_circle(radius):
    min_lat, max_lat, min_lng, max_lng = bounding_box(ZHENGZHOU, radius)
    for edge in (Point(max_lat, ZHENGZHOU.lng), Point(min_lat, ZHENGZHOU.lng),
                 Point(ZHENGZHOU.lat, max_lng), Point(ZHENGZHOU.lat, min_lng)):
        assert distance_m(ZHENGZHOU, edge) >= radius * 0.999


def test_the_fast_great_circle_equals_geopys():
    import random

    from volunteer.geo import great_circle_m

    rng = random.Random(1)
    for _ in range(500):
        a = Point(rng.uniform(31, 37), rng.uniform(110, 117))
        b = Point(a.lat + rng.uniform(-0.5, 0.5), a.lng + rng.uniform(-0.5, 0.5))
        assert abs(distance_m(a, b) - great_circle_m(a, b)) < 1e-6
