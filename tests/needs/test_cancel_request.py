"""A resident takes a request back before it is served; its need, if made, goes with it,
everyone on it is told, and the grid's staff hear why."""
from sqlalchemy import select

from models import Notification, db
from tests.conftest import CENTRE, tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock

ASK = {"description": "帮忙买菜，腿脚不便", "address": "黄河路社区5号院1号楼302",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}
WHY = {"reason": "女儿回来了，不用了"}


def _ask(client, person):
    r = client.post("/api/v1/requests", headers=person["headers"], json=ASK)
    assert r.status_code == 201, r.json
    return r.json["id"]


def _told(app, kind):
    with app.app_context():
        return sorted(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_a_resident_takes_back_a_waiting_request_and_the_grid_staff_hear_why(app, client, place):
    rid = _ask(client, place["resident"])
    r = client.post(f"/api/v1/requests/{rid}/cancel", headers=place["resident"]["headers"], json=WHY)
    assert r.status_code == 200 and (r.json["status"], r.json["decline_reason"]) == ("withdrawn", WHY["reason"])
    assert _told(app, "request_withdrawn") == sorted([place["manager"]["id"], place["social_worker"]["id"]])
    notes = client.get("/api/v1/me/notifications", headers=place["manager"]["headers"]).json["items"]
    assert WHY["reason"] in notes[0]["body"] and "赵秀英" in notes[0]["body"]
    again = client.post(f"/api/v1/requests/{rid}/cancel", headers=place["resident"]["headers"], json=WHY)
    assert again.status_code == 409 and again.json["error"]["code"] == "request_already_handled"
    shaped = client.post("/api/v1/needs", headers=place["social_worker"]["headers"], json={
        "request_id": rid, "title": "买菜", "skills": ["elder_daily_care"],
        "starts_at": tomorrow_at(9).isoformat(), "ends_at": tomorrow_at(11).isoformat()})
    assert shaped.status_code == 409  # a request taken back cannot be made a need


def test_taking_back_a_request_made_a_need_cancels_it_and_releases_the_volunteer(app, client, world, place):
    rid = _ask(client, place["resident"])
    need = post_need(client, place, request_id=rid)
    volunteer = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).status_code == 201
    r = client.post(f"/api/v1/requests/{rid}/cancel", headers=place["resident"]["headers"], json=WHY)
    assert r.status_code == 200
    shown = client.get(f"/api/v1/needs/{need['id']}", headers=place["social_worker"]["headers"]).json
    assert shown["status"] == "cancelled"
    assert _told(app, "need_called_off") == [volunteer["id"]]
    tasks = client.get("/api/v1/me/assignments", headers=volunteer["headers"]).json["items"]
    assert [(t["status"], t["reason"]) for t in tasks] == [("cancelled", WHY["reason"])]


def test_a_request_being_served_is_not_the_residents_to_take_back(client, world, place):
    rid = _ask(client, place["resident"])
    need = post_need(client, place, request_id=rid)
    volunteer = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=volunteer["headers"], json=at_place())
        r = client.post(f"/api/v1/requests/{rid}/cancel", headers=place["resident"]["headers"], json=WHY)
    assert r.status_code == 409 and r.json["error"]["code"] == "request_being_served"
    assert client.get(f"/api/v1/requests/{rid}", headers=place["resident"]["headers"]).json["status"] == "accepted"


def test_the_grid_manager_who_asked_may_take_it_back_and_no_one_else(client, world, place):
    r = client.post("/api/v1/requests", headers=place["manager"]["headers"],
                    json={**ASK, "resident_id": place["resident"]["id"]})
    rid = r.json["id"]
    other = world.user("孙桂兰")
    assert client.post(f"/api/v1/requests/{rid}/cancel", headers=other["headers"], json=WHY).status_code == 404
    assert client.post(f"/api/v1/requests/{rid}/cancel", headers=place["manager"]["headers"],
                       json={}).status_code == 422
    assert client.post(f"/api/v1/requests/{rid}/cancel", headers=place["manager"]["headers"],
                       json=WHY).status_code == 200


def test_a_resident_and_staff_calling_off_at_once_release_once_and_tell_once(app, client, world, place):
    from concurrent.futures import ThreadPoolExecutor

    rid = _ask(client, place["resident"])
    need = post_need(client, place, request_id=rid)
    volunteer = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).status_code == 201
    moves = [(f"/api/v1/requests/{rid}/cancel", place["resident"]["headers"]),
             (f"/api/v1/needs/{need['id']}/cancel", place["social_worker"]["headers"]),
             (f"/api/v1/needs/{need['id']}/cancel", place["manager"]["headers"])]

    def call(move):
        path, headers = move
        return app.test_client().post(path, headers=headers, json=WHY).status_code

    with ThreadPoolExecutor(max_workers=3) as pool:
        codes = list(pool.map(call, moves))
    assert sorted(codes)[0] == 200 and all(c in (200, 409) for c in codes), codes
    assert _told(app, "need_called_off") == [volunteer["id"]]  # one release, one word
    tasks = client.get("/api/v1/me/assignments", headers=volunteer["headers"]).json["items"]
    assert [t["status"] for t in tasks] == ["cancelled"]
    assert client.get(f"/api/v1/needs/{need['id']}", headers=place["social_worker"]["headers"]).json["status"] == "cancelled"
