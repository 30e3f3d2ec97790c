"""A resident's own words (often health details) reach only those who may see the address:
the need volunteers browse carries the note staff wrote for them."""
from models import Role
from tests.conftest import CENTRE, iso, tomorrow_at

WORDS = "老人87岁，心脏不好，周三要去心内科复诊，需要有人陪同"
NOTE = "陪同老人去医院复诊，需步行约 1 公里"


def _need_from_a_request(client, place, **extra):
    resident = place["resident"]
    req = client.post("/api/v1/requests", headers=resident["headers"], json={
        "description": WORDS, "address": "黄河路社区5号院1号楼302", "skill": "medical_escort",
        "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}).json
    r = client.post("/api/v1/needs", headers=place["social_worker"]["headers"], json={
        "request_id": req["id"], "title": "陪同就医", "skills": ["medical_escort"], **extra,
        "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))})
    assert r.status_code == 201, r.json
    return r.json


def test_volunteers_who_browse_read_the_staff_note_never_the_residents_words(client, world, place):
    need = _need_from_a_request(client, place, description=NOTE)
    assert need["description"] == NOTE and need["request_description"] == WORDS  # staff see both
    other = world.community("淮河路社区")
    outsiders = [world.volunteer(place["grid_id"], skills=("medical_escort",), name="周杰"),
                 world.volunteer(world.grid(other, code="HH-01"), skills=("medical_escort",), name="吴敏"),
                 world.user("孙桂兰", roles=[(Role.resident, place["grid_id"], None)])]
    for person in outsiders:
        answers = [client.get(f"/api/v1/needs/{need['id']}", headers=person["headers"]),
                   client.get("/api/v1/needs", headers=person["headers"]),
                   client.get("/api/v1/me/nearby-needs", headers=person["headers"])]
        for answer in answers:
            assert answer.status_code in (200, 403, 422), answer.json
            assert "心内科" not in answer.get_data(as_text=True)
        one = answers[0].json
        assert one["description"] == NOTE and one["request_description"] is None


def test_a_need_made_from_a_request_copies_none_of_its_words(client, world, place):
    need = _need_from_a_request(client, place)
    volunteer = world.volunteer(place["grid_id"], skills=("medical_escort",))
    seen = client.get(f"/api/v1/needs/{need['id']}", headers=volunteer["headers"]).json
    assert seen["description"] == "" and seen["request_description"] is None and seen["title"] == "陪同就医"


def test_the_assigned_volunteer_and_the_resident_read_the_residents_words(client, world, place):
    need = _need_from_a_request(client, place, description=NOTE)
    volunteer = world.volunteer(place["grid_id"], skills=("medical_escort",))
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=volunteer["headers"]).status_code == 201
    for person in (volunteer, place["resident"], place["manager"]):
        seen = client.get(f"/api/v1/needs/{need['id']}", headers=person["headers"]).json
        assert seen["request_description"] == WORDS and seen["description"] == NOTE
