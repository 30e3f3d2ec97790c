"""Nothing waits silently: staff hear of new requests; a record nobody confirms reminds its
confirmers, then goes to the grid's staff; the volunteer sees where it stands."""
from datetime import timedelta

from sqlalchemy import select

from models import Notification, db
from tests.conftest import CENTRE
from tests.helpers import served
from volunteer import clock
from volunteer.dispatch.sweeps import chase_confirmations


def _told(app, kind):
    with app.app_context():
        return sorted(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_a_new_request_tells_the_grids_staff_without_the_residents_words(app, client, place):
    r = client.post("/api/v1/requests", headers=place["resident"]["headers"], json={
        "description": "腿脚不便，需要人帮忙取药", "address": "黄河路社区5号院",
        "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}})
    assert r.status_code == 201
    assert _told(app, "request_new") == sorted([place["manager"]["id"], place["social_worker"]["id"]])
    body = client.get("/api/v1/me/notifications", headers=place["manager"]["headers"]).json["items"][0]["body"]
    assert "赵秀英" in body and "第一网格" in body and "取药" not in body


def test_an_unconfirmed_record_reminds_its_confirmers_then_the_grid_staff_once_each(app, client, world, place):
    volunteer, record = served(client, world, place)
    with app.app_context():  # served() checks out at a frozen time tomorrow; the record is dated then
        from models import ServiceRecord
        made = db.session.get(ServiceRecord, record["id"]).created_at
    with clock.freeze(made + timedelta(hours=23)), app.app_context():
        assert chase_confirmations(clock.now()) == 0
    with clock.freeze(made + timedelta(hours=25)), app.app_context():
        assert chase_confirmations(clock.now()) == 2  # the social worker and the resident
        assert chase_confirmations(clock.now()) == 0
    assert _told(app, "confirm_reminder") == sorted([place["social_worker"]["id"], place["resident"]["id"]])
    assert _told(app, "confirm_escalated") == []
    with clock.freeze(made + timedelta(hours=73)), app.app_context():
        assert chase_confirmations(clock.now()) == 2  # the grid's manager and social worker
        assert chase_confirmations(clock.now()) == 0
    assert _told(app, "confirm_escalated") == sorted([place["manager"]["id"], place["social_worker"]["id"]])
    body = client.get("/api/v1/me/notifications", headers=place["manager"]["headers"]).json["items"][0]["body"]
    assert "72" in body and f"{record['hours']:g} 小时" in body
    mine = client.get("/api/v1/me/records", headers=volunteer["headers"]).json
    assert [r["status"] for r in mine["services"]] == ["pending"]


def test_a_confirmed_record_is_not_chased(app, client, world, place):
    _, record = served(client, world, place)
    assert client.post(f"/api/v1/records/{record['id']}/confirm",
                       headers=place["social_worker"]["headers"]).status_code == 200
    with clock.freeze(clock.now() + timedelta(days=5)), app.app_context():
        assert chase_confirmations(clock.now()) == 0


def test_the_volunteer_sees_whom_a_pending_record_waits_on_and_how_far_it_was_chased(app, client, world, place):
    volunteer, record = served(client, world, place)
    entry = lambda: next(r for r in client.get("/api/v1/me/records", headers=volunteer["headers"]).json["services"]
                         if r["id"] == record["id"])
    first = entry()
    assert first["waiting_on"] == [{"role": "social_worker", "name": "王芳"}, {"role": "resident", "name": "赵**"}]
    assert (first["reminded"], first["escalated"]) == (False, False)
    with app.app_context():
        from models import ServiceRecord
        made = db.session.get(ServiceRecord, record["id"]).created_at
    with clock.freeze(made + timedelta(hours=25)), app.app_context():
        chase_confirmations(clock.now())
    assert (entry()["reminded"], entry()["escalated"]) == (True, False)
    with clock.freeze(made + timedelta(hours=73)), app.app_context():
        chase_confirmations(clock.now())
    assert (entry()["reminded"], entry()["escalated"]) == (True, True)
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"])
    done = entry()
    assert done["status"] != "pending" and "waiting_on" not in done
