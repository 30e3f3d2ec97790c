"""Changing a need's time or place tells everyone on it and the resident; a withdrawal
after the change is free however close the start."""
from datetime import datetime

from sqlalchemy import select

from models import Notification, db
from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import post_need
from volunteer import clock


def _kinds(app, user_id):
    with app.app_context():
        return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_a_new_time_is_told_and_makes_withdrawing_free(app, client, world, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place, resident_id=place["resident"]["id"])
    volunteer = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).json["id"]
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw,
                     json={"starts_at": iso(tomorrow_at(10)), "ends_at": iso(tomorrow_at(12))})
    assert r.status_code == 200 and datetime.fromisoformat(r.json["starts_at"]) == tomorrow_at(10)
    assert _kinds(app, volunteer["id"]) == ["need_changed"]
    assert _kinds(app, place["resident"]["id"])[-1] == "request_changed"
    with clock.freeze(tomorrow_at(9)):  # an hour before the new start
        w = client.post(f"/api/v1/assignments/{aid}/withdraw", headers=volunteer["headers"], json={"reason": "改时间后去不了"})
    assert w.status_code == 200 and w.json["withdrawn_late"] is False


def test_a_new_title_alone_tells_no_one_and_slots_never_drop_below_taken(app, client, world, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place, slots=2)
    volunteer = world.volunteer(place["grid_id"])
    client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"])
    assert client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"title": "陪老人聊天"}).json["title"] == "陪老人聊天"
    assert _kinds(app, volunteer["id"]) == []
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"slots": 1})
    assert r.status_code == 200 and r.json["status"] == "filled"
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"slots": 0})
    assert r.status_code == 422 and "slots" in r.json["error"]["fields"]


def test_bad_changes_are_refused_naming_the_field_and_change_nothing(client, world, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place)
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"ends_at": iso(tomorrow_at(8))})
    assert r.status_code == 422 and "ends_at" in r.json["error"]["fields"]
    far = {"lat": CENTRE[0] + 1, "lng": CENTRE[1], "crs": "wgs84"}
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"position": far})
    assert r.status_code == 422 and "position" in r.json["error"]["fields"]
    shown = client.get(f"/api/v1/needs/{need['id']}", headers=sw).json
    assert (shown["ends_at"], shown["position"]["lat"]) == (need["ends_at"], need["position"]["lat"])
    client.post(f"/api/v1/needs/{need['id']}/cancel", headers=sw, json={"reason": "取消"})
    r = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"title": "x"})
    assert r.status_code == 409 and r.json["error"]["code"] == "need_not_open"
