"""The exact address and the resident's phone reach only those who need them."""
from models import Role
from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import post_need


def _private(client, need_id, headers):
    body = client.get(f"/api/v1/needs/{need_id}", headers=headers).json
    return body["address"], body["contact_phone"], body["position"]


def test_address_and_phone_are_shown_to_assignees_and_grid_staff_only(client, world, place):
    need = post_need(client, place)
    volunteer = world.volunteer(place["grid_id"])
    other_grid = world.grid(place["community_id"], code="HHL-03")
    outsider = world.user("外网格员", roles=[(Role.grid_manager, other_grid, None)])
    hidden = (None, None, None)
    assert _private(client, need["id"], volunteer["headers"]) == hidden
    assert _private(client, need["id"], outsider["headers"]) == hidden
    assert _private(client, need["id"], place["manager"]["headers"])[0] == "黄河路社区5号院1号楼302"
    listed = client.get("/api/v1/needs", headers=volunteer["headers"]).json
    assert listed[0]["address"] is None and listed[0]["public_place"] == "黄河路社区·第一网格附近"
    assert listed[0]["distance_m"] == 0
    client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"])
    assert _private(client, need["id"], volunteer["headers"])[:2] == ("黄河路社区5号院1号楼302", "13700000001")


def test_a_grid_manager_asks_for_help_on_a_residents_behalf(client, world, place):
    body = {"resident_id": place["resident"]["id"], "description": "老人独居，需要每周探访",
            "address": "黄河路社区8号院", "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"},
            "urgency": "urgent"}
    r = client.post("/api/v1/requests", headers=place["manager"]["headers"], json=body)
    assert r.status_code == 201, r.json
    assert r.json["resident_id"] == place["resident"]["id"] and r.json["urgency"] == "urgent"
    mine = client.get("/api/v1/requests", headers=place["resident"]["headers"]).json
    assert [q["id"] for q in mine] == [r.json["id"]]
    # A volunteer cannot ask on someone else's behalf.
    v = world.volunteer(place["grid_id"])
    r = client.post("/api/v1/requests", headers=v["headers"], json=body)
    assert r.status_code == 403


def test_a_request_becomes_one_need_only(client, place):
    body = {"description": "需要陪同去医院", "address": "3号楼",
            "position": {"lat": CENTRE[0], "lng": CENTRE[1]}, "skill": "medical_escort"}
    req = client.post("/api/v1/requests", headers=place["resident"]["headers"], json=body).json
    need = {"request_id": req["id"], "title": "陪同就医", "skills": ["medical_escort"],
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}
    sw = place["social_worker"]["headers"]
    first = client.post("/api/v1/needs", headers=sw, json=need)
    assert first.status_code == 201 and first.json["resident_id"] == place["resident"]["id"]
    again = client.post("/api/v1/needs", headers=sw, json=need)
    assert again.status_code == 409 and again.json["error"]["code"] == "request_already_handled"


def test_staff_decline_a_request_with_a_reason(client, place):
    body = {"description": "帮忙搬家", "address": "3号楼", "position": {"lat": CENTRE[0], "lng": CENTRE[1]}}
    req = client.post("/api/v1/requests", headers=place["resident"]["headers"], json=body).json
    r = client.post(f"/api/v1/requests/{req['id']}/decline", headers=place["manager"]["headers"],
                    json={"reason": "不属于社区志愿服务范围，已转物业"})
    assert r.status_code == 200 and r.json["status"] == "declined"
