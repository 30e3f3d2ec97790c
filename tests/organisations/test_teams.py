"""Teams in matching: staff give a need's slots to a team, its leader takes N and assigns
members, each member checks in and is recorded with the team; slots never overfill."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from models import Need, db
from tests.conftest import CENTRE, tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock

CODE = "91110000802100433B"


@pytest.fixture
def team(client, world, place):
    """A verified team of the place's community: a leader and two members, all volunteers."""
    sw = place["social_worker"]["headers"]
    leader = world.volunteer(place["grid_id"], name="马红", offset_m=(100, 0))
    r = client.post("/api/v1/organisations", headers=sw, json={
        "name": "黄河路志愿服务队", "kind": "volunteer_team", "contact_name": "马红",
        "contact_phone": "13800001111", "community_ids": [place["community_id"]], "leader_phone": leader["phone"]})
    assert r.status_code == 201, r.json
    org_id = r.json["id"]
    assert client.post(f"/api/v1/organisations/{org_id}/verify", headers=sw).status_code == 200
    members = []
    for name, offset in (("周敏", (300, 0)), ("吴刚", (600, 0))):
        person = world.volunteer(place["grid_id"], name=name, offset_m=offset)
        client.post(f"/api/v1/organisations/{org_id}/members", headers=leader["headers"], json={"phone": person["phone"]})
        assert client.post(f"/api/v1/organisations/{org_id}/join", headers=person["headers"]).json["status"] == "active"
        members.append(person)
    return {"id": org_id, "leader": leader, "members": members}


def taken(app, need_id):
    with app.app_context():
        return db.session.get(Need, need_id).taken


def test_teams_appear_among_candidates_with_their_members_fit(client, world, place, team):
    need = post_need(client, place, slots=3)
    far = world.volunteer(place["grid_id"], name="郑远", offset_m=(9000, 0))
    client.post(f"/api/v1/organisations/{team['id']}/members", headers=team["leader"]["headers"], json={"phone": far["phone"]})
    client.post(f"/api/v1/organisations/{team['id']}/join", headers=far["headers"])
    found = client.get(f"/api/v1/needs/{need['id']}/candidate-teams", headers=place["social_worker"]["headers"]).json
    assert len(found) == 1
    assert (found[0]["organisation_id"], found[0]["members"], found[0]["fitting"], found[0]["offered"]) == (
        team["id"], 4, 3, False)
    assert [m["name"] for m in found[0]["nearest"]] == ["马红", "周敏", "吴刚"]  # nearest first; 9 km is out of range
    assert found[0]["nearest"][0]["distance_m"] == pytest.approx(100, abs=2)


def test_the_leader_takes_slots_assigns_members_and_the_record_carries_the_team(app, client, world, place, team):
    sw = place["social_worker"]["headers"]
    lead = team["leader"]["headers"]
    need = post_need(client, place, slots=3, resident_id=place["resident"]["id"])
    too_many = client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw, json={"organisation_id": team["id"], "slots": 4})
    assert too_many.status_code == 422 and "slots" in too_many.json["error"]["fields"]
    offer = client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw, json={"organisation_id": team["id"], "slots": 2})
    assert offer.status_code == 201 and offer.json["status"] == "offered", offer.json
    assert taken(app, need["id"]) == 0  # nothing is held until the leader takes it
    nt = offer.json["id"]
    listed = client.get(f"/api/v1/organisations/{team['id']}/needs", headers=lead).json
    assert [i["id"] for i in listed["items"]] == [nt] and listed["items"][0]["need_title"] == "看望独居老人"
    # members are not leaders: they cannot take it
    assert client.post(f"/api/v1/need-teams/{nt}/accept", headers=team["members"][0]["headers"],
                       json={"slots": 1}).status_code == 404
    over = client.post(f"/api/v1/need-teams/{nt}/accept", headers=lead, json={"slots": 3})
    assert over.status_code == 422 and "slots" in over.json["error"]["fields"]
    took = client.post(f"/api/v1/need-teams/{nt}/accept", headers=lead, json={"slots": 2})
    assert took.status_code == 200 and (took.json["status"], took.json["slots"]) == ("accepted", 2)
    assert taken(app, need["id"]) == 2
    a, b = team["members"]
    outsider = world.volunteer(place["grid_id"], name="郑远")
    refused = client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": outsider["id"]})
    assert refused.status_code == 422 and "user_id" in refused.json["error"]["fields"]
    first = client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": a["id"]})
    assert first.status_code == 201, first.json
    assert client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": b["id"]}).status_code == 201
    full = client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": team["leader"]["id"]})
    assert full.status_code == 409 and full.json["error"]["code"] == "team_slots_full"
    assert taken(app, need["id"]) == 2  # members fill the team's slots; the need's third stays open
    # the member checks in and out as anyone does; the record carries the team
    with clock.freeze(tomorrow_at(9)):
        assert client.post(f"/api/v1/assignments/{first.json['id']}/check-in", headers=a["headers"],
                           json=at_place()).status_code == 200
    with clock.freeze(tomorrow_at(11)):
        record = client.post(f"/api/v1/assignments/{first.json['id']}/check-out", headers=a["headers"],
                             json=at_place()).json
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    book = client.get("/api/v1/me/records", headers=a["headers"]).json
    assert (book["services"][0]["team_id"], book["services"][0]["team_name"]) == (team["id"], "黄河路志愿服务队")
    assert book["teams"] == [{"organisation_id": team["id"], "name": "黄河路志愿服务队", "services": 1, "hours": 2.0}]
    org = client.get(f"/api/v1/organisations/{team['id']}", headers=lead).json
    assert org["hours"] == 2.0
    hours = {m["name"]: m["hours"] for m in client.get(f"/api/v1/organisations/{team['id']}/members", headers=lead).json["items"]}
    assert hours == {"马红": 0, "周敏": 2.0, "吴刚": 0}
    shown = client.get(f"/api/v1/needs/{need['id']}/teams", headers=sw).json
    assert [(m["name"], m["status"]) for m in shown[0]["members"]] == [("周敏", "completed"), ("吴刚", "accepted")]


