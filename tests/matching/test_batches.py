"""Batches over HTTP: preview a plan, apply it through the slot-taking of assignment."""
from models import Role
from tests.conftest import CENTRE
from tests.helpers import post_need

EAST_M = 111_320 * 0.8217  # metres per degree of longitude at the test grid


def _east(metres):
    return {"lat": CENTRE[0], "lng": CENTRE[1] + metres / EAST_M, "crs": "wgs84"}


def _crafted(client, world, place):
    """Need 1 at x=0, need 2 at x=1000 m, same time; A lives at x=100, B at x=-300."""
    a = world.volunteer(place["grid_id"], offset_m=(0, 100), radius=5000)
    b = world.volunteer(place["grid_id"], offset_m=(0, -300), radius=5000)
    first = post_need(client, place, position=_east(0))
    second = post_need(client, place, position=_east(1000))
    return a, b, first, second


def test_the_plan_beats_nearest_first_and_records_nothing(client, world, place):
    a, b, first, second = _crafted(client, world, place)
    headers = place["social_worker"]["headers"]
    r = client.post("/api/v1/batches", headers=headers, json={"need_ids": [first["id"], second["id"]]})
    assert r.status_code == 200, r.json
    plan = r.json
    assert sorted((p["need_id"], p["user_id"]) for p in plan["assignments"]) == \
        sorted([(first["id"], b["id"]), (second["id"], a["id"])])
    assert abs(plan["total_m"] - 1200) <= 10 and abs(plan["greedy_total_m"] - 1400) <= 10
    assert plan["total_m"] <= plan["greedy_total_m"] and plan["unfilled"] == []
    assert client.get(f"/api/v1/needs/{first['id']}", headers=headers).json["taken"] == 0


def test_applying_takes_slots_and_reports_pairs_that_no_longer_fit(client, world, place):
    a, b, first, second = _crafted(client, world, place)
    headers = place["social_worker"]["headers"]
    ids = [first["id"], second["id"]]
    plan = client.post("/api/v1/batches", headers=headers, json={"need_ids": ids}).json
    late = world.volunteer(place["grid_id"], offset_m=(0, 900))
    assert client.post(f"/api/v1/needs/{second['id']}/signup", headers=late["headers"]).status_code == 201
    pairs = [{"need_id": p["need_id"], "user_id": p["user_id"]} for p in plan["assignments"]]
    r = client.post("/api/v1/batches/apply", headers=headers, json={"need_ids": ids, "assignments": pairs})
    assert r.status_code == 201, r.json
    assert [(p["need_id"], p["user_id"]) for p in r.json["assignments"]] == [(first["id"], b["id"])]
    assert r.json["failed"] == [{"need_id": second["id"], "user_id": a["id"], "code": "slot_full"}]
    for need in (first, second):
        got = client.get(f"/api/v1/needs/{need['id']}", headers=headers).json
        assert (got["taken"], got["status"]) == (1, "filled")


def test_applying_without_a_preview_plans_afresh(client, world, place):
    a, b, first, second = _crafted(client, world, place)
    r = client.post("/api/v1/batches/apply", headers=place["social_worker"]["headers"],
                    json={"need_ids": [first["id"], second["id"]]})
    assert r.status_code == 201
    assert len(r.json["assignments"]) == 2 and r.json["failed"] == []
    mine = client.get("/api/v1/me/assignments", headers=a["headers"]).json["items"]
    assert [m["need_id"] for m in mine] == [second["id"]]


def test_bad_batches_are_refused_and_change_nothing(client, world, place):
    need = post_need(client, place)
    headers = place["social_worker"]["headers"]
    for body, field in (({"need_ids": []}, "need_ids"), ({}, "need_ids"), ({"need_ids": [999999]}, "need_ids"),
                        ({"need_ids": ["x"]}, "need_ids")):
        r = client.post("/api/v1/batches", headers=headers, json=body)
        assert r.status_code == 422 and field in r.json["error"]["fields"], (body, r.json)
    other_grid = world.grid(place["community_id"], code="HHL-09")
    outsider = world.user("外网格员", roles=[(Role.grid_manager, other_grid, None)])
    assert client.post("/api/v1/batches", headers=outsider["headers"], json={"need_ids": [need["id"]]}).status_code == 403
    v = world.volunteer(place["grid_id"])
    assert client.post("/api/v1/batches/apply", headers=v["headers"], json={"need_ids": [need["id"]]}).status_code == 403
    assert client.get(f"/api/v1/needs/{need['id']}", headers=headers).json["taken"] == 0
