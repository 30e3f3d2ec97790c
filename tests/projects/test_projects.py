"""Projects bought by government: targets and progress; an evaluation pack whose entries are
chained by hash, downloadable as JSON and PDF, verified online by anyone, and a copy with
any entry changed, dropped or reordered is caught."""
import pytest

from models import EvaluationPack, ServiceRecord, db
from tests.helpers import served
from volunteer.projects.rules import GENESIS, chain, first_break, link


@pytest.fixture
def org(client, world, place):
    sw = place["social_worker"]["headers"]
    leader = world.volunteer(place["grid_id"], name="马红")
    made = client.post("/api/v1/organisations", headers=sw, json={
        "name": "阳光为老服务中心", "kind": "social_organisation", "credit_code": "91110000802100433B",
        "contact_name": "马红", "contact_phone": "13800001111", "community_ids": [place["community_id"]],
        "leader_phone": leader["phone"]}).json
    client.post(f"/api/v1/organisations/{made['id']}/verify", headers=sw)
    return {"id": made["id"], "leader": leader}


def new_project(client, place, org, **extra):
    return client.post("/api/v1/projects", headers=place["social_worker"]["headers"], json={
        "name": "2027 年居家养老服务项目", "funder": "某区民政局", "organisation_id": org["id"],
        "community_ids": [place["community_id"]], "starts_on": "2026-01-01", "ends_on": "2027-12-31",
        "budget": "200000.00", "target_people": 2, "target_hours": "4", "target_satisfaction": 80, **extra})


@pytest.fixture
def project(client, place, org):
    r = new_project(client, place, org)
    assert r.status_code == 201, r.json
    return r.json


def test_the_chain_links_each_entry_to_the_one_before():
    chained = chain([{"a": 1}, {"a": 2}, {"a": 3}])
    assert chained[0]["prev_hash"] == GENESIS and chained[1]["prev_hash"] == chained[0]["hash"]
    assert chained[2]["hash"] == link(chained[1]["hash"], {"a": 3})
    assert first_break(chained) is None
    changed = [dict(e) for e in chained]
    changed[1]["a"] = 9
    assert first_break(changed) == 1
    assert first_break([chained[0], chained[2]]) == 1  # a dropped entry
    assert first_break([chained[1], chained[0], chained[2]]) == 0  # reordered


def test_a_project_shows_its_targets_and_progress_from_confirmed_services(app, client, world, place, org, project):
    assert project["targets"] == {"people": 2, "hours": 4.0, "satisfaction": 80}
    assert project["progress"]["services"] == 0 and project["progress"]["satisfaction"] is None
    volunteer, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    assert client.post(f"/api/v1/projects/{project['id']}/needs", headers=sw,
                       json={"need_id": record["need_id"]}).status_code == 200
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    rated = client.post(f"/api/v1/needs/{record['need_id']}/rating", headers=place["resident"]["headers"],
                        json={"score": 5, "comment": "很好"})
    assert rated.status_code == 201, rated.json
    now = client.get(f"/api/v1/projects/{project['id']}", headers=sw).json["progress"]
    assert (now["services"], now["hours"], now["people"], now["ratings"], now["satisfaction"]) == (1, 2.0, 1, 1, 100.0)
    assert (now["people_percent"], now["hours_percent"], now["satisfaction_met"]) == (50.0, 50.0, True)
    # the delivering organisation's leader reads it too; a volunteer does not
    assert client.get(f"/api/v1/projects/{project['id']}", headers=org["leader"]["headers"]).status_code == 200
    assert client.get(f"/api/v1/projects/{project['id']}", headers=volunteer["headers"]).status_code == 404


def test_bad_input_is_refused_naming_the_field(client, place, org):
    backwards = new_project(client, place, org, starts_on="2027-01-01", ends_on="2026-01-01")
    assert backwards.status_code == 422 and "ends_on" in backwards.json["error"]["fields"]
    over = new_project(client, place, org, target_satisfaction=120)
    assert over.status_code == 422 and "target_satisfaction" in over.json["error"]["fields"]
    nobody = new_project(client, place, org, organisation_id=999999)
    assert nobody.status_code == 422 and "organisation_id" in nobody.json["error"]["fields"]
    manager = client.post("/api/v1/projects", headers=place["manager"]["headers"], json={})
    assert manager.status_code == 403


