"""Activities (招募): published with sessions, questions and a mode; a public page behind a
short link with a QR code and no personal data; sign-up on the phone, first come or
approved; attendance by the session's rotating code; places never overfill."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from models import ActivitySignup, Need, db
from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import at_place
from volunteer import clock
from volunteer.records.checkin_code import current_code


def publish(client, place, headers=None, **extra):
    body = {"title": "社区义诊志愿者招募", "description": "协助量血压、引导排队", "grid_id": place["grid_id"],
            "address": "黄河路社区广场", "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"},
            "skills": ["cleaning"], "questions": ["是否有医护背景？"],
            "sessions": [{"starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11)), "slots": 2},
                         {"starts_at": iso(tomorrow_at(14)), "ends_at": iso(tomorrow_at(16)), "slots": 3}], **extra}
    return client.post("/api/v1/activities", headers=headers or place["social_worker"]["headers"], json=body)


@pytest.fixture
def activity(client, place):
    r = publish(client, place)
    assert r.status_code == 201, r.json
    return r.json


def test_an_activity_is_published_with_sessions_that_are_needs(app, client, place, activity):
    assert [s["slots"] for s in activity["sessions"]] == [2, 3]
    assert activity["mode"] == "first_come" and activity["questions"] == ["是否有医护背景？"]
    assert activity["path"] == f"/a/{activity['slug']}" and len(activity["slug"]) == 8
    assert activity["organises"] is True and activity["skills"] == ["cleaning"]
    with app.app_context():
        needs = db.session.query(Need).filter_by(activity_id=activity["id"]).order_by(Need.starts_at).all()
        assert [(n.slots, n.title) for n in needs] == [(2, "社区义诊志愿者招募"), (3, "社区义诊志愿者招募")]


def test_bad_sessions_or_a_grid_beyond_reach_are_refused_and_make_nothing(app, client, world, place):
    none = publish(client, place, sessions=[])
    assert none.status_code == 422 and "sessions" in none.json["error"]["fields"]
    backwards = publish(client, place, sessions=[{"starts_at": iso(tomorrow_at(11)), "ends_at": iso(tomorrow_at(9)), "slots": 1}])
    assert backwards.status_code == 422 and "sessions" in backwards.json["error"]["fields"]
    volunteer = world.volunteer(place["grid_id"], name="周敏")
    assert publish(client, place, headers=volunteer["headers"]).status_code == 403
    with app.app_context():
        assert db.session.query(Need).filter(Need.activity_id.is_not(None)).count() == 0


def test_the_public_page_needs_no_sign_in_and_shows_no_personal_data(client, place, activity):
    r = client.get(f"/api/v1/public/activities/{activity['slug']}")
    assert r.status_code == 200
    assert set(r.json) == {"slug", "path", "title", "description", "organiser", "mode", "questions", "skills", "sessions"}
    assert r.json["organiser"] == "黄河路社区·第一网格"
    assert [s["left"] for s in r.json["sessions"]] == [2, 3]
    page = client.get(f"/a/{activity['slug']}", headers={"Accept": "text/html"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "社区义诊志愿者招募" in text and "<svg" in text
    assert f"/a/{activity['slug']}" in text and "剩余 2/2 个名额" in text
    assert "黄河路社区广场" not in text  # the exact address is for those who take a place
    assert "script" not in page.headers["Content-Security-Policy"].replace("script-src 'none'", "")
    english = client.get(f"/a/{activity['slug']}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "2 of 2 places left" in english and "First come" in english
    assert client.get("/a/nosuchslug").status_code == 404
    assert client.get("/api/v1/public/activities/nosuchslug").status_code == 404


def test_first_come_takes_a_place_at_once_and_keeps_the_answers(app, client, world, place, activity):
    person = world.volunteer(place["grid_id"], name="周敏", skills=("cleaning",))
    first = activity["sessions"][0]["need_id"]
    missing = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=person["headers"],
                          json={"need_id": first, "answers": []})
    assert missing.status_code == 422 and "answers" in missing.json["error"]["fields"]
    headers = {**person["headers"], "Idempotency-Key": "signup-1"}
    r = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=headers,
                    json={"need_id": first, "answers": ["有，护士"]})
    assert r.status_code == 201 and r.json["status"] == "approved" and r.json["assignment_id"]
    again = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=headers,
                        json={"need_id": first, "answers": ["有，护士"]})
    assert again.json["id"] == r.json["id"]  # the same key: the first answer, nothing new
    twice = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=person["headers"],
                        json={"need_id": first, "answers": ["有"]})
    assert twice.status_code == 409
    listed = client.get(f"/api/v1/activities/{activity['id']}/signups", headers=place["social_worker"]["headers"]).json
    assert [(s["name"], s["answers"]) for s in listed["items"]] == [("周敏", ["有，护士"])]
    assert listed["items"][0]["phone"] == person["phone"][:3] + "****" + person["phone"][-4:]
    assert client.get(f"/api/v1/activities/{activity['id']}/signups", headers=person["headers"]).status_code == 403
    other = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=person["headers"],
                        json={"need_id": 999999, "answers": ["有"]})
    assert other.status_code == 422 and "need_id" in other.json["error"]["fields"]


def test_concurrent_sign_ups_never_overfill_a_session(app, client, world, place, activity):
    people = [world.volunteer(place["grid_id"], name=f"志愿者{'甲乙丙丁戊'[i]}", skills=("cleaning",)) for i in range(5)]
    first = activity["sessions"][0]["need_id"]
    with ThreadPoolExecutor(5) as pool:
        codes = list(pool.map(lambda p: client.post(
            f"/api/v1/activities/{activity['id']}/signups", headers=p["headers"],
            json={"need_id": first, "answers": ["无"]}).status_code, people))
    assert sorted(codes) == [201, 201, 409, 409, 409], codes
    with app.app_context():
        assert db.session.get(Need, first).taken == 2
        assert db.session.query(ActivitySignup).filter_by(need_id=first).count() == 2


def test_approval_mode_waits_for_the_organiser_who_is_told(app, client, world, place):
    act = publish(client, place, mode="approval", questions=[]).json
    person = world.volunteer(place["grid_id"], name="周敏", skills=("cleaning",))
    second = act["sessions"][1]["need_id"]
    applied = client.post(f"/api/v1/activities/{act['id']}/signups", headers=person["headers"],
                          json={"need_id": second, "answers": []})
    assert applied.status_code == 201 and applied.json["status"] == "applied"
    with app.app_context():
        assert db.session.get(Need, second).taken == 0
    sw = place["social_worker"]["headers"]
    # the applicant cannot approve themselves
    assert client.post(f"/api/v1/activity-signups/{applied.json['id']}/approve", headers=person["headers"]).status_code == 404
    ok = client.post(f"/api/v1/activity-signups/{applied.json['id']}/approve", headers=sw)
    assert ok.status_code == 200 and ok.json["status"] == "approved"
    with app.app_context():
        assert db.session.get(Need, second).taken == 1
    assert client.post(f"/api/v1/activity-signups/{applied.json['id']}/approve", headers=sw).status_code == 409
    later = world.volunteer(place["grid_id"], name="吴刚", skills=("cleaning",))
    sid = client.post(f"/api/v1/activities/{act['id']}/signups", headers=later["headers"],
                      json={"need_id": second, "answers": []}).json["id"]
    refused = client.post(f"/api/v1/activity-signups/{sid}/refuse", headers=sw, json={"reason": "名额已安排"})
    assert refused.json["status"] == "refused"
    mine = client.get(f"/api/v1/activities/{act['id']}", headers=later["headers"]).json["my_signups"]
    assert [(s["status"], s["reason"]) for s in mine] == [("refused", "名额已安排")]


def test_attendance_by_the_rotating_code_the_organiser_shows(app, client, world, place, activity):
    person = world.volunteer(place["grid_id"], name="周敏", skills=("cleaning",))
    first = activity["sessions"][0]["need_id"]
    aid = client.post(f"/api/v1/activities/{activity['id']}/signups", headers=person["headers"],
                      json={"need_id": first, "answers": ["无"]}).json["assignment_id"]
    with clock.freeze(tomorrow_at(9, 5)):
        shown = client.get(f"/api/v1/needs/{first}/checkin-code", headers=place["social_worker"]["headers"])
        with app.app_context():
            expected = current_code(first, clock.now())[0]
        assert shown.status_code == 200 and shown.json["code"] == expected
        assert shown.json["link"].endswith(f"/#/checkin/{first}-{shown.json['code']}")
        assert shown.json["qr_svg"].startswith("<svg")
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=person["headers"], json={"code": shown.json["code"]})
        assert r.status_code == 200 and r.json["status"] == "checked_in"
    with clock.freeze(tomorrow_at(11)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=person["headers"], json=at_place())
    assert record.status_code == 201 and record.json["hours"] == 1.92


def test_a_leader_publishes_for_their_verified_team_and_shows_the_code(client, world, place):
    sw = place["social_worker"]["headers"]
    leader = world.volunteer(place["grid_id"], name="马红")
    org = client.post("/api/v1/organisations", headers=sw, json={
        "name": "黄河路志愿服务队", "kind": "volunteer_team", "contact_name": "马红", "contact_phone": "13800001111",
        "community_ids": [place["community_id"]], "leader_phone": leader["phone"]}).json
    early = publish(client, place, headers=leader["headers"], organisation_id=org["id"])
    assert early.status_code == 422 and "organisation_id" in early.json["error"]["fields"]  # not verified yet
    client.post(f"/api/v1/organisations/{org['id']}/verify", headers=sw)
    made = publish(client, place, headers=leader["headers"], organisation_id=org["id"])
    assert made.status_code == 201 and made.json["organiser"] == "黄河路志愿服务队" and made.json["organises"]
    first = made.json["sessions"][0]["need_id"]
    with clock.freeze(tomorrow_at(9)):
        assert client.get(f"/api/v1/needs/{first}/checkin-code", headers=leader["headers"]).status_code == 200
    listed = client.get("/api/v1/activities?mine=true", headers=leader["headers"]).json
    assert [a["id"] for a in listed["items"]] == [made.json["id"]]