def test_a_member_who_withdraws_gives_the_slot_back_to_the_team(app, client, place, team):
    sw = place["social_worker"]["headers"]
    lead = team["leader"]["headers"]
    need = post_need(client, place, slots=2)
    nt = client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw, json={"organisation_id": team["id"], "slots": 1}).json["id"]
    client.post(f"/api/v1/need-teams/{nt}/accept", headers=lead, json={"slots": 1})
    a = team["members"][0]
    aid = client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": a["id"]}).json["id"]
    assert client.post(f"/api/v1/assignments/{aid}/withdraw", headers=a["headers"], json={"reason": "有事"}).status_code == 200
    assert taken(app, need["id"]) == 1  # still the team's
    again = client.post(f"/api/v1/need-teams/{nt}/members", headers=lead, json={"user_id": team["leader"]["id"]})
    assert again.status_code == 201


def test_concurrent_assignments_never_overfill_the_teams_slots(app, client, world, place, team):
    sw = place["social_worker"]["headers"]
    lead = team["leader"]["headers"]
    need = post_need(client, place, slots=5)
    nt = client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw, json={"organisation_id": team["id"], "slots": 2}).json["id"]
    client.post(f"/api/v1/need-teams/{nt}/accept", headers=lead, json={"slots": 2})
    people = [team["leader"], *team["members"]]
    for i in range(3):
        extra = world.volunteer(place["grid_id"], name=f"队员{'甲乙丙'[i]}")
        client.post(f"/api/v1/organisations/{team['id']}/members", headers=lead, json={"phone": extra["phone"]})
        client.post(f"/api/v1/organisations/{team['id']}/join", headers=extra["headers"])
        people.append(extra)
    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(lambda p: client.post(f"/api/v1/need-teams/{nt}/members", headers=lead,
                                                     json={"user_id": p["id"]}).status_code, people))
    assert sorted(codes) == [201, 201, 409, 409, 409, 409], codes
    shown = client.get(f"/api/v1/needs/{need['id']}/teams", headers=sw).json[0]
    assert (shown["assigned"], len(shown["members"])) == (2, 2)
    assert taken(app, need["id"]) == 2


def test_concurrent_acceptances_take_the_slots_once(app, client, place, team):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place, slots=3)
    nt = client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw, json={"organisation_id": team["id"], "slots": 3}).json["id"]
    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(lambda _: client.post(f"/api/v1/need-teams/{nt}/accept", headers=team["leader"]["headers"],
                                                     json={"slots": 3}).status_code, range(4)))
    assert sorted(codes) == [200, 409, 409, 409], codes
    assert taken(app, need["id"]) == 3


def test_a_team_is_given_only_needs_of_communities_it_serves_by_their_staff(client, world, place, team):
    other = world.community("淮河路社区")
    other_grid = world.grid(other, code="HH-01", centre=(CENTRE[0] + 0.01, CENTRE[1]))
    sw_b = world.social_worker(other, other_grid, name="陈静")
    need = post_need(client, place, slots=2)
    assert client.post(f"/api/v1/needs/{need['id']}/teams", headers=sw_b["headers"],
                       json={"organisation_id": team["id"], "slots": 1}).status_code == 403
    assert client.get(f"/api/v1/needs/{need['id']}/candidate-teams", headers=sw_b["headers"]).status_code == 403
    b_need = client.post("/api/v1/needs", headers=sw_b["headers"], json={
        "grid_id": other_grid, "title": "淮河探访", "skills": ["elder_daily_care"], "address": "淮河路社区3号院",
        "position": {"lat": CENTRE[0] + 0.01, "lng": CENTRE[1], "crs": "wgs84"},
        "starts_at": tomorrow_at(9).isoformat(), "ends_at": tomorrow_at(11).isoformat()}).json
    wrong = client.post(f"/api/v1/needs/{b_need['id']}/teams", headers=sw_b["headers"],
                        json={"organisation_id": team["id"], "slots": 1})
    assert wrong.status_code == 422 and "organisation_id" in wrong.json["error"]["fields"]
    nt = client.post(f"/api/v1/needs/{need['id']}/teams", headers=place["social_worker"]["headers"],
                     json={"organisation_id": team["id"], "slots": 1}).json["id"]
    # another team's leader, and staff of B, do not reach the team's offer
    assert client.post(f"/api/v1/need-teams/{nt}/accept", headers=sw_b["headers"], json={"slots": 1}).status_code == 404
    assert client.get(f"/api/v1/organisations/{team['id']}/needs", headers=team["members"][0]["headers"]).status_code == 403
