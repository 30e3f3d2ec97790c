"""What a request carries into its need, and what the resident's list says afterwards."""
from models import Role
from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import at_place
from volunteer import clock

ASK = {"description": "老伴住院，想请人帮忙买菜", "address": "黄河路社区3号楼",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1]}, "skill": "shopping_errands"}


def _ask(client, place, urgency):
    r = client.post("/api/v1/requests", headers=place["resident"]["headers"], json={**ASK, "urgency": urgency})
    assert r.status_code == 201
    return r.json


def _need_from(client, place, request_id, **extra):
    body = {"request_id": request_id, "title": "买菜代办", "skills": ["shopping_errands"],
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11)), **extra}
    return client.post("/api/v1/needs", headers=place["social_worker"]["headers"], json=body)


def test_an_urgent_request_becomes_an_urgent_need_unless_staff_say_otherwise(client, place):
    assert _need_from(client, place, _ask(client, place, "urgent")["id"]).json["urgency"] == "urgent"
    assert _need_from(client, place, _ask(client, place, "normal")["id"]).json["urgency"] == "normal"
    r = _need_from(client, place, _ask(client, place, "urgent")["id"], urgency="normal")
    assert r.json["urgency"] == "normal"


def test_staff_of_another_community_cannot_take_a_request_they_cannot_read(client, world, place):
    req = _ask(client, place, "urgent")
    elsewhere = world.community("金桥社区")
    their_grid = world.grid(elsewhere, code="JQ-09")
    stranger = world.social_worker(elsewhere, their_grid, name="陈静")
    assert client.get(f"/api/v1/requests/{req['id']}", headers=stranger["headers"]).status_code == 404
    body = {"request_id": req["id"], "grid_id": their_grid, "title": "买菜代办", "skills": ["shopping_errands"],
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}
    r = client.post("/api/v1/needs", headers=stranger["headers"], json=body)
    assert r.status_code == 422 and "request_id" in r.json["error"]["fields"]
    assert "黄河路社区3号楼" not in r.get_data(as_text=True)
    still = client.get(f"/api/v1/requests/{req['id']}", headers=place["manager"]["headers"]).json
    assert still["status"] == "submitted" and still["need_id"] is None


def test_the_residents_list_holds_the_rating_once_given(client, world, place):
    req = _ask(client, place, "normal")
    need = _need_from(client, place, req["id"], ends_at=iso(tomorrow_at(12))).json
    v = world.volunteer(place["grid_id"], skills=("shopping_errands",))
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(11)):
        client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place())
    mine = lambda: client.get("/api/v1/requests", headers=place["resident"]["headers"]).json["items"]
    assert mine()[0]["rating"] is None
    with clock.freeze(tomorrow_at(13)):
        r = client.post(f"/api/v1/needs/{need['id']}/rating", headers=place["resident"]["headers"],
                        json={"score": 4, "comment": "很及时"})
    assert r.status_code == 201, r.json
    rating = mine()[0]["rating"]
    assert rating["score"] == 4 and rating["comment"] == "很及时" and rating["need_id"] == need["id"]
    # Staff of the grid read it beside the request too.
    staff_view = client.get("/api/v1/requests", headers=place["manager"]["headers"]).json["items"]
    assert next(q for q in staff_view if q["id"] == req["id"])["rating"]["score"] == 4


def test_a_declined_request_says_why(client, place):
    req = _ask(client, place, "normal")
    client.post(f"/api/v1/requests/{req['id']}/decline", headers=place["manager"]["headers"],
                json={"reason": "已转物业处理"})
    mine = client.get("/api/v1/requests", headers=place["resident"]["headers"]).json["items"]
    assert mine[0]["status"] == "declined" and mine[0]["decline_reason"] == "已转物业处理"