def test_the_evaluation_pack_is_chained_verified_online_and_a_changed_copy_is_caught(app, client, world, place, project):
    sw = place["social_worker"]["headers"]
    records = []
    for name, until in (("李娜", (11, 0)), ("周敏", (10, 30))):
        _, record = served(client, world, place, until=until, name=name)
        client.post(f"/api/v1/projects/{project['id']}/needs", headers=sw, json={"need_id": record["need_id"]})
        records.append(record)
    client.post(f"/api/v1/records/{records[0]['id']}/confirm", headers=sw)
    issued = client.post(f"/api/v1/projects/{project['id']}/evaluation-packs", headers=sw)
    assert issued.status_code == 201, issued.json
    number = issued.json["number"]
    assert issued.json["entries"] == 2 and issued.json["verify_url"].endswith(f"/evaluation-packs/{number}/verify")
    pack = client.get(f"/api/v1/evaluation-packs/{number}", headers=sw).json
    entries = pack["entries"]
    assert [e["record_id"] for e in entries] == [r["id"] for r in records]
    assert [e["status"] for e in entries] == ["verified", "pending"] and entries[0]["confirmed_by"] == "王芳"
    assert entries[0]["volunteer"] == "李*" and entries[1]["prev_hash"] == entries[0]["hash"]
    assert pack["head_hash"] == entries[-1]["hash"] == issued.json["head_hash"]

    verified = client.get(f"/api/v1/evaluation-packs/{number}/verify")  # no sign-in needed
    assert verified.status_code == 200 and verified.json["matches_records"] is True
    assert verified.json["head_hash"] == pack["head_hash"] and verified.json["entries"] == 2
    page = client.get(f"/api/v1/evaluation-packs/{number}/verify", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "服务记录与评估包内容一致" in page and pack["head_hash"] in page

    whole = client.post(f"/api/v1/evaluation-packs/{number}/check", json={"entries": entries, "head_hash": pack["head_hash"]})
    assert whole.json == {"number": number, "intact": True, "first_difference": None, "head_hash": pack["head_hash"]}
    inflated = [dict(e) for e in entries]
    inflated[1]["hours"] = "8.00"
    assert client.post(f"/api/v1/evaluation-packs/{number}/check", json={"entries": inflated}).json["first_difference"] == 1
    rehashed = chain([{k: v for k, v in e.items() if k not in ("hash", "prev_hash")} for e in inflated])
    forged = client.post(f"/api/v1/evaluation-packs/{number}/check", json={"entries": rehashed}).json
    assert forged["intact"] is False  # rehashing a changed copy cannot reach the head the server holds
    dropped = client.post(f"/api/v1/evaluation-packs/{number}/check", json={"entries": entries[:1]}).json
    assert dropped["intact"] is False and dropped["first_difference"] == 1

    # a record confirmed after issue: the records no longer rehash to the head; the pack stays as issued
    client.post(f"/api/v1/records/{records[1]['id']}/confirm", headers=sw)
    assert client.get(f"/api/v1/evaluation-packs/{number}/verify").json["matches_records"] is False
    assert client.post(f"/api/v1/evaluation-packs/{number}/check", json={"entries": entries}).json["intact"] is True
    pdf = client.get(f"/api/v1/evaluation-packs/{number}/pdf", headers=sw)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and len(pdf.data) > 5000
    with app.app_context():
        assert db.session.query(EvaluationPack).count() == 1
        assert db.session.query(ServiceRecord).count() == 2  # issuing wrote no record
    assert client.get("/api/v1/evaluation-packs/EPNOSUCH/verify").status_code == 404
    assert client.get(f"/api/v1/evaluation-packs/{number}", headers=place["resident"]["headers"]).status_code == 404


def test_staff_of_another_community_reach_neither_project_nor_pack(client, world, place, project):
    from tests.conftest import CENTRE
    other = world.community("淮河路社区")
    grid = world.grid(other, code="HH-01", centre=(CENTRE[0] + 0.01, CENTRE[1]))
    sw_b = world.social_worker(other, grid, name="陈静")
    _, record = served(client, world, place)
    assert client.get(f"/api/v1/projects/{project['id']}", headers=sw_b["headers"]).status_code == 404
    assert client.post(f"/api/v1/projects/{project['id']}/needs", headers=sw_b["headers"],
                       json={"need_id": record["need_id"]}).status_code == 404
    assert client.post(f"/api/v1/projects/{project['id']}/evaluation-packs", headers=sw_b["headers"]).status_code == 404
    listed = client.get("/api/v1/projects", headers=sw_b["headers"]).json
    assert listed["total"] == 0
