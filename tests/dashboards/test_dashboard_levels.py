"""Volunteer ratio at street, community and grid level: each divides by its own residents."""
from models import Grid, Role, db
from tests.dashboards.test_dashboard import _set_residents
from volunteer.dashboards import rules


def test_grid_residents_are_its_households_times_the_communitys_people_per_household():
    assert rules.grid_residents(420, 2400, 6800) == 1190       # 420 x 2.8333 = 1190.0
    assert rules.grid_residents(380, 2400, 6800) == 1077       # 1076.67 rounds up
    assert rules.grid_residents(1, 2, 1) == 1                  # 0.5 rounds half up
    assert rules.grid_residents(420, 0, 6800) == 0 and rules.grid_residents(0, 2400, 6800) == 0


def test_street_community_and_grid_levels_each_use_their_own_residents(client, world, place):
    _set_residents(world, place["community_id"], 6800)  # 2,400 households in the community
    second = world.grid(place["community_id"], code="HHL-02", centre=(34.76, 113.66))
    with world.ctx():
        grid = db.session.get(Grid, second)
        grid.name, grid.households = "第二网格", 380
        db.session.commit()
    for n in range(2):  # with the social worker's own profile: 3 in the first grid
        world.volunteer(place["grid_id"], name=f"一格{'甲乙'[n]}")
    world.volunteer(second, name="二格甲")
    admin = world.user("街道管理员", roles=[(Role.admin, None, None)])["headers"]

    def ratio_rows(query):
        r = client.get(f"/api/v1/dashboard?{query}", headers=admin)
        assert r.status_code == 200, r.json
        return r.json["volunteer_ratio"]

    for query in ("street=丰产路街道", f"community_id={place['community_id']}"):
        [row] = ratio_rows(query)
        assert (row["level"], row["name"], row["grid_id"]) == ("community", "黄河路社区", None)
        assert (row["volunteers"], row["residents"], row["residents_basis"]) == (4, 6800, "community")
        assert row["ratio"] == round(4 / 6800, 4)

    [row] = ratio_rows(f"grid_id={place['grid_id']}")
    assert (row["level"], row["name"], row["grid_id"], row["community_name"]) == (
        "grid", "第一网格", place["grid_id"], "黄河路社区")
    assert (row["volunteers"], row["residents"], row["residents_basis"]) == (3, 1190, "grid_households")
    assert row["ratio"] == round(3 / 1190, 4) == 0.0025 and row["meets"] is False

    [row] = ratio_rows(f"community_id={place['community_id']}&grid_id={second}")
    assert (row["name"], row["volunteers"], row["residents"], row["ratio"]) == ("第二网格", 1, 1077, 0.0009)
