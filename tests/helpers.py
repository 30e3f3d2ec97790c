"""Small API steps shared by tests."""
from tests.conftest import CENTRE, iso, tomorrow_at


def post_need(client, place, skills=("elder_daily_care",), slots=1, **extra) -> dict:
    """The place's social worker posts a need at the grid centre, tomorrow 09:00-11:00."""
    headers = place["social_worker"]["headers"]
    body = {"grid_id": place["grid_id"], "title": "看望独居老人", "skills": list(skills), "slots": slots,
            "address": "黄河路社区5号院1号楼302", "contact_phone": "13700000001",
            "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"},
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11)), **extra}
    r = client.post("/api/v1/needs", headers=headers, json=body)
    assert r.status_code == 201, r.json
    return r.json


def at_place(dlat: float = 0.0) -> dict:
    return {"position": {"lat": CENTRE[0] + dlat, "lng": CENTRE[1], "crs": "wgs84"}}


def served(client, world, place, until=(11, 0), name="李娜") -> tuple[dict, dict]:
    """A volunteer served from 09:00 to `until` tomorrow on a need of the place's resident.

    Returns the volunteer and their pending record.
    """
    from volunteer import clock

    need = post_need(client, place, ends_at=iso(tomorrow_at(12)), resident_id=place["resident"]["id"])
    v = world.volunteer(place["grid_id"], name=name)
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(*until)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).json
    return v, record
