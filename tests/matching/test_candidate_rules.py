"""Candidates over HTTP: certificates, licence levels, score and explanation, and the
search index following every change of a volunteer at once."""
from datetime import timedelta
from decimal import Decimal

from models import Assignment, HoursEntry, Need, ServiceRecord, User, db
from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus, Urgency
from models.people import LicenceLevel
from tests.conftest import CENTRE
from tests.helpers import post_need
from volunteer import clock
from volunteer.people.services import save_social_worker_profile


def _candidates(client, place, need, lang=None):
    headers = dict(place["social_worker"]["headers"])
    if lang:
        headers["Accept-Language"] = lang
    r = client.get(f"/api/v1/needs/{need['id']}/candidates", headers=headers)
    assert r.status_code == 200, r.json
    return r.json


def _ids(found):
    return [c["user_id"] for c in found]


def _certify(client, place, person, expires_on, skill="health_checks"):
    body = {"skill": skill, "number": "HC-001", "issued_on": "2025-01-01", "expires_on": expires_on}
    return client.post(f"/api/v1/volunteers/{person['id']}/certifications",
                       headers=place["manager"]["headers"], json=body)


def test_a_skill_that_needs_a_certificate_lists_only_the_validly_certified(client, world, place):
    skills = client.get("/api/v1/skills").json
    assert {s["code"] for s in skills if s["needs_certification"]} >= {"health_checks", "community_rehabilitation"}
    valid = world.volunteer(place["grid_id"], offset_m=(300, 0), skills=("health_checks",))
    expired = world.volunteer(place["grid_id"], offset_m=(100, 0), skills=("health_checks",))
    world.volunteer(place["grid_id"], offset_m=(50, 0), skills=("health_checks",))  # none at all
    today = clock.local(clock.now()).date()
    assert _certify(client, place, valid, (today + timedelta(days=365)).isoformat()).status_code == 201
    assert _certify(client, place, expired, (today - timedelta(days=1)).isoformat()).status_code == 201
    need = post_need(client, place, skills=("health_checks",))
    found = _candidates(client, place, need)
    assert _ids(found) == [valid["id"]]
    assert "持证" in found[0]["explanation"]


def test_a_certificate_is_refused_with_a_field_error_when_it_expires_before_it_is_issued(client, world, place):
    v = world.volunteer(place["grid_id"], skills=("health_checks",))
    r = _certify(client, place, v, "2024-01-01")
    assert r.status_code == 422
    assert "expires_on" in r.json["error"]["fields"]


def test_a_need_may_ask_for_a_minimum_licence_level(client, world, place):
    senior = world.volunteer(place["grid_id"], offset_m=(400, 0), skills=("psychological_counselling",),
                             name="高级社工")
    with world.ctx():
        save_social_worker_profile(world.street_admin(), senior["id"],
                                   licence_level=LicenceLevel.senior, licence_number="SW-9",
                                   organisation="中心", specialties=[], community_ids=[place["community_id"]])
    any_level = post_need(client, place, skills=("psychological_counselling",))
    assert set(_ids(_candidates(client, place, any_level))) == {place["social_worker"]["id"], senior["id"]}
    need = post_need(client, place, skills=("psychological_counselling",), min_licence_level="senior")
    assert need["min_licence_level"] == "senior" and need["needs_social_worker"] is True
    assert _ids(_candidates(client, place, need)) == [senior["id"]]


def _history(world, user_id, grid_id, status, hours=None, days_ago=3):
    """A past need this person completed (with confirmed hours) or did not show up for."""
    with world.ctx():
        start = clock.now() - timedelta(days=days_ago)
        need = Need(grid_id=grid_id, created_by_id=user_id, title="往期服务", slots=1, taken=1,
                    address="x", public_place="x", lat=CENTRE[0], lng=CENTRE[1], starts_at=start,
                    ends_at=start + timedelta(hours=2), urgency=Urgency.normal, status=NeedStatus.completed)
        db.session.add(need)
        db.session.flush()
        a = Assignment(need_id=need.id, user_id=user_id, role="volunteer",
                       source=AssignmentSource.assigned, status=status)
        db.session.add(a)
        db.session.flush()
        if hours:
            record = ServiceRecord(assignment_id=a.id, need_id=need.id, volunteer_id=user_id,
                                   started_at=start, ended_at=start + timedelta(hours=hours),
                                   hours=Decimal(hours), place="x")
            db.session.add(record)
            db.session.flush()
            db.session.add(HoursEntry(volunteer_id=user_id, record_id=record.id, hours=Decimal(hours),
                                      created_at=start))
        db.session.commit()


def test_fewer_recent_hours_rank_higher_and_the_reason_is_shown(client, world, place):
    busy = world.volunteer(place["grid_id"], offset_m=(300, 0))
    fresh = world.volunteer(place["grid_id"], offset_m=(300, 0))
    for _ in range(4):
        _history(world, busy["id"], place["grid_id"], AssignmentStatus.completed, hours=6)
    need = post_need(client, place)
    found = _candidates(client, place, need)
    assert _ids(found) == [fresh["id"], busy["id"]]
    assert found[0]["score"] > found[1]["score"]
    assert found[1]["explanation"] == "300 m · 同网格 · 近30天 24 小时 · 履约率 100%"
    assert found[0]["explanation"] == "300 m · 同网格 · 近30天 0 小时 · 新志愿者"


