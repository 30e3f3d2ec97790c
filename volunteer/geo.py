"""Positions and distances. The one module that imports geopy.

Phones in China report WGS-84 (GPS, browsers), GCJ-02 (most Chinese map SDKs) or BD-09
(Baidu). Everything is stored as WGS-84; `to_wgs84` converts what comes in.
"""
import hashlib
import math
from dataclasses import dataclass

from geopy.distance import EARTH_RADIUS, geodesic, great_circle

CRS = ("wgs84", "gcj02", "bd09")

# Krasovsky 1940 ellipsoid, as the GCJ-02 offset is defined on it.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
_METRES_PER_DEGREE = EARTH_RADIUS * 1000 * math.pi / 180


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


def distance_m(a: Point, b: Point) -> float:
    """Great-circle metres: within 0.3% of geodesic at city distances, and fast.

    geopy's great_circle formula written out, without its Point parsing: matching
    measures thousands of distances a query (a test holds it equal to great_circle).
    """
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlng = math.radians(b.lng) - math.radians(a.lng)
    sin1, cos1, sin2, cos2 = math.sin(lat1), math.cos(lat1), math.sin(lat2), math.cos(lat2)
    cos_d, sin_d = math.cos(dlng), math.sin(dlng)
    d = math.atan2(math.sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
                   sin1 * sin2 + cos1 * cos2 * cos_d)
    return EARTH_RADIUS * d * 1000


def great_circle_m(a: Point, b: Point) -> float:
    """geopy's own great circle, the reference for `distance_m`."""
    return great_circle((a.lat, a.lng), (b.lat, b.lng)).meters


def precise_distance_m(a: Point, b: Point) -> float:
    """Geodesic metres on WGS-84, for what is shown to people."""
    return geodesic((a.lat, a.lng), (b.lat, b.lng)).meters


def blurred(p: Point, salt: bytes, metres: float) -> Point:
    """`p` moved `metres` in a direction fixed by `salt`: the same every time it is asked.

    For places shown to people who may not know the exact one: asked again and again, from
    anywhere, it gives away no more than the first time.
    """
    digest = hashlib.sha256(salt).digest()
    bearing = int.from_bytes(digest[:4], "big") / 2**32 * 2 * math.pi
    dlat = metres * math.cos(bearing) / _METRES_PER_DEGREE
    dlng = metres * math.sin(bearing) / (_METRES_PER_DEGREE * max(math.cos(math.radians(p.lat)), 0.01))
    return Point(p.lat + dlat, p.lng + dlng)


def bounding_box(centre: Point, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box that holds the circle.

    Degrees on the sphere great_circle measures on, widened by 1% so that the box
    never cuts the circle (the east-west width changes with latitude across it).
    """
    dlat = radius_m / _METRES_PER_DEGREE * 1.01
    dlng = dlat / max(math.cos(math.radians(centre.lat)), 0.01)
    return centre.lat - dlat, centre.lat + dlat, centre.lng - dlng, centre.lng + dlng


def _outside_china(lat: float, lng: float) -> bool:
    return not (73.66 < lng < 135.05 and 3.86 < lat < 53.55)


def _offset_lat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _offset_lng(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(p: Point) -> Point:
    if _outside_china(p.lat, p.lng):
        return p
    dlat = _offset_lat(p.lng - 105.0, p.lat - 35.0)
    dlng = _offset_lng(p.lng - 105.0, p.lat - 35.0)
    rad = p.lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return Point(p.lat + dlat, p.lng + dlng)


def gcj02_to_wgs84(p: Point) -> Point:
    """Invert the offset by fixed-point iteration: converges below a millimetre."""
    if _outside_china(p.lat, p.lng):
        return p
    guess = p
    for _ in range(10):
        shifted = wgs84_to_gcj02(guess)
        dlat, dlng = shifted.lat - p.lat, shifted.lng - p.lng
        guess = Point(guess.lat - dlat, guess.lng - dlng)
        if abs(dlat) < 1e-9 and abs(dlng) < 1e-9:
            break
    return guess


def bd09_to_gcj02(p: Point) -> Point:
    x, y = p.lng - 0.0065, p.lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return Point(z * math.sin(theta), z * math.cos(theta))


def gcj02_to_bd09(p: Point) -> Point:
    x, y = p.lng, p.lat
    z = math.sqrt(x * x + y * y) + 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) + 0.000003 * math.cos(x * _X_PI)
    return Point(z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065)


def to_wgs84(lat: float, lng: float, crs: str = "wgs84") -> Point:
    """A position as a phone reported it, in WGS-84."""
    p = Point(lat, lng)
    if crs == "gcj02":
        return gcj02_to_wgs84(p)
    if crs == "bd09":
        return gcj02_to_wgs84(bd09_to_gcj02(p))
    return p
