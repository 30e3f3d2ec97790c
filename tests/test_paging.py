"""Every list is paged the same way ({"items", "total", "page", "per_page"}) and says how
many there are in all; the staff's lists filter where they need it."""
from datetime import timedelta

from tests.conftest import CENTRE, iso, tomorrow_at
from tests.helpers import post_need
from volunteer import clock

# Lists returned whole, and why: fixed reference data (skills, who services are for), the nearest few, a ranked top-N with
# its own `limit`, and one community's rewards catalogue.
WHOLE = {"/api/v1/skills", "/api/v1/served-groups", "/api/v1/communities", "/api/v1/grids", "/api/v1/grids/near",
         "/api/v1/needs/{need_id}/candidates", "/api/v1/communities/{community_id}/rewards",
         # a need's teams (few), and the teams that could take it (ranked, at most 20)
         "/api/v1/needs/{need_id}/teams", "/api/v1/needs/{need_id}/candidate-teams"}
ASK = {"description": "帮忙买菜，腿脚不便", "address": "黄河路社区5号院1号楼302",
       "position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


def test_every_list_in_the_api_is_a_page_but_the_few_returned_whole(client):
    spec = client.get("/api/openapi.json").json
    bare, paged = set(), set()
    for path, ops in spec["paths"].items():
        if "get" not in ops:
            continue
        schema = ops["get"]["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array":
            bare.add(path)
        elif schema.get("$ref", "").endswith("PageSchema") or schema.get("$ref", "").endswith("Page"):
            paged.add(path)
            parameters = {p["name"] for p in ops["get"].get("parameters", [])}
            assert {"page", "per_page"} <= parameters, path
    assert bare == WHOLE
    assert {"/api/v1/requests", "/api/v1/needs", "/api/v1/records", "/api/v1/volunteers",
            "/api/v1/me/notifications", "/api/v1/me/assignments", "/api/v1/me/offers"} <= paged


def _ask(client, person, when_hours_ago=0, **extra):
    with clock.freeze(clock.now() - timedelta(hours=when_hours_ago)):
        r = client.post("/api/v1/requests", headers=person["headers"], json={**ASK, **extra})
    assert r.status_code == 201, r.json
    return r.json["id"]


def test_the_request_queue_pages_and_filters_by_status_grid_urgency_and_age(client, world, place):
    old = _ask(client, place["resident"], when_hours_ago=30)
    urgent = _ask(client, place["resident"], when_hours_ago=2, urgency="urgent")
    fresh = _ask(client, place["resident"])
    client.post(f"/api/v1/requests/{fresh}/decline", headers=place["social_worker"]["headers"],
                json={"reason": "已由家属处理"})
    staff = place["social_worker"]["headers"]
    ids = lambda **q: [r["id"] for r in client.get("/api/v1/requests", headers=staff, query_string=q).json["items"]]
    assert ids() == [fresh, urgent, old] and ids(oldest_first="true") == [old, urgent, fresh]
    assert ids(status="submitted") == [urgent, old]
    assert ids(urgency="urgent") == [urgent]
    assert ids(waited_hours=24) == [old]
    assert ids(grid_id=place["grid_id"]) == [fresh, urgent, old]
    page = client.get("/api/v1/requests?per_page=2&page=2", headers=staff).json
    assert (page["total"], page["page"], page["per_page"], [r["id"] for r in page["items"]]) == (3, 2, 2, [old])
    mine = client.get("/api/v1/requests", headers=place["resident"]["headers"]).json
    assert mine["total"] == 3
    bad = client.get("/api/v1/requests?urgency=soon&waited_hours=-1", headers=staff)
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"urgency", "waited_hours"}


def test_needs_filter_by_status_and_start_day_and_count_beyond_the_page(client, world, place):
    first = post_need(client, place)
    later = post_need(client, place, starts_at=iso(tomorrow_at(9) + timedelta(days=3)),
                      ends_at=iso(tomorrow_at(11) + timedelta(days=3)))
    staff = place["social_worker"]["headers"]
    day = clock.local(tomorrow_at(9)).date()
    ids = lambda **q: [n["id"] for n in client.get("/api/v1/needs", headers=staff, query_string=q).json["items"]]
    assert ids() == [first["id"], later["id"]]
    assert ids(starts_from=day.isoformat(), starts_until=day.isoformat()) == [first["id"]]
    assert ids(starts_from=(day + timedelta(days=1)).isoformat()) == [later["id"]]
    assert ids(status="completed") == []
    one = client.get("/api/v1/needs?per_page=1", headers=staff).json
    assert (one["total"], len(one["items"])) == (2, 1)
    backwards = client.get(f"/api/v1/needs?starts_from={day}&starts_until={day - timedelta(days=1)}", headers=staff)
    assert backwards.status_code == 422 and list(backwards.json["error"]["fields"]) == ["starts_until"]
    too_far = client.get("/api/v1/needs?page=0", headers=staff)
    assert too_far.status_code == 422 and list(too_far.json["error"]["fields"]) == ["page"]


def test_notifications_page_newest_first_with_the_total(client, world, place):
    for _ in range(3):
        _ask(client, place["resident"])
    staff = place["manager"]["headers"]
    page = client.get("/api/v1/me/notifications?per_page=2", headers=staff).json
    assert (page["total"], page["page"], len(page["items"])) == (3, 1, 2)
    assert page["items"][0]["id"] > page["items"][1]["id"]
