"""Sweeps take `now`, act once, and find nothing to do the second time."""
from datetime import timedelta

from sqlalchemy import func, select

from models import Assignment, AuditEvent, Notification, ServiceRecord, db
from volunteer import clock
from volunteer.dispatch.sweeps import close_open_checkins, escalate_urgent_needs, remind_shifts
from tests.conftest import tomorrow_at, utc
from tests.helpers import at_place, post_need


def _kinds(user_id):
    return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)
                                   .order_by(Notification.id)))


def test_an_urgent_need_unfilled_after_a_while_reaches_the_grids_staff_once(app, client, world, place):
    posted = clock.now()
    urgent = post_need(client, place, urgency="urgent", title="紧急送药")
    post_need(client, place)  # a normal need is never escalated
    with app.app_context():
        assert escalate_urgent_needs(posted + timedelta(minutes=29)) == 0
        assert escalate_urgent_needs(posted + timedelta(minutes=31)) == 1
        assert escalate_urgent_needs(posted + timedelta(minutes=32)) == 0
        assert _kinds(place["social_worker"]["id"]) == ["need_escalated"]
        assert _kinds(place["manager"]["id"]) == ["need_escalated"]
        assert _kinds(place["resident"]["id"]) == []
    body = client.get("/api/v1/me/notifications", headers=place["manager"]["headers"]).json["items"][0]["body"]
    assert "紧急送药" in body and "30" in body and "0/1" in body
    en = client.get("/api/v1/me/notifications", headers={**place["manager"]["headers"],
                                                         "Accept-Language": "en"}).json["items"][0]
    assert en["title"] == "Urgent need unfilled"
    assert urgent["id"]


def test_a_filled_urgent_need_is_not_escalated(app, client, world, place):
    posted = clock.now()
    need = post_need(client, place, urgency="urgent")
    v = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).status_code == 201
    with app.app_context():
        assert escalate_urgent_needs(posted + timedelta(hours=1)) == 0


def test_assignees_are_reminded_once_before_the_shift(app, client, world, place):
    need = post_need(client, place)
    v = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).status_code == 201
    with app.app_context():
        assert remind_shifts(utc(tomorrow_at(6, 30))) == 0  # more than two hours before
        assert remind_shifts(utc(tomorrow_at(7, 30))) == 1
        assert remind_shifts(utc(tomorrow_at(7, 40))) == 0
        assert _kinds(v["id"]) == ["shift_reminder"]
    note = client.get("/api/v1/me/notifications", headers=v["headers"]).json["items"][0]
    assert "09:00" in note["body"] and "黄河路社区5号院" in note["body"]  # assignees see the address


def test_a_check_in_never_checked_out_is_closed_flagged_and_recorded_once(app, client, world, place):
    need = post_need(client, place)
    v = world.volunteer(place["grid_id"])
    assignment = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json
    with clock.freeze(utc(tomorrow_at(9, 5))):
        r = client.post(f"/api/v1/assignments/{assignment['id']}/check-in", headers=v["headers"],
                        json=at_place())
        assert r.status_code == 200, r.json
    with app.app_context():
        assert close_open_checkins(utc(tomorrow_at(12))) == 0  # within the grace after 11:00
        assert close_open_checkins(utc(tomorrow_at(13, 30))) == 1
        assert close_open_checkins(utc(tomorrow_at(14))) == 0
        row = db.session.get(Assignment, assignment["id"])
        assert (row.status.value, row.flag) == ("completed", "checkout_missing")
        record = db.session.scalar(select(ServiceRecord).where(ServiceRecord.assignment_id == row.id))
        assert (record.status.value, str(record.hours)) == ("pending", "1.92")  # 09:05 to 11:00
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "close_checkin")) == 1
        assert _kinds(v["id"]) == ["checkout_missing"]
    assert client.get(f"/api/v1/needs/{need['id']}", headers=v["headers"]).json["status"] == "completed"
