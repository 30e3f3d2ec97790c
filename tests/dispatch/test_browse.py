"""Browse: a volunteer's "near me" list, with a rounded place and distance only."""
from datetime import timedelta

import pytest

from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import post_need


def _at(north_m: float) -> dict:
    return {"lat": CENTRE[0] + north_m / 111_320, "lng": CENTRE[1], "crs": "wgs84"}


@pytest.fixture(autouse=True)
def exact(app, monkeypatch):
    """Order and paging read plainest with distances to the door; the blur has its own tests."""
    monkeypatch.setitem(app.config, "NEARBY_BLUR_M", 0)


def _nearby(client, person, **query):
    r = client.get("/api/v1/me/nearby-needs", headers=person["headers"], query_string=query)
    assert r.status_code == 200, r.json
    return r.json


def test_open_needs_matching_my_skills_by_distance_or_start(client, world, place):
    me = world.volunteer(place["grid_id"], skills=("elder_daily_care", "cleaning"), radius=2000)
    later_near = post_need(client, place, position=_at(240), title="近处",
                           starts_at=iso(tomorrow_at(15)), ends_at=iso(tomorrow_at(16)))
    sooner_far = post_need(client, place, position=_at(1260), title="远处",
                           starts_at=iso(tomorrow_at(8)), ends_at=iso(tomorrow_at(9)))
    post_need(client, place, skills=("medical_escort",), position=_at(100))  # not my skill
    post_need(client, place, position=_at(2500))  # beyond my 2 km
    by_distance = _nearby(client, me)
    assert [n["id"] for n in by_distance["items"]] == [later_near["id"], sooner_far["id"]]
    assert by_distance["total"] == 2
    assert [n["distance_m"] for n in by_distance["items"]] == [200, 1300]  # to 100 m
    item = by_distance["items"][0]
    assert item["public_place"] and not {"address", "contact_phone", "position"} & set(item)
    assert (item["slots"], item["taken"], item["skills"]) == (1, 0, ["elder_daily_care"])
    by_start = _nearby(client, me, order="start")
    assert [n["id"] for n in by_start["items"]] == [sooner_far["id"], later_near["id"]]


def test_pages_and_what_is_left_out(client, world, place):
    me = world.volunteer(place["grid_id"])
    ids = [post_need(client, place, position=_at(100 * (i + 1)))["id"] for i in range(5)]
    full = post_need(client, place, position=_at(50))
    other = world.volunteer(place["grid_id"], offset_m=(30, 0))
    assert client.post(f"/api/v1/needs/{full['id']}/signup", headers=other["headers"]).status_code == 201
    mine = post_need(client, place, slots=2, position=_at(60))
    assert client.post(f"/api/v1/needs/{mine['id']}/signup", headers=me["headers"]).status_code == 201
    # The full need stays listed (its waitlist is open to join); the one I am on is left out.
    second = _nearby(client, me, page=2, per_page=2)
    assert second["total"] == 6 and [n["id"] for n in second["items"]] == ids[1:3]
    first = _nearby(client, me, page=1, per_page=2)["items"]
    assert [(n["id"], n["taken"], n["slots"]) for n in first] == [(full["id"], 1, 1), (ids[0], 0, 1)]
    assert _nearby(client, me, page=9)["items"] == []


def test_bad_paging_and_order_name_the_field(client, world, place):
    me = world.volunteer(place["grid_id"])
    r = client.get("/api/v1/me/nearby-needs?order=price", headers=me["headers"])
    assert r.status_code == 422 and "order" in r.json["error"]["fields"]
    r = client.get("/api/v1/me/nearby-needs?per_page=500", headers=me["headers"])
    assert r.status_code == 422 and "per_page" in r.json["error"]["fields"]


def test_someone_without_a_volunteer_profile_is_told_so(client, place):
    r = client.get("/api/v1/me/nearby-needs", headers=place["resident"]["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "not_a_volunteer"
    assert client.get("/api/v1/me/nearby-needs").status_code == 401


def test_needs_for_a_social_worker_are_not_shown_to_volunteers(client, world, place):
    me = world.volunteer(place["grid_id"], skills=("psychological_counselling",))
    need = post_need(client, place, skills=("psychological_counselling",))
    assert _nearby(client, me)["items"] == []
    assert [n["id"] for n in _nearby(client, place["social_worker"])["items"]] == [need["id"]]


def test_ended_needs_are_not_listed(app, client, world, place):
    from volunteer import clock
    me = world.volunteer(place["grid_id"])
    post_need(client, place)
    with clock.freeze(tomorrow_at(12) + timedelta(minutes=1)):
        assert _nearby(client, me)["total"] == 0
