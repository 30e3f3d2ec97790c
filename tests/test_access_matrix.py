"""Every operation of the OpenAPI, called by every kind of caller, answers as
tests/access_matrix.txt says; an operation without a row there fails.

The callers live in two communities. Ids in paths are community A's: its grid, its
resident's need (served by A's volunteer, with a pending record), a request still waiting,
a training, a reward. A cell is what the caller gets with an empty body: 401, 403, 404
(out of reach: answered as no one), or ok (let in: 2xx, 409 or 422 from the body or the
state). The rows run in the file's order with fresh tokens each, so a row that changes
state (a cancel, a logout) is seen by the rows after it the same way on every run.
"""
import re
from pathlib import Path

import pytest

from models import Role, User, db
from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import post_need, served
from volunteer.jobs.tasks import deliver_outbox
from volunteer.auth import issue_token

MATRIX = Path(__file__).with_name("access_matrix.txt")
CALLERS = ("anon", "res", "res2", "vol", "volB", "swA", "swB", "gmA", "admA", "street")


def read_matrix() -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    header, rows = None, {}
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split()
        if words[0] == "case":
            continue
        if words[0] == "callers":
            header = words[1:]
            continue
        method, path, *cells = words
        assert len(cells) == len(header), line
        assert (method, path) not in rows, f"two rows for {method} {path}"
        rows[(method, path)] = cells
    return header, rows


def operations(spec) -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, ops in spec["paths"].items() for method in ops
            if method != "parameters"]


