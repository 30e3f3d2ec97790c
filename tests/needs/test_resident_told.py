"""The resident (and the grid manager who asked for them) is told at every step, and the
request shows who is coming with a masked phone."""
from sqlalchemy import select

from models import Notification, db
from tests.conftest import CENTRE, tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock

ASK = {"description": "帮忙买菜，腿脚不便", "address": "黄河路社区5号院1号楼302",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def _kinds(app, user_id):
    with app.app_context():
        return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_the_resident_hears_each_step_and_sees_who_comes(app, client, world, place):
    resident = place["resident"]
    rid = client.post("/api/v1/requests", headers=resident["headers"], json=ASK).json["id"]
    need = post_need(client, place, request_id=rid)
    volunteer = world.volunteer(place["grid_id"], name="周杰")
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).json["id"]
    shown = client.get(f"/api/v1/requests/{rid}", headers=resident["headers"]).json
    masked = volunteer["phone"][:3] + "****" + volunteer["phone"][-4:]
    assert shown["coming"] == [{"name": "周杰", "phone": masked, "status": "accepted",
                                "checkin_at": None, "checkout_at": None}]
    assert shown["starts_at"] == need["starts_at"]
    note = client.get("/api/v1/me/notifications", headers=resident["headers"]).json["items"][0]
    assert note["kind"] == "volunteer_coming" and "周杰" in note["body"] and masked in note["body"]
    assert volunteer["phone"] not in note["body"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=volunteer["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10, 30)):
        client.post(f"/api/v1/assignments/{aid}/check-out", headers=volunteer["headers"], json=at_place())
    assert _kinds(app, resident["id"]) == ["request_accepted", "volunteer_coming", "volunteer_arrived",
                                           "service_to_confirm"]
    last = client.get("/api/v1/me/notifications", headers=resident["headers"]).json["items"][0]
    assert "1.5 小时" in last["body"]
    after = client.get(f"/api/v1/requests/{rid}", headers=resident["headers"]).json["coming"]
    assert [c["status"] for c in after] == ["completed"] and after[0]["checkout_at"] is not None


def test_the_grid_manager_who_asked_is_told_too_and_of_a_volunteer_dropping_out(app, client, world, place):
    manager, resident = place["manager"], place["resident"]
    rid = client.post("/api/v1/requests", headers=manager["headers"],
                      json={**ASK, "resident_id": resident["id"]}).json["id"]
    need = post_need(client, place, request_id=rid)
    volunteer = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).json["id"]
    client.post(f"/api/v1/assignments/{aid}/withdraw", headers=volunteer["headers"], json={"reason": "临时有事"})
    for person in (manager, resident):
        assert _kinds(app, person["id"])[-3:] == ["request_accepted", "volunteer_coming", "volunteer_withdrew"]
    assert client.get(f"/api/v1/requests/{rid}", headers=resident["headers"]).json["coming"] == []


def test_a_resident_who_takes_back_their_own_request_is_not_told_of_it(app, client, world, place):
    resident = place["resident"]
    rid = client.post("/api/v1/requests", headers=resident["headers"], json=ASK).json["id"]
    post_need(client, place, request_id=rid)
    client.post(f"/api/v1/requests/{rid}/cancel", headers=resident["headers"], json={"reason": "不用了"})
    assert _kinds(app, resident["id"]) == ["request_accepted"]
