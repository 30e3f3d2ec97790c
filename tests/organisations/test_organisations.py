"""Organisations: staff register and verify them; a leader invites, approves, removes and
sees the team's hours; every id is checked against the caller's reach."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from models import Notification, OrganisationMember, Role, db
from tests.conftest import CENTRE
from volunteer.organisations.rules import check_character, is_credit_code

CODE = "91110000802100433B"


def register(client, place, leader, **extra):
    body = {"name": "黄河路为老服务中心", "kind": "social_organisation", "credit_code": CODE,
            "contact_name": "马红", "contact_phone": "0371-66661234",
            "community_ids": [place["community_id"]], "leader_phone": leader["phone"], **extra}
    return client.post("/api/v1/organisations", headers=place["social_worker"]["headers"], json=body)


@pytest.fixture
def team(client, world, place):
    leader = world.volunteer(place["grid_id"], name="马红")
    r = register(client, place, leader)
    assert r.status_code == 201, r.json
    assert client.post(f"/api/v1/organisations/{r.json['id']}/verify",
                       headers=place["social_worker"]["headers"]).status_code == 200
    return {"id": r.json["id"], "leader": leader}


def kinds(app, user_id):
    with app.app_context():
        return [n.kind for n in db.session.query(Notification).filter_by(user_id=user_id).order_by(Notification.id)]


def test_the_credit_code_check_character_catches_a_mistyped_code():
    assert is_credit_code(CODE) and is_credit_code("9144030071526726XG")
    assert not is_credit_code("91110000802100433C")  # wrong check character
    assert not is_credit_code("91110000802100433")  # 17 characters
    assert not is_credit_code("9111000080210043IB")  # I is not in the alphabet
    assert check_character(CODE[:17]) == "B"


def test_staff_register_an_organisation_with_its_leader_who_is_told(app, client, world, place):
    leader = world.volunteer(place["grid_id"], name="马红")
    r = register(client, place, leader, incubating=True)
    assert r.status_code == 201, r.json
    org = r.json
    assert (org["status"], org["kind"], org["incubating"], org["credit_code"]) == (
        "registered", "social_organisation", True, CODE)
    assert org["leaders"] == ["马红"] and org["members"] == 1 and org["hours"] == 0
    assert org["communities"] == [{"id": place["community_id"], "name": "黄河路社区"}]
    assert "organisation_leader" in kinds(app, leader["id"])
    mine = client.get("/api/v1/organisations/" + str(org["id"]), headers=leader["headers"]).json
    assert (mine["my_role"], mine["manages"], mine["contact_phone"]) == ("leader", True, "0371-66661234")


def test_a_bad_or_taken_code_a_missing_leader_or_a_grid_manager_is_refused(client, world, place):
    leader = world.volunteer(place["grid_id"], name="马红")
    bad = register(client, place, leader, credit_code="91110000802100433C")
    assert bad.status_code == 422 and bad.json["error"]["fields"]["credit_code"]
    nobody = register(client, place, {"phone": "13999999999"})
    assert nobody.status_code == 422 and "leader_phone" in nobody.json["error"]["fields"]
    assert register(client, place, leader).status_code == 201
    again = register(client, place, leader, name="另一个")
    assert again.status_code == 422 and "credit_code" in again.json["error"]["fields"]
    manager = client.post("/api/v1/organisations", headers=place["manager"]["headers"], json={})
    assert manager.status_code == 403
    listed = client.get("/api/v1/organisations", headers=place["social_worker"]["headers"]).json
    assert listed["total"] == 1


def test_staff_of_another_community_reach_neither_its_registration_nor_its_record(client, world, place):
    other = world.community("淮河路社区")
    other_grid = world.grid(other, code="HH-01", centre=(CENTRE[0] + 0.01, CENTRE[1]))
    sw_b = world.social_worker(other, other_grid, name="陈静")
    leader = world.volunteer(place["grid_id"], name="马红")
    org_id = register(client, place, leader).json["id"]
    # registering for a community one does not serve
    r = client.post("/api/v1/organisations", headers=sw_b["headers"], json={
        "name": "越界组织", "kind": "volunteer_team", "contact_name": "陈静", "contact_phone": "13800000000",
        "community_ids": [place["community_id"]], "leader_phone": leader["phone"]})
    assert r.status_code == 403
    # not yet verified: not found to outsiders; verified: readable, not manageable
    assert client.get(f"/api/v1/organisations/{org_id}", headers=sw_b["headers"]).status_code == 404
    assert client.post(f"/api/v1/organisations/{org_id}/verify", headers=sw_b["headers"]).status_code == 404
    assert client.post(f"/api/v1/organisations/{org_id}/verify",
                       headers=place["social_worker"]["headers"]).status_code == 200
    seen = client.get(f"/api/v1/organisations/{org_id}", headers=sw_b["headers"]).json
    assert seen["manages"] is False and seen["contact_phone"] == "037******1234"
    assert client.patch(f"/api/v1/organisations/{org_id}", headers=sw_b["headers"],
                        json={"name": "改名"}).status_code == 403
    assert client.get(f"/api/v1/organisations/{org_id}/members", headers=sw_b["headers"]).status_code == 403
    assert client.post(f"/api/v1/organisations/{org_id}/members", headers=sw_b["headers"],
                       json={"phone": "13800000000"}).status_code == 403


def test_a_leader_invites_by_phone_the_invitee_accepts_and_the_leader_sees_them(app, client, world, place, team):
    lead = team["leader"]["headers"]
    person = world.volunteer(place["grid_id"], name="周敏")
    r = client.post(f"/api/v1/organisations/{team['id']}/members", headers=lead, json={"phone": person["phone"]})
    assert r.status_code == 201 and r.json["status"] == "invited"
    assert "organisation_invited" in kinds(app, person["id"])
    twice = client.post(f"/api/v1/organisations/{team['id']}/members", headers=lead, json={"phone": person["phone"]})
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_member"
    # the leader cannot accept for them
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/approve",
                       headers=lead).status_code == 409
    accepted = client.post(f"/api/v1/organisations/{team['id']}/join", headers=person["headers"])
    assert accepted.status_code == 200 and accepted.json["status"] == "active"
    listed = client.get(f"/api/v1/organisations/{team['id']}/members", headers=lead).json
    assert [(m["name"], m["role"], m["status"]) for m in listed["items"]] == [
        ("马红", "leader", "active"), ("周敏", "member", "active")]
    assert listed["items"][1]["phone"] == person["phone"][:3] + "****" + person["phone"][-4:]
    assert listed["items"][1]["hours"] == 0
    # a member sees the others' names, never their phones or hours
    seen = client.get(f"/api/v1/organisations/{team['id']}/members", headers=person["headers"]).json
    assert {m["phone"] for m in seen["items"]} == {None} and {m["hours"] for m in seen["items"]} == {None}
    bad = client.post(f"/api/v1/organisations/{team['id']}/members", headers=lead, json={"phone": "123"})
    assert bad.status_code == 422 and "phone" in bad.json["error"]["fields"]


def test_someone_applies_the_leader_is_told_and_approves(app, client, world, place, team):
    person = world.volunteer(place["grid_id"], name="周敏")
    applied = client.post(f"/api/v1/organisations/{team['id']}/join", headers=person["headers"])
    assert applied.status_code == 200 and applied.json["status"] == "applied"
    assert "organisation_applied" in kinds(app, team["leader"]["id"])
    # the applicant cannot approve themselves
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/approve",
                       headers=person["headers"]).status_code == 403
    waiting = client.get(f"/api/v1/organisations/{team['id']}/members?status=applied",
                         headers=team["leader"]["headers"]).json
    assert [m["user_id"] for m in waiting["items"]] == [person["id"]]
    assert client.get(f"/api/v1/organisations/{team['id']}",
                      headers=team["leader"]["headers"]).json["applications"] == 1
    ok = client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/approve",
                     headers=team["leader"]["headers"])
    assert ok.status_code == 200 and ok.json["status"] == "active"
    assert "organisation_approved" in kinds(app, person["id"])


def test_an_unverified_organisation_takes_no_applications(client, world, place):
    leader = world.volunteer(place["grid_id"], name="马红")
    org_id = register(client, place, leader).json["id"]
    person = world.volunteer(place["grid_id"], name="周敏")
    # not verified: it does not exist for them
    assert client.post(f"/api/v1/organisations/{org_id}/join", headers=person["headers"]).status_code == 404
    # invited, they may see and accept it even before it is verified
    client.post(f"/api/v1/organisations/{org_id}/members", headers=leader["headers"], json={"phone": person["phone"]})
    assert client.post(f"/api/v1/organisations/{org_id}/join", headers=person["headers"]).json["status"] == "active"


def test_removing_leaving_and_the_last_leader(app, client, world, place, team):
    lead = team["leader"]["headers"]
    person = world.volunteer(place["grid_id"], name="周敏")
    client.post(f"/api/v1/organisations/{team['id']}/join", headers=person["headers"])
    client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/approve", headers=lead)
    last = client.post(f"/api/v1/organisations/{team['id']}/members/{team['leader']['id']}/remove", headers=lead)
    assert last.status_code == 409 and last.json["error"]["code"] == "last_leader"
    # a member cannot remove another, nor name a leader
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{team['leader']['id']}/remove",
                       headers=person["headers"]).status_code == 403
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/leader",
                       headers=person["headers"]).status_code == 403
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/leader",
                       headers=lead).json["role"] == "leader"
    # now the first leader may step down, and the second remove... the member leaves by themselves
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{team['leader']['id']}/remove",
                       headers=lead).json["status"] == "removed"
    left = client.post(f"/api/v1/organisations/{team['id']}/members/{person['id']}/remove", headers=person["headers"])
    assert left.status_code == 409 and left.json["error"]["code"] == "last_leader"
    outsider = world.volunteer(place["grid_id"], name="吴刚")
    assert client.post(f"/api/v1/organisations/{team['id']}/members/{outsider['id']}/remove",
                       headers=person["headers"]).status_code == 404
    # removed: they may apply again
    again = client.post(f"/api/v1/organisations/{team['id']}/join", headers=team["leader"]["headers"])
    assert again.json["status"] == "applied"


def test_a_volunteer_sees_verified_organisations_and_their_own(client, world, place, team):
    leader = world.volunteer(place["grid_id"], name="孙力")
    hidden = register(client, place, leader, name="未核验服务队", kind="volunteer_team", credit_code=None).json["id"]
    person = world.volunteer(place["grid_id"], name="周敏")
    listed = client.get("/api/v1/organisations", headers=person["headers"]).json
    assert [o["id"] for o in listed["items"]] == [team["id"]] and listed["total"] == 1
    assert listed["items"][0]["contact_phone"] == "037******1234"
    staff = client.get("/api/v1/organisations?kind=volunteer_team", headers=place["social_worker"]["headers"]).json
    assert [o["id"] for o in staff["items"]] == [hidden]
    mine = client.get("/api/v1/organisations?mine=true", headers=leader["headers"]).json
    assert [o["id"] for o in mine["items"]] == [hidden]


def test_concurrent_invitations_and_applications_make_one_membership(app, client, world, place, team):
    person = world.volunteer(place["grid_id"], name="周敏")
    lead = team["leader"]["headers"]

    def invite(_):
        return client.post(f"/api/v1/organisations/{team['id']}/members", headers=lead,
                           json={"phone": person["phone"]}).status_code

    def apply(_):
        return client.post(f"/api/v1/organisations/{team['id']}/join", headers=person["headers"]).status_code

    with ThreadPoolExecutor(6) as pool:
        codes = list(pool.map(lambda i: invite(i) if i % 2 else apply(i), range(6)))
    assert all(c in (200, 201, 409) for c in codes), codes
    with app.app_context():
        rows = db.session.query(OrganisationMember).filter_by(organisation_id=team["id"], user_id=person["id"]).all()
        assert len(rows) == 1


def test_staff_change_and_suspend_an_organisation(client, place, team):
    sw = place["social_worker"]["headers"]
    changed = client.patch(f"/api/v1/organisations/{team['id']}", headers=sw,
                           json={"contact_phone": "13812345678", "incubating": True})
    assert changed.status_code == 200 and changed.json["contact_phone"] == "13812345678"
    bad = client.patch(f"/api/v1/organisations/{team['id']}", headers=sw, json={"credit_code": "X"})
    assert bad.status_code == 422 and "credit_code" in bad.json["error"]["fields"]
    assert client.post(f"/api/v1/organisations/{team['id']}/suspend", headers=sw, json={}).status_code == 422
    assert client.post(f"/api/v1/organisations/{team['id']}/suspend", headers=sw,
                       json={"reason": "年检未过"}).json["status"] == "suspended"
    assert Role.social_worker  # staff role holding the community did all of this