@pytest.fixture
def cast(app, client, world, place):
    """Ten callers, two communities, and community A's things to reach for."""
    vol, record = served(client, world, place)
    b_community = world.community("淮河路社区")
    b_grid = world.grid(b_community, code="HH-01", centre=(CENTRE[0] + 0.01, CENTRE[1]), name="淮河第一网格")
    people = {
        "res": place["resident"], "res2": world.user("孙桂兰", roles=[(Role.resident, place["grid_id"], None)]),
        "vol": vol, "volB": world.volunteer(b_grid, name="周杰"),
        "swA": place["social_worker"], "swB": world.social_worker(b_community, b_grid, name="陈静"),
        "gmA": place["manager"], "admA": world.user("社区管理员", roles=[(Role.admin, None, place["community_id"])]),
        "street": world.user("街道管理员乙", roles=[(Role.admin, None, None)]),
    }
    sw = place["social_worker"]["headers"]
    request_id = client.post("/api/v1/requests", headers=place["resident"]["headers"], json={
        "description": "帮忙买菜，腿脚不便", "address": "黄河路社区5号院1号楼302",
        "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}).json["id"]
    training = client.post("/api/v1/trainings", headers=sw, json={
        "community_id": place["community_id"], "title": "急救培训", "place": "社区活动室", "capacity": 20,
        "starts_at": iso(tomorrow_at(14)), "ends_at": iso(tomorrow_at(16))})
    reward = client.post(f"/api/v1/communities/{place['community_id']}/rewards", headers=sw, json={
        "name": "大米一袋", "points_cost": 50, "stock": 10})
    certificate = client.post("/api/v1/me/volunteer-profile/certifications", headers=vol["headers"], json={
        "skill": "elder_daily_care", "number": "HC-1", "issued_on": "2026-01-01", "expires_on": "2030-12-31"})
    assert training.status_code == 201 and reward.status_code == 201, (training.json, reward.json)
    assert certificate.status_code == 201, certificate.json
    team = client.post("/api/v1/organisations", headers=sw, json={**TEAM, "community_ids": [place["community_id"]],
                                                                  "leader_phone": people["res2"]["phone"]})
    assert team.status_code == 201, team.json
    assert client.post(f"/api/v1/organisations/{team.json['id']}/verify", headers=sw).status_code == 200
    open_need = post_need(client, place, slots=2)
    share = client.post(f"/api/v1/needs/{open_need['id']}/teams", headers=sw,
                        json={"organisation_id": team.json["id"], "slots": 1})
    assert share.status_code == 201, share.json
    activity = client.post("/api/v1/activities", headers=sw, json={**ACTIVITY, "grid_id": place["grid_id"]})
    assert activity.status_code == 201, activity.json
    signup = client.post(f"/api/v1/activities/{activity.json['id']}/signups", headers=vol["headers"],
                         json={"need_id": activity.json["sessions"][0]["need_id"], "answers": []})
    assert signup.status_code == 201, signup.json
    project = client.post("/api/v1/projects", headers=sw, json={
        **PROJECT, "organisation_id": team.json["id"], "community_ids": [place["community_id"]]})
    assert project.status_code == 201, project.json
    pack = client.post(f"/api/v1/projects/{project.json['id']}/evaluation-packs", headers=sw)
    assert pack.status_code == 201, pack.json
    deliver_outbox(app)  # a scheduler has run: readiness answers 200
    res_b = world.user("钱桂兰", roles=[(Role.resident, b_grid, None)])
    b_request_id = client.post("/api/v1/requests", headers=res_b["headers"], json={
        "description": "需要探访", "address": "淮河路社区3号院",
        "position": {"lat": CENTRE[0] + 0.01, "lng": CENTRE[1], "crs": "wgs84"}}).json["id"]
    b_need = client.post("/api/v1/needs", headers=people["swB"]["headers"], json={
        "grid_id": b_grid, "title": "淮河探访", "skills": ["elder_daily_care"], "address": "淮河路社区3号院",
        "position": {"lat": CENTRE[0] + 0.01, "lng": CENTRE[1], "crs": "wgs84"},
        "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))})
    assert b_need.status_code == 201, b_need.json
    ids = {"community_id": place["community_id"], "grid_id": place["grid_id"], "need_id": record["need_id"],
           "request_id": request_id, "assignment_id": record["assignment_id"], "record_id": record["id"],
           "user_id": vol["id"], "training_id": training.json["id"], "reward_id": reward.json["id"],
           "number": "NOSUCH", "b_community_id": b_community, "b_grid_id": b_grid, "b_request_id": b_request_id,
           "b_resident_id": res_b["id"], "record_started_at": record["started_at"],
           "certification_id": certificate.json["id"], "organisation_id": team.json["id"],
           "need_team_id": share.json["id"], "activity_id": activity.json["id"],
           "slug": activity.json["slug"], "signup_id": signup.json["id"], "project_id": project.json["id"],
           "pack_number": pack.json["number"], "b_need_id": b_need.json["id"]}
    return people, ids


def fresh_headers(app, people) -> dict[str, dict]:
    """A new token for every caller, so a logout in one row never closes the next."""
    with app.app_context():
        tokens = {name: issue_token(db.session.get(User, person["id"])) for name, person in people.items()}
        db.session.commit()
    return {"anon": {}, **{name: {"Authorization": f"Bearer {t}"} for name, t in tokens.items()}}


def answer_class(status: int) -> str:
    assert status < 500
    if status in (401, 403, 404):
        return str(status)
    return "ok"


def test_the_matrix_has_a_row_for_every_operation_and_no_other(client):
    header, rows = read_matrix()
    assert tuple(header) == CALLERS
    spec_ops = operations(client.get("/api/openapi.json").json)
    assert sorted(set(spec_ops) - set(rows)) == [], "operations without a row in access_matrix.txt"
    assert sorted(set(rows) - set(spec_ops)) == [], "rows for operations the API does not have"


def test_every_operation_declares_who_may_call_it_in_the_openapi(client):
    spec = client.get("/api/openapi.json").json
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            access = op.get("x-access")
            assert access in ("public", "signed_in") or (
                isinstance(access, list) and access and set(access) <= {r.value for r in Role}), (method, path)


def test_every_caller_gets_what_the_matrix_says_for_every_operation(app, client, cast):
    people, ids = cast
    _, rows = read_matrix()
    wrong = []
    for (method, path), expected in rows.items():
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        headers = fresh_headers(app, people)
        for caller, want in zip(CALLERS, expected):
            kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
            got = answer_class(client.open(url, method=method, headers=headers[caller], **kwargs).status_code)
            if got != want:
                wrong.append(f"{method} {path} {caller}: {got}, matrix says {want}")
    assert wrong == []


def read_cases() -> dict[str, tuple[str, str, str, int]]:
    cases = {}
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        if line.startswith("case "):
            _, name, caller, method, path, status = line.split()
            assert name not in cases, f"two cases named {name}"
            cases[name] = (caller, method, path, int(status))
    return cases


ACTIVITY = {"title": "义诊", "skills": ["elder_daily_care"], "mode": "approval",
            "sessions": [{"starts_at": iso(tomorrow_at(14)), "ends_at": iso(tomorrow_at(16)), "slots": 5}]}
PROJECT = {"name": "居家养老", "funder": "区民政局", "starts_on": "2026-01-01", "ends_on": "2027-12-31",
           "budget": "1000.00", "target_people": 10, "target_hours": "100"}
TEAM = {"name": "黄河路志愿服务队", "kind": "volunteer_team", "contact_name": "孙桂兰", "contact_phone": "13800001111"}
ASK = {"description": "老人独居，需要探访", "address": "黄河路社区8号院",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def _need(ids, **extra):
    return {"grid_id": ids["grid_id"], "title": "探访", "skills": ["elder_daily_care"],
            "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11)), **extra}


def _hours_after(iso_moment: str, hours: int) -> str:
    from datetime import datetime, timedelta
    return (datetime.fromisoformat(iso_moment) + timedelta(hours=hours)).isoformat()


WORKER = {"licence_level": "assistant", "licence_number": "SW-1", "organisation": "中心", "specialties": []}
GRID = {"code": "B-09", "name": "九网格", "households": 400, "centre": {"lat": CENTRE[0], "lng": CENTRE[1]}}
COMMUNITY = {"name": "新社区", "kind": "urban", "households": 1000, "residents": 3000,
             "street": "丰产路街道", "district": "金水区", "city": "郑州市"}

# The body of each case in access_matrix.txt, valid but for the id the case is about.
BODIES = {
    "B-registers-a-team-for-A": lambda p, ids: {**TEAM, "community_ids": [ids["community_id"]], "leader_phone": p["swB"]["phone"]},
    "admin-registers-a-team-in-B": lambda p, ids: {**TEAM, "community_ids": [ids["b_community_id"]], "leader_phone": p["res"]["phone"]},
    "B-gives-a-need-of-A-to-a-team": lambda p, ids: {"organisation_id": ids["organisation_id"], "slots": 1},
    "B-takes-a-teams-share": lambda p, ids: {"slots": 1},
    "a-volunteer-takes-a-teams-share": lambda p, ids: {"slots": 1},
    "B-declines-a-teams-share": lambda p, ids: {"reason": "没空"},
    "staff-assign-into-a-teams-share": lambda p, ids: {"user_id": p["vol"]["id"]},
    "a-volunteer-assigns-into-a-teams-share": lambda p, ids: {"user_id": p["volB"]["id"]},
    "B-publishes-an-activity-in-A": lambda p, ids: {**ACTIVITY, "grid_id": ids["grid_id"]},
    "a-volunteer-publishes-an-activity": lambda p, ids: {**ACTIVITY, "grid_id": ids["b_grid_id"]},
    "signing-up-for-a-need-not-a-session": lambda p, ids: {"need_id": ids["need_id"], "answers": []},
    "B-refuses-a-sign-up-in-A": lambda p, ids: {"reason": "满了"},
    "B-puts-a-need-of-A-in-a-project-of-A": lambda p, ids: {"need_id": ids["need_id"]},
    "A-puts-a-need-of-B-in-its-project": lambda p, ids: {"need_id": ids["b_need_id"]},
    "admin-makes-a-project-in-B": lambda p, ids: {**PROJECT, "organisation_id": ids["organisation_id"],
                                                  "community_ids": [ids["b_community_id"]]},
    "B-puts-an-activity-in-a-project-of-A": lambda p, ids: {"activity_id": ids["activity_id"]},
    "B-changes-a-team-of-A": lambda p, ids: {"name": "改名"},
    "B-suspends-a-team-of-A": lambda p, ids: {"reason": "暂停"},
    "B-invites-into-a-team-of-A": lambda p, ids: {"phone": p["volB"]["phone"]},
    "a-volunteer-invites-into-a-team": lambda p, ids: {"phone": p["volB"]["phone"]},
    "request-for-a-volunteer-of-B": lambda p, ids: {**ASK, "resident_id": p["volB"]["id"]},
    "request-for-a-social-worker-of-B": lambda p, ids: {**ASK, "resident_id": p["swB"]["id"]},
    "request-for-the-street-admin": lambda p, ids: {**ASK, "resident_id": p["street"]["id"]},
    "request-for-own-resident": lambda p, ids: {**ASK, "resident_id": p["res"]["id"]},
    "need-from-a-request-of-B": lambda p, ids: _need(ids, request_id=ids["b_request_id"]),
    "need-naming-a-resident-as-social-worker": lambda p, ids: _need(ids, social_worker_id=p["res"]["id"]),
    "need-naming-a-social-worker-of-B": lambda p, ids: _need(ids, social_worker_id=p["swB"]["id"]),
    "need-for-a-resident-of-B": lambda p, ids: _need(ids, resident_id=ids["b_resident_id"]),
    "need-in-a-grid-of-B": lambda p, ids: {**_need(ids), "grid_id": ids["b_grid_id"]},
    "admin-grants-a-role-in-B": lambda p, ids: {"role": "social_worker", "community_id": ids["b_community_id"]},
    "admin-makes-itself-admin-of-B": lambda p, ids: {"role": "admin", "community_id": ids["b_community_id"]},
    "admin-grants-an-unscoped-admin": lambda p, ids: {"role": "admin"},
    "admin-grants-a-grid-of-B": lambda p, ids: {"role": "grid_manager", "grid_id": ids["b_grid_id"]},
    "admin-makes-a-grid-in-B": lambda p, ids: {**GRID, "community_id": ids["b_community_id"]},
    "admin-makes-a-community": lambda p, ids: COMMUNITY,
    "admin-names-a-social-worker-of-B": lambda p, ids: {**WORKER, "community_ids": [ids["b_community_id"]]},
    "admin-reads-the-dashboard-of-B": None,
    "admin-reads-the-street-dashboard": None,
    "correction-of-192-hours": lambda p, ids: {
        "reason": "补录", "started_at": ids["record_started_at"], "ended_at": _hours_after(ids["record_started_at"], 192)},
    "B-declines-a-request-of-A": lambda p, ids: {"reason": "重复"},
    "another-resident-cancels-the-request": lambda p, ids: {"reason": "不需要了"},
    "staff-cancel-a-residents-request": lambda p, ids: {"reason": "不需要了"},
    "B-withdraws-an-assignment-of-A": lambda p, ids: {"reason": "有事"},
    "B-cancels-a-need-of-A": lambda p, ids: {"reason": "取消"},
    "B-changes-a-need-of-A": lambda p, ids: {"title": "改名"},
    "B-makes-a-reward-in-A": lambda p, ids: {"name": "大米", "points_cost": 10, "stock": 5},
    "B-schedules-a-training-in-A": lambda p, ids: {
        "community_id": ids["community_id"], "title": "培训", "place": "活动室", "capacity": 10,
        "starts_at": iso(tomorrow_at(14)), "ends_at": iso(tomorrow_at(16))},
    "B-assigns-to-a-need-of-A": lambda p, ids: {"user_id": p["volB"]["id"]},
    "B-commends-a-volunteer-of-A": lambda p, ids: {"title": "优秀志愿者", "issuer": "淮河路社区",
                                                   "awarded_on": "2026-11-01"},
    "B-certifies-a-volunteer-of-A": lambda p, ids: {"skill": "elder_daily_care", "number": "C-1",
                                                    "issued_on": "2026-01-01", "expires_on": "2027-12-31"},
    "B-asks-more-of-a-volunteer-of-A": lambda p, ids: {"reason": "请补充健康证"},
    "B-refuses-a-volunteer-of-A": lambda p, ids: {"reason": "不符合条件"},
    "staff-list-the-volunteers-of-a-grid-of-B": None,
    "B-marks-a-no-show-in-A": lambda p, ids: {"excused": False, "reason": "未到"},
    "B-rejects-a-record-of-A": lambda p, ids: {"reason": "不实"},
    "B-checks-in-to-an-assignment-of-A": lambda p, ids: {"position": ASK["position"]},
    "another-resident-rates-the-need": lambda p, ids: {"score": 1, "comment": "差"},
    "staff-list-the-needs-of-a-grid-of-B": None,
    "staff-list-the-requests-of-B": None,
    "admin-reads-the-dashboard-of-a-grid-of-B": None,
    "staff-export-records": None,
}


def test_every_case_has_a_body_and_every_body_a_case():
    assert set(read_cases()) == set(BODIES)


def test_ids_in_bodies_and_queries_are_checked_against_the_callers_reach(app, client, cast):
    people, ids = cast
    headers = fresh_headers(app, people)
    wrong = []
    for name, (caller, method, path, want) in read_cases().items():
        url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
        body = BODIES[name](people, ids) if BODIES[name] else None
        r = client.open(url, method=method, headers=headers[caller], json=body)
        if r.status_code != want:
            wrong.append(f"{name}: {r.status_code}, matrix says {want}: {r.get_data(as_text=True)[:200]}")
        outsider_phones = [people[c]["phone"] for c in ("volB", "swB", "street")]
        text = r.get_data(as_text=True)
        if r.status_code >= 400:
            assert not any(phone in text for phone in outsider_phones), name
        else:
            assert "淮河" not in text, name
    assert wrong == [], "\n".join(wrong)
