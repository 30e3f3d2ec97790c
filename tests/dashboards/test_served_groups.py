"""Who a service is for (空巢老人, 留守儿童...) and party members reporting to the community
(在职党员报到): tagged on needs and profiles, kept on each record, counted by the dashboard
and the export."""
import csv
import io

from sqlalchemy import select

from models import ServiceRecord, VolunteerProfile, db
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock


def _serve(client, volunteer, need_id):
    aid = client.post(f"/api/v1/needs/{need_id}/signup", headers=volunteer["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=volunteer["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10, 30)):
        return client.post(f"/api/v1/assignments/{aid}/check-out", headers=volunteer["headers"], json=at_place()).json


def _party(app, user_id, unit="市供电公司"):
    with app.app_context():
        profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
        profile.party_member, profile.party_unit = True, unit
        db.session.commit()


def test_the_groups_are_a_taxonomy_in_both_languages(client):
    groups = {g["code"]: g for g in client.get("/api/v1/served-groups").json}
    assert groups["empty_nest_elderly"]["name_zh"] == "空巢老人"
    assert groups["left_behind_children"]["name_en"] == "Left-behind children"


def test_a_need_names_who_it_serves_and_unknown_groups_are_refused(client, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place, served_groups=["empty_nest_elderly", "people_with_disabilities"])
    assert need["served_groups"] == ["empty_nest_elderly", "people_with_disabilities"]
    bad = client.post("/api/v1/needs", headers=sw, json={**{k: need[k] for k in ("grid_id", "title", "skills")},
                                                         "starts_at": need["starts_at"], "ends_at": need["ends_at"],
                                                         "served_groups": ["aliens"]})
    assert bad.status_code == 422 and list(bad.json["error"]["fields"]) == ["served_groups"]
    changed = client.patch(f"/api/v1/needs/{need['id']}", headers=sw, json={"served_groups": ["left_behind_children"]})
    assert changed.status_code == 200 and changed.json["served_groups"] == ["left_behind_children"]


def test_the_dashboard_and_export_count_by_group_and_party_members(app, client, world, place):
    sw = place["social_worker"]["headers"]
    elder = post_need(client, place, served_groups=["empty_nest_elderly"], resident_id=place["resident"]["id"])
    plain = post_need(client, place)
    member = world.volunteer(place["grid_id"], name="党员甲")
    _party(app, member["id"])
    other = world.volunteer(place["grid_id"], name="群众乙")
    r1, r2 = _serve(client, member, elder["id"]), _serve(client, other, plain["id"])
    with app.app_context():
        assert db.session.get(ServiceRecord, r1["id"]).as_party_member is True
        assert db.session.get(ServiceRecord, r2["id"]).as_party_member is False
    for record in (r1, r2):
        assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    board = client.get("/api/v1/dashboard", headers=sw).json
    groups = {g["code"]: g for g in board["served_groups"]}
    assert (groups["empty_nest_elderly"]["needs"], groups["empty_nest_elderly"]["hours"]) == (1, 1.5)
    assert groups["left_behind_children"]["needs"] == 0 and groups["left_behind_children"]["hours"] == 0
    assert board["party_members"] == {"volunteers": 1, "hours": 1.5}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/exports/records.csv", headers=sw).data
                                           .decode("utf-8-sig"))))
    by_name = {row["志愿者姓名"]: row for row in rows}
    assert (by_name["党员甲"]["服务对象"], by_name["党员甲"]["在职党员报到"]) == ("空巢老人", "是")
    assert (by_name["群众乙"]["服务对象"], by_name["群众乙"]["在职党员报到"]) == ("", "")
    roster = client.get("/api/v1/volunteers?party_member=true", headers=sw).json
    assert [(v["name"], v["party_unit"]) for v in roster["items"]] == [("党员甲", "市供电公司")]


def test_a_volunteer_says_they_report_as_a_party_member_on_their_profile(client, world, place):
    v = world.volunteer(place["grid_id"])
    body = client.get("/api/v1/me/volunteer-profile", headers=v["headers"]).json
    saved = client.put("/api/v1/me/volunteer-profile", headers=v["headers"], json={
        "position": body["position"], "skills": body["skills"], "availability": body["availability"],
        "party_member": True, "party_unit": "区教育局"})
    assert saved.status_code == 200 and (saved.json["party_member"], saved.json["party_unit"]) == (True, "区教育局")
    off = client.put("/api/v1/me/volunteer-profile", headers=v["headers"], json={
        "position": body["position"], "skills": body["skills"], "party_member": False, "party_unit": "区教育局"})
    assert (off.json["party_member"], off.json["party_unit"]) == (False, None)
