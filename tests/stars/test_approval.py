"""Star approval: the right staff, the right level, one level at a time, per-region ladders."""
import pytest

from models import Role
from tests.conftest import iso, tomorrow_at
from tests.helpers import post_need, served


@pytest.fixture
def small_ladder(app):
    app.config["STAR_LADDER_HOURS"] = (0.5, 1, 1.5, 1.75, 2)  # 2 h of service reach all five
    yield
    app.config["STAR_LADDER_HOURS"] = (100, 300, 600, 1000, 1500)


def _five_star_volunteer(client, world, place):
    v, record = served(client, world, place)
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"])
    return v


def _approve(client, headers, user_id, **body):
    return client.post(f"/api/v1/stars/{user_id}/approve", headers=headers, json=body)


def test_community_staff_approve_up_to_three_and_street_staff_the_rest(small_ladder, client, world, place):
    v = _five_star_volunteer(client, world, place)
    sw = place["social_worker"]["headers"]
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    for level in (1, 2, 3):
        assert _approve(client, sw, v["id"]).json["level"] == level
    r = _approve(client, sw, v["id"])
    assert r.status_code == 403 and r.json["error"]["code"] == "star_above_your_reach"
    assert "3" in r.json["error"]["message"]
    listed = client.get("/api/v1/stars/eligible", headers=sw).json["items"]
    assert [(e["eligible_level"], e["you_may_approve"]) for e in listed] == [(4, False)]
    assert _approve(client, street["headers"], v["id"]).json["level"] == 4
    assert _approve(client, street["headers"], v["id"], level=5).json["level"] == 5
    assert client.get("/api/v1/me/summary", headers=v["headers"]).json["star_level"] == 5
    assert client.get("/api/v1/stars/eligible", headers=street["headers"]).json["items"] == []


def test_grid_managers_strangers_and_the_volunteer_may_not_approve(small_ladder, client, world, place):
    v = _five_star_volunteer(client, world, place)
    other = world.user("别处社工", roles=[(Role.social_worker, None, world.community("别的社区"))])
    assert _approve(client, place["manager"]["headers"], v["id"]).json["error"]["code"] == "star_above_your_reach"
    assert _approve(client, other["headers"], v["id"]).status_code == 403
    assert _approve(client, v["headers"], v["id"]).status_code == 403
    assert client.get("/api/v1/stars/eligible", headers=other["headers"]).json["items"] == []
    assert client.get("/api/v1/stars/eligible", headers=v["headers"]).status_code == 403
    assert _approve(client, place["social_worker"]["headers"], 99999).status_code == 404
    assert client.get("/api/v1/me/summary", headers=v["headers"]).json["star_level"] == 0


def test_approval_levels_come_from_config(app, small_ladder, client, world, place):
    v = _five_star_volunteer(client, world, place)
    app.config["STAR_APPROVAL_LEVELS"] = "grid:1,community:3,street:5"
    try:
        assert _approve(client, place["manager"]["headers"], v["id"]).status_code == 201
        assert _approve(client, place["manager"]["headers"], v["id"]).status_code == 403
    finally:
        app.config["STAR_APPROVAL_LEVELS"] = "grid:0,community:3,street:5"


def test_config_chooses_the_beijing_preset(app, client, world, place):
    app.config["STAR_LADDER_HOURS"] = ()
    app.config["STAR_LADDER_PRESET"] = "beijing"
    try:
        v, _ = served(client, world, place)
        summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
        assert summary["next_star_hours"] == 100
        from volunteer.hours.services import configured_ladder
        with app.app_context():
            assert configured_ladder() == (100, 200, 500, 800, 1000)
    finally:
        app.config["STAR_LADDER_PRESET"] = "national"
        app.config["STAR_LADDER_HOURS"] = (100, 300, 600, 1000, 1500)


def test_a_retried_approval_awards_once(small_ladder, client, world, place):
    v = _five_star_volunteer(client, world, place)
    h = {**place["social_worker"]["headers"], "Idempotency-Key": "star-1"}
    first, again = _approve(client, h, v["id"]), _approve(client, h, v["id"])
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert client.get("/api/v1/me/summary", headers=v["headers"]).json["star_level"] == 1
    r = _approve(client, place["social_worker"]["headers"], v["id"], level=1)
    assert r.status_code == 409 and r.json["error"]["code"] == "star_already_held"


def test_an_approved_level_shows_at_once_in_the_candidate_list(small_ladder, client, world, place):
    # The search table carries each volunteer's stars: an approval rewrites their rows.
    v = _five_star_volunteer(client, world, place)
    sw = place["social_worker"]["headers"]
    need = post_need(client, place, starts_at=iso(tomorrow_at(13)), ends_at=iso(tomorrow_at(15)))  # after serving

    def shown_level():
        listed = client.get(f"/api/v1/needs/{need['id']}/candidates", headers=sw).json
        return [c["star_level"] for c in listed if c["user_id"] == v["id"]]

    assert shown_level() == [0]
    _approve(client, sw, v["id"])
    _approve(client, sw, v["id"])
    assert shown_level() == [2]
