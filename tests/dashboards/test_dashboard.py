"""The staff dashboard: figures of the loop, scoped to the caller's grids."""
from datetime import timedelta

import pytest

from models import Community, Role, VolunteerProfile, db
from models.people import VolunteerStatus
from models.places import CommunityKind
from sqlalchemy import select
from tests.conftest import CENTRE, tomorrow_at
from tests.helpers import at_place, post_need
from volunteer import clock


def _set_residents(world, community_id, residents):
    with world.ctx():
        db.session.get(Community, community_id).residents = residents
        db.session.commit()


def _suspend(world, user_id):
    with world.ctx():
        profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
        profile.status = VolunteerStatus.suspended
        db.session.commit()


def test_volunteer_ratio_is_set_against_the_urban_and_rural_targets(client, world, place):
    _set_residents(world, place["community_id"], 40)
    rural = world.community("王庄村", kind=CommunityKind.rural)
    _set_residents(world, rural, 50)
    rural_grid = world.grid(rural, code="WZ-01", centre=(34.70, 113.60))
    for n in range(3):  # with the social worker's own profile: 4 of 40 = 10%
        world.volunteer(place["grid_id"], name=f"城志{'一二三'[n]}")
    world.volunteer(rural_grid, name="村志一")
    _suspend(world, world.volunteer(rural_grid, name="村志二")["id"])
    admin = world.user("街道管理员", roles=[(Role.admin, None, None)])

    r = client.get("/api/v1/dashboard", headers=admin["headers"])
    assert r.status_code == 200, r.json
    rows = {row["community_id"]: row for row in r.json["volunteer_ratio"]}
    urban = rows[place["community_id"]]
    assert (urban["volunteers"], urban["ratio"], urban["target"], urban["meets"]) == (4, 0.1, 0.1, True)
    village = rows[rural]
    assert (village["volunteers"], village["ratio"], village["target"], village["meets"]) == (1, 0.02, 0.06, False)
    assert r.json["filters"]["streets"] == ["丰产路街道"]
    assert {c["id"] for c in r.json["filters"]["communities"]} == {place["community_id"], rural}


def test_the_loop_shows_as_hours_status_response_time_and_satisfaction(client, world, place):
    volunteer = world.volunteer(place["grid_id"], offset_m=(100, 0), name="周杰")
    sw = place["social_worker"]["headers"]
    posted = clock.now().replace(microsecond=0)
    with clock.freeze(posted):
        need = post_need(client, place, resident_id=place["resident"]["id"])
    with clock.freeze(posted + timedelta(minutes=42)):
        r = client.post(f"/api/v1/needs/{need['id']}/assignments", headers=sw, json={"user_id": volunteer["id"]})
        assert r.status_code == 201, r.json
    assignment_id = r.json["id"]
    starts = tomorrow_at(9)
    with clock.freeze(starts):
        assert client.post(f"/api/v1/assignments/{assignment_id}/check-in", headers=volunteer["headers"],
                           json=at_place()).status_code == 200
    with clock.freeze(starts + timedelta(minutes=90)):
        record = client.post(f"/api/v1/assignments/{assignment_id}/check-out",
                             headers=volunteer["headers"], json=at_place()).json
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    assert client.post(f"/api/v1/needs/{need['id']}/rating", headers=place["resident"]["headers"],
                       json={"score": 4}).status_code == 201
    post_need(client, place, title="另一项需求")  # still open

    with clock.freeze(starts + timedelta(hours=3)):
        r = client.get("/api/v1/dashboard", headers=sw)
    assert r.status_code == 200, r.json
    body = r.json
    months = body["hours_by_month"]
    assert len(months) == 12 and months[-1] == {"month": starts.strftime("%Y-%m"), "hours": 1.5}
    assert all(m["hours"] == 0.0 for m in months[:-1])
    assert body["needs_by_status"]["completed"] == 1 and body["needs_by_status"]["open"] == 1
    assert body["response"]["answered"] == 1 and body["response"]["median_minutes"] == 42.0
    sat = body["satisfaction"]
    assert (sat["ratings"], sat["satisfied"], sat["rate"], sat["meets"], sat["average"]) == (1, 1, 1.0, True, 4.0)


def test_a_grid_manager_sees_only_their_grid(client, world, place):
    other_grid = world.grid(place["community_id"], code="HHL-02", centre=(CENTRE[0] + 0.01, CENTRE[1]))
    post_need(client, place)
    post_need(client, place, grid_id=other_grid)
    manager = place["manager"]["headers"]
    r = client.get("/api/v1/dashboard", headers=manager)
    assert r.status_code == 200
    assert r.json["scope"]["grids"] == 1 and r.json["needs_by_status"]["open"] == 1
    assert [g["id"] for g in r.json["filters"]["grids"]] == [place["grid_id"]]
    r = client.get(f"/api/v1/dashboard?grid_id={other_grid}", headers=manager)
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    # The social worker serves the whole community: both grids, or one by filter.
    sw = place["social_worker"]["headers"]
    assert client.get("/api/v1/dashboard", headers=sw).json["needs_by_status"]["open"] == 2
    one = client.get(f"/api/v1/dashboard?grid_id={other_grid}", headers=sw).json
    assert one["needs_by_status"]["open"] == 1 and one["scope"]["grid_id"] == other_grid
    street = client.get("/api/v1/dashboard?street=别的街道", headers=sw).json
    assert street["scope"]["grids"] == 0 and street["needs_by_status"]["open"] == 0


def test_residents_and_volunteers_have_no_dashboard(client, world, place):
    volunteer = world.volunteer(place["grid_id"])
    assert client.get("/api/v1/dashboard", headers=place["resident"]["headers"]).status_code == 403
    assert client.get("/api/v1/dashboard", headers=volunteer["headers"]).status_code == 403
    assert client.get("/api/v1/dashboard").status_code == 401


@pytest.mark.parametrize("query,field,status", [
    ("community_id=abc", "community_id", 422), ("grid_id=999999", "grid_id", 422),
    ("community_id=999999", "community_id", 422), ("street=", "street", 422),
])
def test_bad_filters_name_the_field(client, place, query, field, status):
    r = client.get(f"/api/v1/dashboard?{query}", headers=place["social_worker"]["headers"])
    assert r.status_code == status and field in r.json["error"]["fields"], r.json
