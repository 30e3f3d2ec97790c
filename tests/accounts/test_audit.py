"""Whoever is shown a person's phone and address is logged; the person reads who, and staff of
their grid read it too (个人信息保护法)."""
from models import Role
from tests.conftest import CENTRE, iso, tomorrow_at

ASK = {"description": "帮忙买菜", "address": "黄河路社区5号院1号楼302",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def _reads(client, person):
    r = client.get("/api/v1/me/audit", headers=person["headers"])
    assert r.status_code == 200, r.json
    return [(e["action"], e["via"], e["actor_id"]) for e in r.json["items"]], r.json


def test_every_read_of_a_residents_phone_and_address_is_logged_and_shown_to_them(client, world, place):
    resident, worker, manager = place["resident"], place["social_worker"], place["manager"]
    req = client.post("/api/v1/requests", headers=resident["headers"], json=ASK).json
    client.get(f"/api/v1/requests/{req['id']}", headers=resident["headers"])  # one's own: not logged
    assert _reads(client, resident)[0] == []
    assert client.get("/api/v1/requests", headers=manager["headers"]).status_code == 200
    need = client.post("/api/v1/needs", headers=worker["headers"], json={
        "request_id": req["id"], "title": "买菜", "skills": ["shopping_errands"],
        "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}).json
    volunteer = world.volunteer(place["grid_id"], skills=("shopping_errands",))
    browsing = client.get(f"/api/v1/needs/{need['id']}", headers=volunteer["headers"]).json
    assert browsing["address"] is None  # not shown, so not logged
    client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"])
    assert client.get(f"/api/v1/needs/{need['id']}", headers=volunteer["headers"]).json["address"] == ASK["address"]
    reads, page = _reads(client, resident)
    assert ("read_personal", f"request:{req['id']}", manager["id"]) in reads
    assert ("read_personal", f"need:{need['id']}", volunteer["id"]) in reads
    assert not any(actor == resident["id"] for _, _, actor in reads)
    assert page["total"] == len(reads) and all("*" in e["actor_name"] for e in page["items"])


def test_staff_read_the_log_of_people_in_their_grids_only(client, world, place):
    resident = place["resident"]
    client.post("/api/v1/requests", headers=resident["headers"], json=ASK)
    client.get("/api/v1/requests", headers=place["manager"]["headers"])
    url = f"/api/v1/users/{resident['id']}/audit"
    r = client.get(url, headers=place["social_worker"]["headers"])
    assert r.status_code == 200 and r.json["items"][0]["actor_name"] == "刘洋"
    other = world.community("淮河路社区")
    outsider = world.social_worker(other, world.grid(other, code="HH-01"), name="陈静")
    assert client.get(url, headers=outsider["headers"]).status_code == 404
    volunteer = world.volunteer(place["grid_id"])
    assert client.get(url, headers=volunteer["headers"]).status_code == 403
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    assert client.get(url, headers=street["headers"]).json["total"] == r.json["total"]


def test_an_export_with_volunteers_phones_is_logged_for_each_volunteer(client, world, place):
    from tests.helpers import served
    volunteer, _ = served(client, world, place)
    assert client.get("/api/v1/exports/records.csv", headers=place["social_worker"]["headers"]).status_code == 200
    reads, _ = _reads(client, volunteer)
    assert ("read_personal", "export", place["social_worker"]["id"]) in reads
