"""Corrections: a new record replaces the old, says who and why, and moves hours by new entries."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from models import HoursEntry, PointsTransfer, Role, ServiceRecord, StarAward, db
from models.records import RecordStatus
from tests.conftest import tomorrow_at
from tests.helpers import served


def _hours(app, user_id=None):
    with app.app_context():
        query = select(func.coalesce(func.sum(HoursEntry.hours), 0))
        if user_id is not None:
            query = query.where(HoursEntry.volunteer_id == user_id)
        return Decimal(db.session.scalar(query)).quantize(Decimal("0.01"))


def test_correcting_a_confirmed_record_appends_the_difference(app, client, world, place):
    v, record = served(client, world, place)  # 2 h
    sw = place["social_worker"]
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw["headers"])
    r = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw["headers"],
                    json={"hours": "1.25", "reason": "含往返路程 45 分钟，已扣除"})
    assert r.status_code == 201, r.json
    new = r.json
    assert new["corrects_id"] == record["id"] and new["status"] == "verified"
    assert new["corrected_by_id"] == sw["id"] and new["correction_reason"] == "含往返路程 45 分钟，已扣除"
    assert new["started_at"] == record["started_at"] and new["hours"] == 1.25
    with app.app_context():
        entries = db.session.execute(select(HoursEntry.record_id, HoursEntry.hours).order_by(HoursEntry.id)).all()
        assert [tuple(e) for e in entries] == [(record["id"], Decimal("2.00")), (new["id"], Decimal("-0.75"))]
        assert db.session.get(ServiceRecord, record["id"]).status == RecordStatus.superseded
        points = db.session.execute(select(PointsTransfer.kind, PointsTransfer.from_account, PointsTransfer.amount)
                                    .order_by(PointsTransfer.id)).all()
        assert [tuple(p) for p in points] == [("service", f"issuer:{place['community_id']}", 20),
                                              ("correction", f"user:{v['id']}", 7)]
    summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
    assert summary["hours"] == 1.25 and summary["points"] == 13


def test_new_times_give_new_hours_and_a_record_is_corrected_only_once(app, client, world, place):
    v, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
    r = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw,
                    json={"ended_at": tomorrow_at(11, 30).isoformat(), "reason": "签退晚了半小时未记录"})
    assert r.status_code == 201 and r.json["hours"] == 2.5
    again = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw, json={"reason": "再改"})
    assert again.status_code == 409 and again.json["error"]["code"] == "illegal_transition"
    # The correction itself can be corrected: the chain grows, hours stay one sum.
    r2 = client.post(f"/api/v1/records/{r.json['id']}/corrections", headers=sw, json={"hours": 0, "reason": "查实未到岗"})
    assert r2.status_code == 201 and r2.json["hours"] == 0.0
    assert _hours(app) == Decimal("0.00")
    assert client.get("/api/v1/me/summary", headers=v["headers"]).json["points"] == 0


def test_correcting_a_pending_record_leaves_the_new_one_to_confirm(app, client, world, place):
    v, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    new = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw,
                      json={"hours": "1.50", "reason": "扣除路程"}).json
    assert new["status"] == "pending" and new["confirmed_by_id"] is None
    r = client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"
    pending = client.get("/api/v1/records", headers=place["resident"]["headers"]).json["items"]
    assert [p["id"] for p in pending] == [new["id"]]
    assert client.post(f"/api/v1/records/{new['id']}/confirm", headers=place["resident"]["headers"]).status_code == 200
    assert _hours(app) == Decimal("1.50")


def test_a_rejected_record_can_be_reinstated_by_a_correction(app, client, world, place):
    v, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    client.post(f"/api/v1/records/{record['id']}/reject", headers=place["resident"]["headers"], json={"reason": "记错人了"})
    new = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw, json={"reason": "核实确有服务"}).json
    assert new["status"] == "pending" and new["hours"] == 2.0
    own = client.post(f"/api/v1/records/{new['id']}/confirm", headers=sw)  # not by who corrected it
    assert own.status_code == 403 and own.json["error"]["code"] == "cannot_confirm_own_correction"
    client.post(f"/api/v1/records/{new['id']}/confirm", headers=place["resident"]["headers"])
    assert _hours(app) == Decimal("2.00")


def test_who_may_correct_and_what_is_refused(app, client, world, place):
    v, record = served(client, world, place)
    stranger_grid = world.grid(world.community("别的社区"), code="OTHER-01")
    outsider = world.user("外人", roles=[(Role.grid_manager, stranger_grid, None)])
    url = f"/api/v1/records/{record['id']}/corrections"
    assert client.post(url, headers=v["headers"], json={"reason": "x"}).status_code == 403
    assert client.post(url, headers=outsider["headers"], json={"reason": "x"}).status_code == 403
    assert client.post(url, headers=place["resident"]["headers"], json={"reason": "x"}).status_code == 403
    r = client.post(url, headers=place["manager"]["headers"], json={"hours": "2.5", "reason": "多记"})
    assert r.status_code == 422 and r.json["error"]["code"] == "hours_exceed_span" and "hours" in r.json["error"]["fields"]
    r = client.post(url, headers=place["manager"]["headers"], json={"reason": "   "})
    assert r.status_code == 422 and r.json["error"]["fields"]["reason"] == ["请填写原因。"]
    r = client.post(url, headers=place["manager"]["headers"],
                    json={"reason": "x", "started_at": tomorrow_at(12).isoformat(), "ended_at": tomorrow_at(11).isoformat()})
    assert r.status_code == 422 and "ended_at" in r.json["error"]["fields"]
    assert client.post("/api/v1/records/999999/corrections", headers=place["manager"]["headers"],
                       json={"reason": "x"}).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ServiceRecord)) == 1
    # The grid manager of the need's grid may correct.
    assert client.post(url, headers=place["manager"]["headers"], json={"reason": "更正服务内容", "content": "陪同就医"}
                       ).status_code == 201


def test_a_retried_correction_records_once(app, client, world, place):
    v, record = served(client, world, place)
    h = {**place["social_worker"]["headers"], "Idempotency-Key": "fix-1"}
    first = client.post(f"/api/v1/records/{record['id']}/corrections", headers=h, json={"hours": 1, "reason": "扣路程"})
    again = client.post(f"/api/v1/records/{record['id']}/corrections", headers=h, json={"hours": 1, "reason": "扣路程"})
    assert first.status_code == again.status_code == 201 and first.json == again.json
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ServiceRecord)) == 2


def test_revoked_hours_lower_an_approved_star(app, client, world, place):
    app.config["STAR_LADDER_HOURS"] = (1, 3, 6, 10, 15)
    sw = place["social_worker"]["headers"]
    try:
        v, record = served(client, world, place)
        client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw)
        assert client.post(f"/api/v1/stars/{v['id']}/approve", headers=sw).status_code == 201
        client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw, json={"hours": "0.5", "reason": "大部分时间不在岗"})
        summary = client.get("/api/v1/me/summary", headers=v["headers"]).json
    finally:
        app.config["STAR_LADDER_HOURS"] = (100, 300, 600, 1000, 1500)
    assert summary["star_level"] == 0 and summary["hours"] == 0.5
    with app.app_context():
        history = db.session.execute(select(StarAward.level, StarAward.kind).order_by(StarAward.id)).all()
    assert [tuple(h) for h in history] == [(1, "awarded"), (0, "lowered")]


def test_concurrent_corrections_and_confirmations_count_hours_once(app, world, place):
    client = app.test_client()
    v, record = served(client, world, place)
    sw, resident = place["social_worker"]["headers"], place["resident"]["headers"]
    calls = [("confirm", sw), ("correct", sw), ("confirm", resident), ("correct", place["manager"]["headers"])] * 3

    def call(item):
        kind, headers = item
        c = app.test_client()
        if kind == "confirm":
            return kind, c.post(f"/api/v1/records/{record['id']}/confirm", headers=headers).status_code
        return kind, c.post(f"/api/v1/records/{record['id']}/corrections", headers=headers,
                            json={"hours": "1.00", "reason": "扣路程"}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(call, calls))
    corrected = [code for kind, code in results if kind == "correct"]
    confirmed = [code for kind, code in results if kind == "confirm"]
    assert corrected.count(201) == 1 and set(corrected) <= {201, 409}
    assert confirmed.count(200) <= 1 and set(confirmed) <= {200, 409}
    with app.app_context():
        records = db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.id)).all()
        assert len(records) == 2 and records[0].status == RecordStatus.superseded
        live = records[1]
        # Either the confirmation won (2 h, then -1 h) or the correction did (pending, nothing counted).
        expected = Decimal("1.00") if live.status == RecordStatus.verified else Decimal("0.00")
        assert (live.status == RecordStatus.verified) == (confirmed.count(200) == 1)
        assert db.session.scalar(select(func.count()).select_from(HoursEntry)) == (2 if expected else 0)
    assert _hours(app) == expected


def test_a_correction_cannot_take_back_points_already_spent(app, client, world, place):
    """Cutting a confirmed record's hours after its points were given away is a 409, and changes nothing."""
    v, record = served(client, world, place)
    sw = place["social_worker"]["headers"]
    assert client.post(f"/api/v1/records/{record['id']}/confirm", headers=sw).status_code == 200
    points = client.get("/api/v1/me/points", headers=v["headers"]).json["balance"]
    gift = {"to_phone": place["resident"]["phone"], "amount": points}
    assert client.post("/api/v1/me/points/gifts", headers=v["headers"], json=gift).status_code == 201
    with app.app_context():
        before = (db.session.scalar(select(func.count()).select_from(ServiceRecord)),
                  db.session.scalar(select(func.count()).select_from(PointsTransfer)))
    r = client.post(f"/api/v1/records/{record['id']}/corrections", headers=sw,
                    json={"reason": "实际只服务了半小时", "hours": "0.50"})
    assert r.status_code == 409 and r.json["error"]["code"] == "points_already_spent"
    with app.app_context():
        after = (db.session.scalar(select(func.count()).select_from(ServiceRecord)),
                 db.session.scalar(select(func.count()).select_from(PointsTransfer)))
    assert after == before


