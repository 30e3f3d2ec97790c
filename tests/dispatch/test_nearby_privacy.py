"""Near-me distances never locate the door: they are to a point fixed per need, near it."""
import math

from models.people import VolunteerStatus
from tests.conftest import CENTRE
from tests.helpers import post_need
from volunteer.geo import Point, distance_m

M_PER_DEG = 111_320


def _put_home(client, person, north_m, east_m):
    body = {"position": {"lat": CENTRE[0] + north_m / M_PER_DEG,
                         "lng": CENTRE[1] + east_m / (M_PER_DEG * math.cos(math.radians(CENTRE[0])))},
            "skills": ["elder_daily_care"], "availability": [{"weekday": d, "start": "00:00", "end": "23:59"}
                                                           for d in range(7)],
            "service_radius_m": 5000, "on_duty": True, "consent": True}
    r = client.put("/api/v1/me/volunteer-profile", headers=person["headers"], json=body)
    assert r.status_code == 200, r.json


def _distance(client, person, need_id):
    items = client.get("/api/v1/me/nearby-needs?per_page=100", headers=person["headers"]).json["items"]
    return next(i["distance_m"] for i in items if i["id"] == need_id)


def test_distances_from_four_homes_point_to_somewhere_else_than_the_door(client, world, place):
    need = post_need(client, place)  # at the grid centre: the resident's door
    me = world.volunteer(place["grid_id"])
    seen = {}
    for home in ((1000, 0), (-1000, 0), (0, 1000), (0, -1000)):
        _put_home(client, me, *home)
        seen[home] = _distance(client, me, need["id"])
        assert _distance(client, me, need["id"]) == seen[home]  # asked again: the same answer
    # The door is 1000 m from each home; the distances the volunteer reads are not all 1000 m,
    # and the best point they agree on lies about the blur away from the door.
    assert set(seen.values()) != {1000}
    north, south = seen[(1000, 0)], seen[(-1000, 0)]
    east, west = seen[(0, 1000)], seen[(0, -1000)]
    guess_north_m, guess_east_m = (south ** 2 - north ** 2) / 4000, (west ** 2 - east ** 2) / 4000
    assert 100 <= math.hypot(guess_north_m, guess_east_m) <= 320


def test_only_a_verified_volunteer_sees_near_me(client, world, place):
    post_need(client, place)
    pending = world.volunteer(place["grid_id"], verified=False)
    r = client.get("/api/v1/me/nearby-needs", headers=pending["headers"])
    assert r.status_code == 403 and r.json["error"]["code"] == "volunteer_not_verified"
