"""A person takes a copy of everything held about them, and may delete their account: who
they were goes, the service records and points the record rules keep stay."""
import json

from sqlalchemy import select

from models import HelpRequest, ServiceRecord, User, VolunteerProfile, db
from tests.conftest import CENTRE, PRIVACY
from tests.helpers import served

ASK = {"description": "帮忙买菜", "address": "黄河路社区5号院1号楼302",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def test_the_copy_holds_the_account_the_requests_the_record_and_the_points(client, world, place):
    volunteer, record = served(client, world, place)
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"]).status_code == 200
    client.post("/api/v1/requests", headers=volunteer["headers"], json=ASK)
    r = client.get("/api/v1/me/data", headers=volunteer["headers"])
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    data = json.loads(r.get_data(as_text=True))
    assert data["account"]["phone"] == volunteer["phone"] and data["account"]["name"] == "李娜"
    assert [q["address"] for q in data["help_requests"]] == [ASK["address"]]
    assert data["assignments"][0]["checkin_position"]["lat"] is not None
    assert data["service_record"]["services"][0]["hours"] == record["hours"]
    assert sum(line["amount"] for line in data["points"]) > 0
    assert data["volunteer_profile"]["skills"] == ["elder_daily_care"]
    # Another person's copy holds nothing of this one, but for who came to the resident
    # served (their name and a masked phone, as they were told).
    other = json.loads(client.get("/api/v1/me/data", headers=place["resident"]["headers"]).get_data(as_text=True))
    told = [n for n in other.pop("notifications") if "李娜" in json.dumps(n, ensure_ascii=False)]
    assert {n["kind"] for n in told} == {"volunteer_coming", "volunteer_arrived", "service_to_confirm"}
    rest = json.dumps(other, ensure_ascii=False) + json.dumps(told, ensure_ascii=False)
    assert volunteer["phone"] not in rest and "李娜" not in json.dumps(other, ensure_ascii=False)


def test_deleting_removes_who_the_person_was_and_keeps_the_confirmed_hours(app, client, world, place):
    volunteer, record = served(client, world, place)
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"]).status_code == 200
    client.post("/api/v1/requests", headers=volunteer["headers"], json=ASK)
    wrong = client.post("/api/v1/me/deletion", headers=volunteer["headers"], json={"password": "not-it"})
    assert wrong.status_code == 422 and list(wrong.json["error"]["fields"]) == ["password"]
    assert client.get("/api/v1/me", headers=volunteer["headers"]).status_code == 200  # nothing changed
    r = client.post("/api/v1/me/deletion", headers=volunteer["headers"], json={"password": "secret123"})
    assert r.status_code == 204
    assert client.get("/api/v1/me", headers=volunteer["headers"]).status_code == 401
    assert client.post("/api/v1/auth/login", json={"phone": volunteer["phone"], "password": "secret123"}).status_code == 401
    with app.app_context():
        user = db.session.get(User, volunteer["id"])
        assert (user.name, user.phone, user.active) == ("已注销用户", f"deleted-{user.id}", False)
        req = db.session.scalar(select(HelpRequest).where(HelpRequest.resident_id == user.id))
        assert req.address == "（已注销）" and req.contact_phone == "" and req.status.value == "withdrawn"
        profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
        assert profile.status.value == "suspended" and round(profile.lat, 2) == profile.lat
        kept = db.session.get(ServiceRecord, record["id"])
        assert kept.status.value == "verified" and float(kept.hours) == record["hours"]
    # The phone is free to register anew, as someone else.
    assert client.post("/api/v1/auth/register", json={"phone": volunteer["phone"], "password": "a-new-pass-1",
                                                      "name": "新主人", "grid_id": place["grid_id"],
                                                      "privacy_version": PRIVACY}).status_code == 202
    assert client.post("/api/v1/auth/login", json={"phone": volunteer["phone"], "password": "a-new-pass-1"}).status_code == 200


def test_an_account_holding_a_task_or_a_waiting_record_is_not_deleted(client, world, place):
    volunteer, record = served(client, world, place)  # the record still waits for confirmation
    r = client.post("/api/v1/me/deletion", headers=volunteer["headers"], json={"password": "secret123"})
    assert r.status_code == 409 and r.json["error"]["code"] == "account_has_pending_records"
    assert client.get("/api/v1/me", headers=volunteer["headers"]).status_code == 200


def test_registering_records_the_notice_accepted_and_an_unaccepted_one_is_refused(client, place):
    body = {"phone": "13912340077", "password": "a-long-pass", "name": "孙丽", "grid_id": place["grid_id"]}
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 422 and r.json["error"]["fields"] == {"privacy_version": ["请阅读并同意《个人信息保护说明》。"]}
    r = client.post("/api/v1/auth/register", json={**body, "privacy_version": "2020-01-01"})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["privacy_version"]
    notice = client.get("/api/v1/privacy-notice").json
    assert notice == {"version": PRIVACY, "url": "/privacy"}
    assert client.post("/api/v1/auth/register", json={**body, "privacy_version": notice["version"]}).status_code == 202
    client.post("/api/v1/auth/login", json={"phone": body["phone"], "password": body["password"]})
    me = client.get("/api/v1/me").json["user"]
    assert me["privacy_version"] == PRIVACY and me["privacy_accepted_at"] is not None


def test_an_account_made_by_staff_accepts_the_notice_later(client, world):
    person = world.user("赵秀英")
    assert client.get("/api/v1/me", headers=person["headers"]).json["user"]["privacy_version"] is None
    r = client.put("/api/v1/me/privacy-consent", headers=person["headers"], json={"version": "old"})
    assert r.status_code == 422 and list(r.json["error"]["fields"]) == ["version"]
    r = client.put("/api/v1/me/privacy-consent", headers=person["headers"], json={"version": PRIVACY})
    assert r.status_code == 200 and r.json["privacy_version"] == PRIVACY


def test_the_notice_is_a_page_in_the_readers_language_naming_the_rights_and_the_retention(app, client):
    zh = client.get("/privacy")
    assert zh.status_code == 200 and zh.mimetype == "text/html"
    text = zh.get_data(as_text=True)
    assert "个人信息保护说明" in text and PRIVACY in text and f"{app.config['POSITION_RETENTION_DAYS']} 天" in text
    en = client.get("/privacy", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Personal information notice" in en and 'lang="en"' in en and "个人信息保护说明" not in en
