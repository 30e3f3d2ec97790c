"""Cancelling a need releases every slot and offer, tells each person who held one, and can
never produce a no-show (five of which would suspend a volunteer)."""
from datetime import timedelta

from sqlalchemy import select

from models import Assignment, Need, NoShow, Notification, User, db
from models.needs import NeedStatus
from tests.conftest import tomorrow_at
from tests.helpers import post_need
from volunteer.assignments.services import assign
from volunteer.dispatch.sweeps import remind_shifts
from volunteer.stars.services import sweep_no_shows


def test_a_cancelled_need_releases_its_people_tells_them_and_marks_no_one_absent(app, client, world, place):
    need = post_need(client, place, slots=2)
    volunteer = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).status_code == 201
    assigned = world.volunteer(place["grid_id"], name="周杰")
    with app.app_context():
        assign(db.session.get(User, place["social_worker"]["id"]), need["id"], assigned["id"])  # by staff
    r = client.post(f"/api/v1/needs/{need['id']}/cancel", headers=place["social_worker"]["headers"],
                    json={"reason": "老人住院了"})
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    with app.app_context():
        statuses = set(db.session.scalars(select(Assignment.status).where(Assignment.need_id == need["id"])))
        assert {s.value for s in statuses} == {"cancelled"}
        told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "need_called_off")).all()
        assert sorted(told) == sorted([volunteer["id"], assigned["id"]])
        assert remind_shifts(tomorrow_at(8, 30)) == 0  # no reminder for a released slot
        assert sweep_no_shows(tomorrow_at(23)) == 0
        assert db.session.scalar(select(NoShow.id)) is None
    body = client.get("/api/v1/me/notifications", headers=volunteer["headers"]).json["items"][0]["body"]
    assert "看望独居老人" in body and "不会记为缺席" in body and "老人住院了" in body


def test_a_cancel_without_a_reason_is_refused_naming_it_and_changes_nothing(client, world, place):
    need = post_need(client, place)
    r = client.post(f"/api/v1/needs/{need['id']}/cancel", headers=place["social_worker"]["headers"], json={})
    assert r.status_code == 422 and "reason" in r.json["error"]["fields"]
    assert client.get(f"/api/v1/needs/{need['id']}", headers=place["social_worker"]["headers"]).json["status"] == "open"


def test_cancelling_releases_the_waitlist_too(app, client, world, place):
    need = post_need(client, place)
    first, waiting = world.volunteer(place["grid_id"]), world.volunteer(place["grid_id"], name="周杰")
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=first["headers"]).status_code == 201
    assert client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=waiting["headers"]).status_code == 201
    client.post(f"/api/v1/needs/{need['id']}/cancel", headers=place["social_worker"]["headers"], json={"reason": "下雨"})
    mine = client.get("/api/v1/me/assignments", headers=waiting["headers"]).json["items"]
    assert [(a["status"], a["reason"]) for a in mine] == [("cancelled", "下雨")]


def test_the_sweep_passes_over_a_need_cancelled_before_this_release_existed(app, client, world, place):
    need = post_need(client, place)
    volunteer = world.volunteer(place["grid_id"])
    client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"])
    with app.app_context():
        db.session.get(Need, need["id"]).status = NeedStatus.cancelled  # as old data holds it
        db.session.commit()
        assert sweep_no_shows(tomorrow_at(11) + timedelta(hours=3)) == 0
