"""Every person a caller names in a request or a need is within the caller's reach."""
from models import Role
from tests.conftest import CENTRE, iso, tomorrow_at

ASK = {"description": "老人独居，需要探访", "address": "黄河路社区8号院",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def _elsewhere(world):
    community = world.community("金桥社区")
    grid = world.grid(community, code="JQ-01")
    return community, grid


def test_staff_ask_only_for_residents_of_their_grids_and_learn_nobody_elses_phone(client, world, place):
    community, grid = _elsewhere(world)
    outsiders = [world.user("钱桂兰", roles=[(Role.resident, grid, None)]),
                 world.social_worker(community, grid, name="陈静"),
                 world.user("街道干部", roles=[(Role.admin, None, None)]),
                 world.user("无网格", roles=[(Role.resident, None, None)])]
    for person in outsiders:
        r = client.post("/api/v1/requests", headers=place["manager"]["headers"],
                        json={**ASK, "resident_id": person["id"]})
        assert r.status_code == 422 and r.json["error"]["fields"] == {"resident_id": "用户不存在。"}
        assert person["phone"] not in r.get_data(as_text=True)
    assert client.get("/api/v1/requests", headers=place["manager"]["headers"]).json["items"] == []
    ok = client.post("/api/v1/requests", headers=place["manager"]["headers"],
                     json={**ASK, "resident_id": place["resident"]["id"]})
    assert ok.status_code == 201


def test_a_need_names_only_a_social_worker_of_its_community_and_a_resident_in_reach(client, world, place):
    community, grid = _elsewhere(world)
    stranger_worker = world.social_worker(community, grid, name="陈静")
    their_resident = world.user("钱桂兰", roles=[(Role.resident, grid, None)])
    body = {"grid_id": place["grid_id"], "title": "探访", "skills": ["elder_daily_care"],
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}
    headers = place["social_worker"]["headers"]
    for named in (place["resident"]["id"], stranger_worker["id"], place["manager"]["id"]):
        r = client.post("/api/v1/needs", headers=headers, json={**body, "social_worker_id": named})
        assert r.status_code == 422 and "social_worker_id" in r.json["error"]["fields"], named
    r = client.post("/api/v1/needs", headers=headers, json={**body, "resident_id": their_resident["id"]})
    assert r.status_code == 422 and "resident_id" in r.json["error"]["fields"]
    assert client.get("/api/v1/needs", headers=headers).json["items"] == []
    r = client.post("/api/v1/needs", headers=headers, json={
        **body, "social_worker_id": place["social_worker"]["id"], "resident_id": place["resident"]["id"]})
    assert r.status_code == 201 and r.json["social_worker_id"] == place["social_worker"]["id"]
