"""A need stands near the grid it belongs to, so its public place never names a grid far away."""
from tests.conftest import CENTRE, iso, tomorrow_at


def _north(metres: float) -> dict:
    return {"lat": CENTRE[0] + metres / 111_320, "lng": CENTRE[1], "crs": "wgs84"}


def _need(client, place, metres, lang="zh"):
    body = {"grid_id": place["grid_id"], "title": "陪同就医", "skills": ["medical_escort"],
            "position": _north(metres), "starts_at": iso(tomorrow_at(9)), "ends_at": iso(tomorrow_at(11))}
    headers = {**place["social_worker"]["headers"], "Accept-Language": lang}
    return client.post("/api/v1/needs", headers=headers, json=body)


def test_a_need_far_outside_its_grid_is_refused_naming_the_position(client, place):
    r = _need(client, place, 3500)
    assert r.status_code == 422 and r.json["error"]["code"] == "far_from_grid"
    assert r.json["error"]["fields"] == {"position": "距离“第一网格”中心 3.5 公里，超过 3 公里。"}
    r = _need(client, place, 3500, lang="en")
    assert r.json["error"]["fields"] == {"position": "3.5 km from the centre of 第一网格, beyond 3 km."}
    assert client.get("/api/v1/needs", headers=place["social_worker"]["headers"]).json["items"] == []


def test_a_need_near_its_grid_names_that_grid_as_its_public_place(client, place):
    r = _need(client, place, 2900)
    assert r.status_code == 201, r.json
    assert r.json["public_place"] == "黄河路社区·第一网格附近"


def test_a_weekly_need_far_outside_its_grid_is_refused_too(client, place):
    body = {"grid_id": place["grid_id"], "title": "每周探访", "skills": ["elder_daily_care"],
            "address": "远处", "position": _north(5000), "weekdays": [1], "start": "09:00",
            "duration_minutes": 60, "starts_on": tomorrow_at(9).date().isoformat()}
    r = client.post("/api/v1/recurring-needs", headers=place["social_worker"]["headers"], json=body)
    assert r.status_code == 422 and "position" in r.json["error"]["fields"], r.json
