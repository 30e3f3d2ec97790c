"""The whole help loop through the API, as the people in it would walk it."""
from volunteer import clock

from tests.conftest import CENTRE, PRIVACY, iso, tomorrow_at

PASSWORD = "mima12345"


def test_the_whole_loop(client, world, place):
    # A resident registers and signs in with a bearer token.
    r = client.post("/api/v1/auth/register", json={
        "phone": "13912345678", "password": PASSWORD, "name": "孙桂兰", "grid_id": place["grid_id"],
        "privacy_version": PRIVACY})
    assert r.status_code == 202, r.json
    r = client.post("/api/v1/auth/login", json={"phone": "13912345678", "password": PASSWORD, "token": True})
    assert r.status_code == 200
    resident = {"Authorization": f"Bearer {r.json['token']}"}

    # She asks for help with her shopping.
    r = client.post("/api/v1/requests", headers=resident, json={
        "description": "腿脚不便，需要有人帮忙买菜", "address": "黄河路社区3号院2号楼1单元401",
        "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}, "skill": "shopping_errands"})
    assert r.status_code == 201, r.json
    request_id = r.json["id"]
    assert r.json["status"] == "submitted"

    # Two volunteers nearby can shop; one far away and one without the skill cannot.
    near = world.volunteer(place["grid_id"], offset_m=(300, 0), skills=("shopping_errands",), name="陈静")
    nearer = world.volunteer(place["grid_id"], offset_m=(100, 0), skills=("shopping_errands", "cleaning"), name="周杰")
    world.volunteer(place["grid_id"], offset_m=(9000, 0), skills=("shopping_errands",), radius=20000)
    world.volunteer(place["grid_id"], offset_m=(50, 0), skills=("cleaning",))

    # The social worker turns the request into a need for tomorrow morning.
    sw = place["social_worker"]["headers"]
    starts, ends = tomorrow_at(9), tomorrow_at(11)
    r = client.post("/api/v1/needs", headers=sw, json={
        "request_id": request_id, "title": "帮独居老人买菜", "skills": ["shopping_errands"],
        "slots": 1, "starts_at": iso(starts), "ends_at": iso(ends)})
    assert r.status_code == 201, r.json
    need = r.json
    assert need["address"] == "黄河路社区3号院2号楼1单元401"
    assert client.get(f"/api/v1/requests/{request_id}", headers=resident).json["status"] == "accepted"

    # Candidates: the two near volunteers, nearest first, with distances in metres.
    r = client.get(f"/api/v1/needs/{need['id']}/candidates", headers=sw)
    assert r.status_code == 200
    assert [c["user_id"] for c in r.json] == [nearer["id"], near["id"]]
    assert 90 <= r.json[0]["distance_m"] <= 110 and 290 <= r.json[1]["distance_m"] <= 310

    # Before assignment the volunteer sees only the rounded place.
    r = client.get(f"/api/v1/needs/{need['id']}", headers=nearer["headers"])
    assert r.json["address"] is None and r.json["contact_phone"] is None and r.json["position"] is None

    # The social worker assigns the nearest; now the volunteer sees the address.
    r = client.post(f"/api/v1/needs/{need['id']}/assignments", headers=sw, json={"user_id": nearer["id"]})
    assert r.status_code == 201, r.json
    assignment_id = r.json["id"]
    r = client.get(f"/api/v1/needs/{need['id']}", headers=nearer["headers"])
    assert r.json["address"] == "黄河路社区3号院2号楼1单元401" and r.json["status"] == "filled"

    # Check in on the spot at 09:05, check out at 10:35.
    here = {"position": {"lat": CENTRE[0] + 0.0005, "lng": CENTRE[1], "crs": "wgs84"}}
    with clock.freeze(starts.replace(minute=5)):
        r = client.post(f"/api/v1/assignments/{assignment_id}/check-in", headers=nearer["headers"], json=here)
    assert r.status_code == 200, r.json
    with clock.freeze(starts.replace(hour=10, minute=35)):
        r = client.post(f"/api/v1/assignments/{assignment_id}/check-out",
                        headers=nearer["headers"], json={**here, "content": "买菜并送到家"})
    assert r.status_code == 201, r.json
    record = r.json
    assert record["hours"] == 1.5 and record["status"] == "pending"

    # The social worker confirms: hours and points follow; on a 1 h ladder the volunteer
    # becomes eligible for a star, which the social worker then approves.
    world.app.config["STAR_LADDER_HOURS"] = (1, 3, 6, 10, 15)
    try:
        r = client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
        assert r.status_code == 200, r.json
        summary = client.get("/api/v1/me/summary", headers=nearer["headers"]).json
        assert summary == {"hours": 1.5, "star_level": 0, "eligible_star_level": 1, "next_star_hours": 3,
                           "points": 15, "pending_records": 0}
        eligible = client.get("/api/v1/stars/eligible", headers=sw).json["items"]
        assert [(e["user_id"], e["eligible_level"]) for e in eligible] == [(nearer["id"], 1)]
        r = client.post(f"/api/v1/stars/{nearer['id']}/approve", headers=sw)
        assert r.status_code == 201, r.json
        summary = client.get("/api/v1/me/summary", headers=nearer["headers"]).json
    finally:
        world.app.config["STAR_LADDER_HOURS"] = (100, 300, 600, 1000, 1500)
    assert summary == {"hours": 1.5, "star_level": 1, "eligible_star_level": None, "next_star_hours": 3,
                       "points": 15, "pending_records": 0}

    # The need is complete; the resident rates it.
    assert client.get(f"/api/v1/needs/{need['id']}", headers=resident).json["status"] == "completed"
    r = client.post(f"/api/v1/needs/{need['id']}/rating", headers=resident,
                    json={"score": 5, "comment": "小周很耐心，谢谢！"})
    assert r.status_code == 201, r.json
    assert r.json["score"] == 5
    r = client.post(f"/api/v1/needs/{need['id']}/rating", headers=resident, json={"score": 4})
    assert r.status_code == 409 and r.json["error"]["code"] == "already_rated"
