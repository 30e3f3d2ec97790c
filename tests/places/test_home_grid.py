"""A new account finds the grids near it, places itself in one, and its requests reach that grid."""
from models import Role
from tests.conftest import CENTRE, PRIVACY

# About 560 m north of the first grid's centre; the second grid is 2.2 km north of it.
HERE = {"lat": CENTRE[0] + 0.005, "lng": CENTRE[1], "crs": "wgs84"}


def _two_grids(world):
    community = world.community()
    first = world.grid(community, code="HHL-01")
    second = world.grid(community, code="HHL-02", centre=(CENTRE[0] + 0.02, CENTRE[1]))
    far = world.grid(world.community("远郊村", ), code="FAR-01", centre=(CENTRE[0] + 0.2, CENTRE[1]))
    return community, first, second, far


def _register(client, grid_id, phone="13912345678"):
    r = client.post("/api/v1/auth/register", json={"phone": phone, "password": "a-long-pass", "name": "孙丽",
                                                   "grid_id": grid_id, "privacy_version": PRIVACY})
    assert r.status_code == 202, r.json
    headers = _login(client, phone)
    return client.get("/api/v1/me", headers=headers).json["user"], headers


def _login(client, phone):
    token = client.post("/api/v1/auth/login", json={"phone": phone, "password": "a-long-pass", "token": True}).json
    return {"Authorization": f"Bearer {token['token']}"}


def _without_grid(world):
    """An account staff made (or one from before grids were asked for): a resident of no grid."""
    return world.user("孙丽", roles=[(Role.resident, None, None)])["headers"]


def _ask(client, headers, **extra):
    body = {"description": "帮忙买菜", "address": "黄河路5号院", "position": HERE, "urgency": "normal", **extra}
    return client.post("/api/v1/requests", headers=headers, json=body)


def test_the_grids_near_a_position_come_nearest_first_with_their_community_and_distance(client, world):
    community, first, second, far = _two_grids(world)
    r = client.get("/api/v1/grids/near", query_string={"lat": HERE["lat"], "lng": HERE["lng"]})
    assert r.status_code == 200  # open to a person who has not signed up yet
    assert [g["id"] for g in r.json] == [first, second]  # the grid 22 km away is not offered
    assert r.json[0]["community_name"] == "黄河路社区" and r.json[0]["community_id"] == community
    assert 520 <= r.json[0]["distance_m"] <= 600 and r.json[0]["distance_m"] % 10 == 0
    assert r.json[1]["distance_m"] > r.json[0]["distance_m"]


def test_a_position_off_the_map_is_refused_naming_the_field_in_the_persons_language(client, world):
    _two_grids(world)
    r = client.get("/api/v1/grids/near", query_string={"lat": 95, "lng": CENTRE[1]})
    assert r.status_code == 422
    assert r.json["error"]["fields"] == {"lat": ["纬度应在 -90 到 90 之间。"]}
    r = client.get("/api/v1/grids/near", query_string={"lat": 95, "lng": CENTRE[1]},
                   headers={"Accept-Language": "en"})
    assert r.json["error"]["fields"] == {"lat": ["Latitude must be between -90 and 90."]}


def test_a_new_account_is_asked_for_its_grid_then_its_request_reaches_that_grids_queue(client, world):
    community, first, second, _ = _two_grids(world)
    staff_first = world.user("刘洋", roles=[(Role.grid_manager, first, None)])
    staff_second = world.user("陈静", roles=[(Role.grid_manager, second, None)])
    headers = _without_grid(world)

    r = _ask(client, headers)
    assert r.status_code == 422
    assert r.json["error"]["code"] == "home_grid_needed"
    assert r.json["error"]["fields"] == {"grid_id": "请先选择您所在的网格。"}
    assert client.get("/api/v1/requests", headers=headers).json["items"] == []  # nothing was made

    r = _ask(client, headers, grid_id=second)
    assert r.status_code == 201, r.json
    assert r.json["grid_id"] == second
    queue = lambda person: [q["id"] for q in client.get("/api/v1/requests", headers=person["headers"]).json["items"]]
    assert r.json["id"] in queue(staff_second)
    assert r.json["id"] not in queue(staff_first)

    # The grid is now the account's home: the next request goes there without naming it.
    me = client.get("/api/v1/me", headers=headers).json["user"]
    assert {"role": "resident", "grid_id": second, "community_id": None} in me["roles"]
    again = _ask(client, headers)
    assert again.status_code == 201 and again.json["grid_id"] == second


def test_a_person_moves_their_home_grid_and_keeps_one(client, world):
    _, first, second, _ = _two_grids(world)
    headers = _without_grid(world)
    r = client.put("/api/v1/me/home-grid", headers=headers, json={"grid_id": first})
    assert r.status_code == 200
    r = client.put("/api/v1/me/home-grid", headers=headers, json={"grid_id": second})
    homes = [role for role in r.json["roles"] if role["role"] == "resident"]
    assert homes == [{"role": "resident", "grid_id": second, "community_id": None}]
    assert _ask(client, headers).json["grid_id"] == second


def test_a_home_grid_that_does_not_exist_is_refused_and_changes_nothing(client, world):
    _, first, _, _ = _two_grids(world)
    headers = _without_grid(world)
    client.put("/api/v1/me/home-grid", headers=headers, json={"grid_id": first})
    r = client.put("/api/v1/me/home-grid", headers=headers, json={"grid_id": 999_999})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"grid_id": "网格不存在。"}
    me = client.get("/api/v1/me", headers=headers).json["user"]
    assert [x["grid_id"] for x in me["roles"] if x["role"] == "resident"] == [first]


def test_registering_places_the_account_in_its_grid_and_asks_for_one_when_missing(client, world):
    _, first, _, _ = _two_grids(world)
    body = {"phone": "13912345679", "password": "a-long-pass", "name": "孙丽", "privacy_version": PRIVACY}
    for missing in (body, {**body, "grid_id": None}):
        r = client.post("/api/v1/auth/register", json=missing)
        assert r.status_code == 422 and r.json["error"]["fields"] == {"grid_id": ["请先选择您所在的网格。"]}
    r = client.post("/api/v1/auth/register", json={**body, "grid_id": first})
    assert r.status_code == 202
    headers = _login(client, body["phone"])
    me = client.get("/api/v1/me", headers=headers).json["user"]
    assert me["roles"] == [{"role": "resident", "grid_id": first, "community_id": None}]
    assert _ask(client, headers).json["grid_id"] == first
