"""Confirmation: hours, points and stars follow once; only the right people confirm."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from models import HoursEntry, PointsTransfer, Role, StarAward, db
from volunteer import clock
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need


def _served(client, world, place, hours_to=(11, 0)):
    """A volunteer who served 09:00 to `hours_to` tomorrow; returns them and the record."""
    need = post_need(client, place, ends_at=tomorrow_at(12).isoformat(), resident_id=place["resident"]["id"])
    v = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(*hours_to)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).json
    return v, record


def test_confirming_twice_counts_once(app, client, world, place):
    v, record = _served(client, world, place)
    sw = place["social_worker"]["headers"]
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    r = client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"
    summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
    assert summary["hours"] == 2.0 and summary["points"] == 20 and summary["star_level"] == 0


def test_concurrent_confirmations_count_once(app, world, place):
    client = app.test_client()
    v, record = _served(client, world, place)
    headers = [place["social_worker"]["headers"], place["resident"]["headers"]] * 4

    def confirm(h):
        return app.test_client().post(f"/api/v1/records/{record['id']}/confirm", headers=h).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(confirm, headers))
    assert codes == [200] + [409] * 7
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HoursEntry)) == 1
        assert db.session.scalar(select(func.count()).select_from(PointsTransfer)) == 1


def test_the_resident_served_may_confirm_but_a_stranger_may_not(client, world, place):
    v, record = _served(client, world, place)
    stranger = world.volunteer(place["grid_id"], name="路人甲")
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=stranger["headers"]).status_code == 403
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=v["headers"]).status_code == 403
    pending = client.get("/api/v1/records", headers=place["resident"]["headers"]).json["items"]
    assert [p["id"] for p in pending] == [record["id"]]
    assert client.post(f"/api/v1/records/{record['id']}/confirm",
                       headers=place["resident"]["headers"]).status_code == 200


def test_a_rejected_record_gives_no_hours(client, world, place):
    v, record = _served(client, world, place)
    sw = place["social_worker"]["headers"]
    r = client.post(f"/api/v1/records/{record['id']}/reject", headers=sw, json={"reason": "未到现场"})
    assert r.status_code == 200 and r.json["status"] == "rejected" and r.json["reject_reason"] == "未到现场"
    assert client.post(f"/api/v1/records/{record['id']}/reject", headers=sw, json={}).status_code == 422
    summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
    assert summary["hours"] == 0.0 and summary["points"] == 0


def test_stars_become_eligible_then_are_approved_one_level_at_a_time(app, client, world, place):
    app.config["STAR_LADDER_HOURS"] = (1, 2, 3, 4, 5)
    sw = place["social_worker"]["headers"]
    try:
        v, record = _served(client, world, place, hours_to=(11, 30))  # 2.5 h: reaches two stars
        client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
        summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
        assert summary["star_level"] == 0 and summary["eligible_star_level"] == 1
        assert summary["next_star_hours"] == 3
        eligible = client.get("/api/v1/stars/eligible", headers=sw).json["items"]
        assert [(e["user_id"], e["eligible_level"], e["you_may_approve"]) for e in eligible] == [(v["id"], 1, True)]
        r = client.post(f"/api/v1/stars/{v['id']}/approve", headers=sw, json={"level": 2})
        assert r.status_code == 409 and r.json["error"]["code"] == "star_level_skipped"
        assert client.post(f"/api/v1/stars/{v['id']}/approve", headers=sw).json["level"] == 1
        assert client.post(f"/api/v1/stars/{v['id']}/approve", headers=sw, json={}).json["level"] == 2
        r = client.post(f"/api/v1/stars/{v['id']}/approve", headers=sw)
        assert r.status_code == 409 and r.json["error"]["code"] == "not_eligible_for_star"
        summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
    finally:
        app.config["STAR_LADDER_HOURS"] = (100, 300, 600, 1000, 1500)
    assert summary["star_level"] == 2 and summary["eligible_star_level"] is None
    with app.app_context():
        awards = db.session.execute(select(StarAward.level, StarAward.approved_by_id)
                                    .where(StarAward.volunteer_id == v["id"]).order_by(StarAward.level)).all()
    assert [tuple(a) for a in awards] == [(1, place["social_worker"]["id"]), (2, place["social_worker"]["id"])]


def test_points_ledger_sums_to_zero(app, client, world, place):
    for _ in range(2):
        v, record = _served(client, world, place)
        client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["social_worker"]["headers"])
    with app.app_context():
        rows = db.session.execute(select(PointsTransfer.from_account, PointsTransfer.to_account,
                                         PointsTransfer.amount)).all()
    balances: dict[str, int] = {}
    for source, target, amount in rows:
        balances[source] = balances.get(source, 0) - amount
        balances[target] = balances.get(target, 0) + amount
    assert sum(balances.values()) == 0 and len(rows) == 2
    assert balances[f"issuer:{place['community_id']}"] == -40


def test_nobody_confirms_their_own_service(app, client, world, place):
    """A social worker who served on their own need still needs the resident to confirm."""
    from tests.helpers import at_place

    need = post_need(client, place, skills=("psychological_counselling",), resident_id=place["resident"]["id"])
    sw = place["social_worker"]
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=sw["headers"])
    assert r.status_code == 201, r.json
    aid = r.json["id"]
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=sw["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=sw["headers"], json=at_place()).json
    r = client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw["headers"])
    assert r.status_code == 403 and r.json["error"]["code"] == "cannot_confirm_own_record"
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["resident"]["headers"]).status_code == 200


def test_a_blank_reason_is_no_reason_and_a_rejected_record_stays_rejected(client, world, place):
    v, record = _served(client, world, place)
    sw = place["social_worker"]["headers"]
    r = client.post(f"/api/v1/records/{record['id']}/reject", headers=sw, json={"reason": "  \n "})
    assert r.status_code == 422 and r.json["error"]["fields"] == {"reason": ["请填写原因。"]}
    client.post(f"/api/v1/records/{record['id']}/reject", headers=sw, json={"reason": "未到现场"})
    r = client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["resident"]["headers"])
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"


def test_grid_staff_confirm_when_the_need_has_no_social_worker(app, client, world, place):
    manager = place["manager"]["headers"]
    from tests.conftest import CENTRE

    r = client.post("/api/v1/needs", headers=manager, json={
        "grid_id": place["grid_id"], "title": "楼道清扫", "skills": ["elder_daily_care"], "slots": 1,
        "position": {"lat": CENTRE[0], "lng": CENTRE[1]},
        "starts_at": tomorrow_at(9).isoformat(), "ends_at": tomorrow_at(11).isoformat()})
    need = r.json
    assert need["social_worker_id"] is None and need["resident_id"] is None
    v = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    from tests.helpers import at_place
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    with clock.freeze(tomorrow_at(10)):
        record = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place()).json
    other_grid = world.grid(place["community_id"], code="HHL-02")
    neighbour = world.user("隔壁网格员", roles=[(Role.grid_manager, other_grid, None)])
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=neighbour["headers"]).status_code == 403
    assert client.get("/api/v1/records", headers=neighbour["headers"]).json["items"] == []
    assert [x["id"] for x in client.get("/api/v1/records", headers=manager).json["items"]] == [record["id"]]
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=manager).status_code == 200