def test_no_shows_rank_lower(client, world, place):
    flaky = world.volunteer(place["grid_id"], offset_m=(250, 0))
    steady = world.volunteer(place["grid_id"], offset_m=(300, 0))
    for status in (AssignmentStatus.no_show, AssignmentStatus.completed):
        _history(world, flaky["id"], place["grid_id"], status, days_ago=60)
        _history(world, steady["id"], place["grid_id"], AssignmentStatus.completed, days_ago=60)
    found = _candidates(client, place, post_need(client, place))
    assert _ids(found) == [steady["id"], flaky["id"]]
    assert "履约率 50%" in found[1]["explanation"]


def test_same_grid_ranks_above_another_community_and_english_is_offered(client, world, place):
    other = world.grid(world.community(name="远方社区"), code="FAR-01")
    outsider = world.volunteer(other, offset_m=(280, 0))
    neighbour = world.volunteer(place["grid_id"], offset_m=(300, 0))
    found = _candidates(client, place, post_need(client, place), lang="en")
    assert _ids(found) == [neighbour["id"], outsider["id"]]
    assert found[0]["explanation"] == "300 m · same grid · 0 h in 30 days · new"
    assert found[0]["reasons"][0] == {"kind": "distance", "value": 300}


def _profile_body(client, person):
    p = client.get("/api/v1/me/volunteer-profile", headers=person["headers"]).json
    return {"position": p["position"], "skills": p["skills"], "availability": p["availability"],
            "on_duty": p["on_duty"], "service_radius_m": p["service_radius_m"],
            "home_grid_id": p["home_grid_id"]}


def test_the_index_follows_skills_position_status_duty_and_windows_at_once(client, world, place):
    v = world.volunteer(place["grid_id"], offset_m=(500, 0))
    need = post_need(client, place)
    put = lambda body: client.put("/api/v1/me/volunteer-profile", headers=v["headers"], json=body)
    assert _ids(_candidates(client, place, need)) == [v["id"]]

    body = _profile_body(client, v)
    assert put({**body, "skills": ["cleaning"]}).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    assert put({**body, "skills": ["cleaning", "elder_daily_care"]}).status_code == 200
    assert _ids(_candidates(client, place, need)) == [v["id"]]

    far = {"lat": CENTRE[0] + 0.05, "lng": CENTRE[1], "crs": "wgs84"}  # ~5.6 km north
    assert put({**body, "position": far}).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    near = {"lat": CENTRE[0] + 0.001, "lng": CENTRE[1], "crs": "wgs84"}
    assert put({**body, "position": near}).status_code == 200
    assert [round(c["distance_m"], -1) for c in _candidates(client, place, need)] == [110]

    staff = place["manager"]["headers"]
    assert client.post(f"/api/v1/volunteers/{v['id']}/suspend", headers=staff).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    assert client.post(f"/api/v1/volunteers/{v['id']}/verify", headers=staff).status_code == 200
    assert _ids(_candidates(client, place, need)) == [v["id"]]

    assert put({**_profile_body(client, v), "on_duty": False}).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    assert put({**_profile_body(client, v), "on_duty": True}).status_code == 200
    assert _ids(_candidates(client, place, need)) == [v["id"]]

    # Weekly windows: the need runs 09:00-11:00 tomorrow.
    weekday = clock.local(clock.now()).weekday() + 1
    weekly = lambda start, end: [{"weekday": weekday % 7, "start": start, "end": end}]
    assert put({**_profile_body(client, v), "availability": weekly("09:30", "12:00")}).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    assert put({**_profile_body(client, v), "availability": weekly("08:45", "10:50")}).status_code == 200
    assert _ids(_candidates(client, place, need)) == []
    assert put({**_profile_body(client, v), "availability": weekly("08:45", "11:00")}).status_code == 200
    assert _ids(_candidates(client, place, need)) == [v["id"]]


def test_a_deactivated_account_leaves_the_index_in_the_same_transaction(client, world, place):
    v = world.volunteer(place["grid_id"])
    need = post_need(client, place)
    with world.ctx():
        db.session.get(User, v["id"]).active = False
        db.session.flush()  # not yet committed: the index has changed in this transaction
        from models import SearchEntry
        from sqlalchemy import func, select
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)
                                 .where(SearchEntry.user_id == v["id"])) == 0
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)
                                 .where(SearchEntry.user_id == v["id"])) == 1
    assert _ids(_candidates(client, place, need)) == [v["id"]]


def test_only_staff_may_suspend_or_certify(client, world, place):
    v = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/volunteers/{v['id']}/suspend", headers=v["headers"]).status_code == 403
    assert _certify(client, place | {"manager": v}, v, "2030-01-01").status_code == 403
    r = client.post(f"/api/v1/volunteers/{v['id']}/certifications", headers=place["manager"]["headers"],
                    json={"skill": "nope", "number": "1", "issued_on": "2025-01-01", "expires_on": "2030-01-01"})
    assert r.status_code == 422 and "skill" in r.json["error"]["fields"]
