"""Candidates: every required skill, within both radii, available, nearest first."""
from sqlalchemy import select

from models import Role, VolunteerProfile, db
from tests.conftest import iso, tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock

WEEKDAY_EVENINGS = [{"weekday": d, "start": "18:00", "end": "21:00"} for d in range(5)]


def _candidates(client, place, need):
    r = client.get(f"/api/v1/needs/{need['id']}/candidates", headers=place["social_worker"]["headers"])
    assert r.status_code == 200, r.json
    return r.json


def test_every_required_skill_is_needed(client, world, place):
    both = world.volunteer(place["grid_id"], offset_m=(200, 0), skills=("medical_escort", "elder_daily_care"))
    world.volunteer(place["grid_id"], offset_m=(100, 0), skills=("medical_escort",))
    need = post_need(client, place, skills=("medical_escort", "elder_daily_care"))
    assert [c["user_id"] for c in _candidates(client, place, need)] == [both["id"]]


def test_the_needs_radius_and_the_volunteers_own_radius_both_bound(client, world, place):
    inside = world.volunteer(place["grid_id"], offset_m=(0, 1500), radius=2000)
    world.volunteer(place["grid_id"], offset_m=(0, 1500), radius=1000)  # will not go that far
    world.volunteer(place["grid_id"], offset_m=(0, 2500), radius=10000)  # beyond the need's 2 km
    need = post_need(client, place, radius_m=2000)
    found = _candidates(client, place, need)
    assert [c["user_id"] for c in found] == [inside["id"]]
    assert 1480 <= found[0]["distance_m"] <= 1520


def test_ranked_by_distance_with_metres(client, world, place):
    far = world.volunteer(place["grid_id"], offset_m=(800, 0))
    near = world.volunteer(place["grid_id"], offset_m=(-200, 0))
    mid = world.volunteer(place["grid_id"], offset_m=(0, 500))
    need = post_need(client, place)
    found = _candidates(client, place, need)
    assert [c["user_id"] for c in found] == [near["id"], mid["id"], far["id"]]
    assert [round(c["distance_m"], -1) for c in found] == [200, 500, 800]


def test_weekly_availability_must_cover_the_window(client, world, place):
    world.volunteer(place["grid_id"], availability=WEEKDAY_EVENINGS)  # needs are 09:00-11:00
    free = world.volunteer(place["grid_id"], offset_m=(300, 0))
    need = post_need(client, place)
    assert [c["user_id"] for c in _candidates(client, place, need)] == [free["id"]]


def test_someone_already_holding_an_overlapping_slot_is_not_offered(client, world, place):
    busy = world.volunteer(place["grid_id"])
    free = world.volunteer(place["grid_id"], offset_m=(300, 0))
    first = post_need(client, place)
    assert client.post(f"/api/v1/needs/{first['id']}/signup", headers=busy["headers"]).status_code == 201
    second = post_need(client, place)
    assert [c["user_id"] for c in _candidates(client, place, second)] == [free["id"]]


def test_a_volunteer_who_checked_out_is_free_at_once_not_at_the_planned_end(client, world, place):
    v = world.volunteer(place["grid_id"])
    first = post_need(client, place)  # tomorrow 09:00-11:00
    aid = client.post(f"/api/v1/needs/{first['id']}/signup", headers=v["headers"]).json["id"]
    later = post_need(client, place, starts_at=iso(tomorrow_at(10)), ends_at=iso(tomorrow_at(12)))
    assert _candidates(client, place, later) == []  # held until 11:00
    with clock.freeze(tomorrow_at(9)):
        assert client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place()).status_code == 200
    assert _candidates(client, place, later) == []  # still on the spot
    with clock.freeze(tomorrow_at(9, 40)):
        assert client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).status_code == 201
        assert [c["user_id"] for c in _candidates(client, place, later)] == [v["id"]]
        r = client.post(f"/api/v1/needs/{later['id']}/signup", headers=v["headers"])
        assert r.status_code == 201, r.json
    # Checked out at 09:40: a need from 09:30 still clashes with the time actually served.
    clash = post_need(client, place, starts_at=iso(tomorrow_at(9, 30)), ends_at=iso(tomorrow_at(9, 50)))
    assert v["id"] not in [c["user_id"] for c in _candidates(client, place, clash)]


