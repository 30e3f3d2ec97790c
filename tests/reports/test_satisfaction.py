"""Satisfaction per grid, community and street against the 80% target."""
from models import Feedback, Role, db
from volunteer import clock
from tests.helpers import post_need


def _rate(app, client, place, grid_id, scores):
    """One completed-and-rated need per score, in `grid_id`."""
    for score in scores:
        need = post_need(client, place, grid_id=grid_id)
        with app.app_context():
            db.session.add(Feedback(need_id=need["id"], resident_id=place["resident"]["id"], score=score,
                                    comment="", created_at=clock.now()))
            db.session.commit()


def _two_streets(app, client, world, place):
    second_grid = world.grid(place["community_id"], code="HHL-02")
    _rate(app, client, place, place["grid_id"], [5, 4, 4, 3, 5])  # 4 of 5: exactly 80%
    _rate(app, client, place, second_grid, [5, 2])  # 1 of 2
    with app.app_context():
        from models import Community
        from models.places import CommunityKind
        village = Community(name="柳林村", kind=CommunityKind.rural, households=600, residents=2100,
                            street="柳林镇", district="中牟县", city="郑州市")
        db.session.add(village)
        db.session.commit()
        village_id = village.id
    village_grid = world.grid(village_id, code="LL-01")
    admin = world.user("区民政局", roles=[(Role.admin, None, None)])
    # the social worker of the village posts its needs
    village_place = {**place, "social_worker": world.social_worker(village_id, village_grid, name="陈静")}
    _rate(app, client, village_place, village_grid, [5, 5, 4])
    return second_grid, village_grid, admin


def test_ratings_roll_up_by_grid_community_and_street(app, client, world, place):
    second_grid, village_grid, admin = _two_streets(app, client, world, place)
    url = "/api/v1/reports/satisfaction"
    grids = client.get(f"{url}?level=grid", headers=admin["headers"]).json
    assert grids["target"] == 0.8
    by_code = {r["code"]: (r["ratings"], r["satisfied"], r["share"], r["meets_target"]) for r in grids["rows"]}
    assert by_code == {"HHL-01": (5, 4, 0.8, True), "HHL-02": (2, 1, 0.5, False), "LL-01": (3, 3, 1.0, True)}

    communities = client.get(f"{url}?level=community", headers=admin["headers"]).json["rows"]
    assert {(r["name"], r["ratings"], r["share"], r["meets_target"]) for r in communities} == {
        ("黄河路社区", 7, round(5 / 7, 4), False), ("柳林村", 3, 1.0, True)}

    streets = client.get(f"{url}?level=street", headers=admin["headers"]).json["rows"]
    assert {(r["name"], r["parent"], r["ratings"], r["satisfied"]) for r in streets} == {
        ("丰产路街道", "郑州市金水区", 7, 5), ("柳林镇", "郑州市中牟县", 3, 3)}


def test_staff_see_their_own_grids_and_others_see_nothing(app, client, world, place):
    _two_streets(app, client, world, place)
    url = "/api/v1/reports/satisfaction?level=grid"
    mine = client.get(url, headers=place["manager"]["headers"]).json["rows"]
    assert [r["code"] for r in mine] == ["HHL-01"]
    community = client.get(url, headers=place["social_worker"]["headers"]).json["rows"]
    assert sorted(r["code"] for r in community) == ["HHL-01", "HHL-02"]
    assert client.get(url, headers=place["resident"]["headers"]).status_code == 403
    assert client.get(url).status_code == 401
    r = client.get("/api/v1/reports/satisfaction?level=district", headers=place["manager"]["headers"])
    assert r.status_code == 422 and "level" in r.json["error"]["fields"]
    r = client.get("/api/v1/reports/satisfaction?from=2026-02-01&to=2026-01-01", headers=place["manager"]["headers"])
    assert r.status_code == 422 and "to" in r.json["error"]["fields"]