def test_one_person_cannot_mint_hours_by_moving_a_records_times(app, client, world, place):
    v, record = served(client, world, place)  # 2 h, tomorrow 09:00-11:00 on a need of 09:00-12:00
    sw = place["social_worker"]["headers"]
    client.post(f"/api/v1/records/{record['id']}/confirm", headers=place["resident"]["headers"])
    url = f"/api/v1/records/{record['id']}/corrections"
    week = {"started_at": tomorrow_at(9).isoformat(), "ended_at": (tomorrow_at(9) + timedelta(days=8)).isoformat(),
            "reason": "补录"}
    r = client.post(url, headers=sw, json=week)
    assert r.status_code == 422 and "ended_at" in r.json["error"]["fields"]
    early = {"started_at": (tomorrow_at(9) - timedelta(hours=3)).isoformat(), "reason": "补录"}
    r = client.post(url, headers=sw, json=early)
    assert r.status_code == 422 and "started_at" in r.json["error"]["fields"]
    assert _hours(app) == Decimal("2.00")

    # Within the window, more hours than a little wait for a second person; the corrector cannot confirm them.
    longer = {"started_at": (tomorrow_at(9) - timedelta(hours=1)).isoformat(),
              "ended_at": tomorrow_at(13).isoformat(), "reason": "提前到场、延后离开"}
    r = client.post(url, headers=sw, json=longer)
    assert r.status_code == 201 and r.json["status"] == "pending", r.json
    assert _hours(app) == Decimal("2.00")
    assert client.post(f"/api/v1/records/{r.json['id']}/confirm", headers=sw).status_code == 403
    assert client.post(f"/api/v1/records/{r.json['id']}/confirm",
                       headers=place["resident"]["headers"]).status_code == 200
    assert _hours(app) == Decimal("5.00")
