"""Becoming a volunteer in the app: apply with consent, declare certificates, and the grid's
staff verify, ask for more or refuse from a paged, filtered roster; each step is told."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from models import Certification, Notification, Role, db
from tests.conftest import CENTRE
from tests.helpers import post_need

PROFILE = {"position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"},
           "skills": ["health_checks", "elder_daily_care"], "service_radius_m": 2000,
           "availability": [{"weekday": d, "start": "00:00", "end": "23:59"} for d in range(7)]}
CERT = {"skill": "health_checks", "number": "HC-2026-01", "issued_on": "2026-01-01", "expires_on": "2030-12-31"}


def _told(app, user_id, kind):
    with app.app_context():
        return list(db.session.scalars(select(Notification.params).where(
            Notification.user_id == user_id, Notification.kind == kind)))


def _apply(client, world, place, name="高明", **extra):
    person = world.user(name, roles=[(Role.resident, place["grid_id"], None)])
    r = client.put("/api/v1/me/volunteer-profile", headers=person["headers"],
                   json={**PROFILE, "home_grid_id": place["grid_id"], "consent": True, **extra})
    assert r.status_code == 200, r.json
    return person, r.json


def _queue(client, staff, **query):
    r = client.get("/api/v1/volunteers", headers=staff["headers"], query_string={"to_review": "true", **query})
    assert r.status_code == 200, r.json
    return r.json


def test_applying_needs_consent_and_changes_nothing_without_it(app, client, world, place):
    person = world.user("高明", roles=[(Role.resident, place["grid_id"], None)])
    r = client.put("/api/v1/me/volunteer-profile", headers=person["headers"],
                   json={**PROFILE, "home_grid_id": place["grid_id"]})
    assert r.status_code == 422 and r.json["error"]["code"] == "consent_needed"
    assert list(r.json["error"]["fields"]) == ["consent"]
    assert client.get("/api/v1/me/volunteer-profile", headers=person["headers"]).status_code == 404
    me = client.get("/api/v1/me", headers=person["headers"]).json
    assert "volunteer" not in str(me)


def test_an_application_waits_in_the_grid_queue_and_its_staff_are_told(app, client, world, place):
    person, profile = _apply(client, world, place)
    assert profile["status"] == "pending" and profile["applied_at"] and profile["consented_at"]
    assert _told(app, place["manager"]["id"], "volunteer_applied")[-1] == {"name": "高明"}
    assert _told(app, place["social_worker"]["id"], "volunteer_applied") == [{"name": "高明"}]
    page = _queue(client, place["manager"])
    assert (page["total"], page["page"], page["per_page"]) == (1, 1, 20)
    entry = page["items"][0]
    assert (entry["user_id"], entry["name"], entry["status"]) == (person["id"], "高明", "pending")
    assert entry["phone"] == person["phone"][:3] + "****" + person["phone"][-4:]
    assert sorted(entry["skills"]) == ["elder_daily_care", "health_checks"] and entry["applied_at"] == profile["applied_at"]
    assert "lat" not in str(entry) and "address" not in entry


def test_declared_certificates_count_only_once_staff_have_seen_them(app, client, world, place):
    person, _ = _apply(client, world, place)
    key = {"Idempotency-Key": "cert-1"}
    first = client.post("/api/v1/me/volunteer-profile/certifications", headers={**person["headers"], **key}, json=CERT)
    again = client.post("/api/v1/me/volunteer-profile/certifications", headers={**person["headers"], **key}, json=CERT)
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert first.json["checked"] is False
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certification)) == 1
    need = post_need(client, place, skills=("health_checks",))
    sw = place["social_worker"]["headers"]
    ids = lambda: [c["user_id"] for c in client.get(f"/api/v1/needs/{need['id']}/candidates", headers=sw).json]
    assert person["id"] not in ids()
    r = client.post(f"/api/v1/volunteers/{person['id']}/verify", headers=place["manager"]["headers"])
    assert r.status_code == 200 and r.json["status"] == "verified"
    assert [c["checked"] for c in r.json["certifications"]] == [True]
    assert person["id"] in ids()
    assert _told(app, person["id"], "volunteer_verified") == [{}]
    assert _queue(client, place["manager"])["total"] == 0


def test_a_certificate_added_later_waits_for_staff_alone(app, client, world, place):
    person, _ = _apply(client, world, place)
    client.post(f"/api/v1/volunteers/{person['id']}/verify", headers=place["manager"]["headers"])
    cert = client.post("/api/v1/me/volunteer-profile/certifications", headers=person["headers"], json=CERT).json
    assert [e["user_id"] for e in _queue(client, place["manager"])["items"]] == [person["id"]]
    r = client.post(f"/api/v1/volunteers/{person['id']}/certifications/{cert['id']}/check",
                    headers=place["manager"]["headers"])
    assert r.status_code == 200 and r.json["checked"] is True
    assert _queue(client, place["manager"])["total"] == 0
    gone = client.delete(f"/api/v1/me/volunteer-profile/certifications/{cert['id']}", headers=person["headers"])
    assert gone.status_code == 204
    assert client.get("/api/v1/me/volunteer-profile", headers=person["headers"]).json["certifications"] == []


def test_asked_for_more_the_applicant_is_told_why_and_saving_applies_again(app, client, world, place):
    person, _ = _apply(client, world, place)
    staff = place["social_worker"]["headers"]
    empty = client.post(f"/api/v1/volunteers/{person['id']}/ask-for-more", headers=staff, json={"reason": ""})
    assert empty.status_code == 422 and list(empty.json["error"]["fields"]) == ["reason"]
    r = client.post(f"/api/v1/volunteers/{person['id']}/ask-for-more", headers=staff, json={"reason": "请上传健康证"})
    assert r.status_code == 200 and (r.json["status"], r.json["review_note"]) == ("more_info", "请上传健康证")
    assert _told(app, person["id"], "volunteer_more_info") == [{"reason": "请上传健康证"}]
    body = client.get("/api/v1/me/notifications", headers=person["headers"]).json["items"][0]["body"]
    assert "请上传健康证" in body
    mine = client.get("/api/v1/me/volunteer-profile", headers=person["headers"]).json
    assert (mine["status"], mine["review_note"]) == ("more_info", "请上传健康证")
    assert _queue(client, place["manager"])["total"] == 0  # waiting on the applicant, not on staff
    again = client.put("/api/v1/me/volunteer-profile", headers=person["headers"],
                       json={**PROFILE, "home_grid_id": place["grid_id"]})
    assert again.status_code == 200 and (again.json["status"], again.json["review_note"]) == ("pending", None)
    assert again.json["applied_at"] >= mine["applied_at"]
    assert _queue(client, place["manager"])["total"] == 1


def test_a_refusal_says_why_and_a_suspended_volunteer_cannot_save_their_way_back(app, client, world, place):
    person, _ = _apply(client, world, place)
    staff = place["manager"]["headers"]
    r = client.post(f"/api/v1/volunteers/{person['id']}/refuse", headers=staff, json={"reason": "不在本网格居住"})
    assert r.status_code == 200 and r.json["status"] == "refused"
    assert _told(app, person["id"], "volunteer_refused") == [{"reason": "不在本网格居住"}]
    twice = client.post(f"/api/v1/volunteers/{person['id']}/refuse", headers=staff, json={"reason": "x"})
    assert twice.status_code == 409 and twice.json["error"]["code"] == "application_not_pending"
    client.post(f"/api/v1/volunteers/{person['id']}/verify", headers=staff)
    client.post(f"/api/v1/volunteers/{person['id']}/suspend", headers=staff)
    saved = client.put("/api/v1/me/volunteer-profile", headers=person["headers"],
                       json={**PROFILE, "home_grid_id": place["grid_id"]})
    assert saved.status_code == 200 and saved.json["status"] == "suspended"


def test_two_staff_asking_at_once_ask_once(app, client, world, place):
    person, _ = _apply(client, world, place)
    staff = [place["manager"]["headers"], place["social_worker"]["headers"]] * 3

    def ask(headers):
        return app.test_client().post(f"/api/v1/volunteers/{person['id']}/ask-for-more", headers=headers,
                                      json={"reason": "请补充证件"}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = sorted(pool.map(ask, staff))
    assert codes == [200] + [409] * 5
    assert len(_told(app, person["id"], "volunteer_more_info")) == 1


def test_the_roster_filters_and_pages_within_the_callers_grids(app, client, world, place):
    a = world.volunteer(place["grid_id"], name="王建国", skills=("cleaning",))
    b = world.volunteer(place["grid_id"], name="王丽", skills=("elder_daily_care",))
    c = world.volunteer(place["grid_id"], name="刘洋", skills=("cleaning", "elder_daily_care"), verified=False)
    other_grid = world.grid(place["community_id"], code="HH-09", name="第九网格")
    d = world.volunteer(other_grid, name="王五")
    staff = place["manager"]  # manages the place's grid only
    names = lambda **q: [e["name"] for e in client.get("/api/v1/volunteers", headers=staff["headers"],
                                                       query_string=q).json["items"]]
    assert sorted(names()) == sorted(["王建国", "王丽", "刘洋", "王芳"])  # 王芳: the social worker goes out too
    assert sorted(names(skill="cleaning")) == sorted(["王建国", "刘洋"])
    assert names(status="pending") == ["刘洋"]
    assert sorted(names(q="王")) == sorted(["王建国", "王丽", "王芳"])
    assert names(q=b["phone"][-4:]) == ["王丽"]
    assert names(q="%") == [] and names(q="_") == []
    assert names(grid_id=other_grid) == []
    with app.app_context():
        from models import VolunteerProfile
        db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == a["id"])).star_level = 2
        off = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == c["id"]))
        off.on_duty = False
        db.session.commit()
    assert names(min_stars=2) == ["王建国"]
    assert names(on_duty="false") == ["刘洋"]
    page = client.get("/api/v1/volunteers?per_page=2&page=2", headers=staff["headers"]).json
    assert (page["total"], len(page["items"]), page["page"], page["per_page"]) == (4, 2, 2, 2)
    admin = world.user("社区管理员", roles=[(Role.admin, None, place["community_id"])])
    wide = client.get("/api/v1/volunteers", headers=admin["headers"]).json
    assert d["id"] in [e["user_id"] for e in wide["items"]] and wide["total"] == 5
    bad = client.get("/api/v1/volunteers?skill=flying&per_page=500", headers=staff["headers"])
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"per_page"}
    unknown = client.get("/api/v1/volunteers?skill=flying", headers=staff["headers"])
    assert unknown.status_code == 422 and list(unknown.json["error"]["fields"]) == ["skill"]