def test_unverified_and_off_duty_volunteers_are_not_candidates(client, world, place):
    world.volunteer(place["grid_id"], verified=False)
    off = world.volunteer(place["grid_id"], offset_m=(100, 0))
    profile = client.get("/api/v1/me/volunteer-profile", headers=off["headers"]).json
    body = {"position": profile["position"], "skills": profile["skills"],
            "availability": profile["availability"], "on_duty": False,
            "service_radius_m": profile["service_radius_m"], "home_grid_id": place["grid_id"]}
    assert client.put("/api/v1/me/volunteer-profile", headers=off["headers"], json=body).status_code == 200
    need = post_need(client, place)
    assert [c["user_id"] for c in _candidates(client, place, need)] == []


def test_a_need_for_a_social_worker_lists_only_social_workers(client, world, place):
    world.volunteer(place["grid_id"], skills=("psychological_counselling",))
    need = post_need(client, place, skills=("psychological_counselling",))
    assert need["needs_social_worker"] is True  # the skill requires one
    found = _candidates(client, place, need)
    assert [c["user_id"] for c in found] == [place["social_worker"]["id"]]
    assert found[0]["is_social_worker"] is True


def test_positions_in_gcj02_and_bd09_are_stored_as_wgs84(client, world, place):
    from volunteer.geo import Point, gcj02_to_bd09, wgs84_to_gcj02
    from tests.conftest import CENTRE

    truth = Point(CENTRE[0] + 0.003, CENTRE[1])
    v = world.volunteer(place["grid_id"])
    for crs, p in (("gcj02", wgs84_to_gcj02(truth)), ("bd09", gcj02_to_bd09(wgs84_to_gcj02(truth)))):
        body = {"position": {"lat": p.lat, "lng": p.lng, "crs": crs}, "skills": ["elder_daily_care"]}
        saved = client.put("/api/v1/me/volunteer-profile", headers=v["headers"], json=body).json
        assert abs(saved["position"]["lat"] - truth.lat) < 1e-5
        assert abs(saved["position"]["lng"] - truth.lng) < 1e-5


def test_only_staff_of_the_grid_see_candidates(client, world, place):
    need = post_need(client, place)
    other_grid = world.grid(place["community_id"], code="HHL-09")
    outsider = world.user("外网格员", roles=[(Role.grid_manager, other_grid, None)])
    v = world.volunteer(place["grid_id"])
    assert client.get(f"/api/v1/needs/{need['id']}/candidates", headers=outsider["headers"]).status_code == 403
    assert client.get(f"/api/v1/needs/{need['id']}/candidates", headers=v["headers"]).status_code == 403
    assert client.get(f"/api/v1/needs/{need['id']}/candidates", headers=place["manager"]["headers"]).status_code == 200


def test_each_candidate_shows_name_home_grid_stars_and_every_skill_held(client, world, place):
    v = world.volunteer(place["grid_id"], offset_m=(300, 0), name="周杰",
                        skills=("shopping_errands", "elder_daily_care", "cleaning"))
    with world.ctx():
        profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == v["id"]))
        profile.star_level = 2
        db.session.commit()
    need = post_need(client, place)  # asks for elder_daily_care only
    [shown] = _candidates(client, place, need)
    assert (shown["user_id"], shown["name"], shown["home_grid_id"], shown["star_level"]) == (
        v["id"], "周杰", place["grid_id"], 2)
    assert shown["skills"] == ["cleaning", "elder_daily_care", "shopping_errands"]  # in code order
