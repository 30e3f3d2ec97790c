"""A person takes a copy of everything held about them, and may delete their account: who
they were goes, the service records and points the record rules keep stay."""
import json

from sqlalchemy import select

from models import HelpRequest, ServiceRecord, User, VolunteerProfile, db
from tests.conftest import CENTRE
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
    # Another person's copy holds nothing of this one.
    other = client.get("/api/v1/me/data", headers=place["resident"]["headers"]).get_data(as_text=True)
    assert volunteer["phone"] not in other and "李娜" not in other


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
                                                      "name": "新主人", "grid_id": place["grid_id"]}).status_code == 202
    assert client.post("/api/v1/auth/login", json={"phone": volunteer["phone"], "password": "a-new-pass-1"}).status_code == 200


def test_an_account_holding_a_task_or_a_waiting_record_is_not_deleted(client, world, place):
    volunteer, record = served(client, world, place)  # the record still waits for confirmation
    r = client.post("/api/v1/me/deletion", headers=volunteer["headers"], json={"password": "secret123"})
    assert r.status_code == 409 and r.json["error"]["code"] == "account_has_pending_records"
    assert client.get("/api/v1/me", headers=volunteer["headers"]).status_code == 200
