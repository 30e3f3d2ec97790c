"""The anomaly report: flagged records in the caller's grids, each with its reasons."""
from datetime import timedelta
from decimal import Decimal
from urllib.parse import quote

from models import Assignment, Role, ServiceRecord, db
from models.assignments import AssignmentSource, AssignmentStatus
from models.records import RecordStatus
from volunteer import clock
from tests.conftest import CENTRE, tomorrow_at
from tests.helpers import at_place, post_need


def _record(app, need_id, user_id, start, end, checkout_dlat=0.0, device=None):
    """A finished assignment and its pending record, written as check-out would write them."""
    with app.app_context():
        a = Assignment(need_id=need_id, user_id=user_id, role="volunteer", source=AssignmentSource.signup,
                       status=AssignmentStatus.completed, checkin_at=start, checkin_lat=CENTRE[0],
                       checkin_lng=CENTRE[1], checkout_at=end, checkout_lat=CENTRE[0] + checkout_dlat,
                       checkout_lng=CENTRE[1], checkin_device_id=device)
        db.session.add(a)
        db.session.flush()
        r = ServiceRecord(assignment_id=a.id, need_id=need_id, volunteer_id=user_id, started_at=start, ended_at=end,
                          hours=Decimal((end - start).total_seconds() / 3600).quantize(Decimal("0.01")),
                          content="服务", place="黄河路", status=RecordStatus.pending)
        db.session.add(r)
        db.session.commit()
        return r.id


def _report(client, headers):
    since, until = quote(clock.now().isoformat()), quote((clock.now() + timedelta(days=3)).isoformat())
    r = client.get(f"/api/v1/reports/anomalies?since={since}&until={until}", headers=headers)
    assert r.status_code == 200, r.json
    return {row["record_id"]: row for row in r.json["items"]}


def test_overlaps_long_days_and_impossible_moves_are_flagged_with_reasons(app, client, world, place):
    a, b = world.volunteer(place["grid_id"], name="甲"), world.volunteer(place["grid_id"], name="乙")
    needs = [post_need(client, place)["id"] for _ in range(4)]
    first = _record(app, needs[0], a["id"], tomorrow_at(9), tomorrow_at(11))
    second = _record(app, needs[1], a["id"], tomorrow_at(10), tomorrow_at(12))
    long_one = _record(app, needs[2], b["id"], tomorrow_at(7), tomorrow_at(20))
    jump = _record(app, needs[3], b["id"], tomorrow_at(20, 30), tomorrow_at(20, 40), checkout_dlat=0.5)
    report = _report(client, place["social_worker"]["headers"])
    assert set(report) == {first, second, long_one, jump}
    overlap = report[first]["reasons"][0]
    assert overlap["code"] == "overlap" and overlap["detail"] == {"other": second}
    assert overlap["message_zh"] == f"与记录 #{second} 时间重叠。" and overlap["message_en"] == f"Overlaps record #{second}."
    assert [x["code"] for x in report[long_one]["reasons"]] == ["long_day"]
    assert "13.17 h of service" in report[long_one]["reasons"][0]["message_en"]
    assert sorted(x["code"] for x in report[jump]["reasons"]) == ["far_checkout", "long_day", "too_fast"]
    assert report[first]["volunteer_name"] == "甲" and report[first]["grid_id"] == place["grid_id"]


def test_a_check_out_far_from_the_place_is_flagged_for_the_confirmer_with_the_distance(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    need = post_need(client, place)  # check-in radius 500 m
    far = _record(app, need["id"], v["id"], tomorrow_at(9), tomorrow_at(11), checkout_dlat=0.045)  # ~5 km, 2 h later
    report = _report(client, place["social_worker"]["headers"])
    [reason] = report[far]["reasons"]
    assert reason["code"] == "far_checkout" and reason["detail"]["limit"] == need["checkin_radius_m"] == 500
    assert f"签退位置距服务地点 {reason['detail']['distance']} 米" in reason["message_zh"]
    assert 4950 <= reason["detail"]["distance"] <= 5050


def test_a_clean_record_is_not_listed_and_the_limits_come_from_config(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    need = post_need(client, place)["id"]
    record = _record(app, need, v["id"], tomorrow_at(8), tomorrow_at(18))
    assert _report(client, place["manager"]["headers"]) == {}
    app.config["ANOMALY_MAX_DAILY_HOURS"] = 8
    try:
        assert list(_report(client, place["manager"]["headers"])) == [record]
    finally:
        app.config["ANOMALY_MAX_DAILY_HOURS"] = 12


def test_one_phone_checking_in_two_volunteers_is_flagged(client, world, place):
    need = post_need(client, place, slots=2)
    people = [world.volunteer(place["grid_id"], name=n) for n in ("丙", "丁")]
    records = []
    assignments = [client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"] for v in people]
    for v, aid in zip(people, assignments):
        with clock.freeze(tomorrow_at(9)):
            r = client.post(f"/api/v1/assignments/{aid}/check-in", json=at_place(),
                            headers={**v["headers"], "X-Device-Id": "same-phone"})
            assert r.status_code == 200
        with clock.freeze(tomorrow_at(10)):
            records.append(client.post(f"/api/v1/assignments/{aid}/check-out", json=at_place(),
                                       headers=v["headers"]).json["id"])
    report = _report(client, place["social_worker"]["headers"])
    assert set(report) == set(records)
    assert report[records[0]]["reasons"][0]["code"] == "shared_device"
    assert report[records[0]]["reasons"][0]["message_zh"] == "同一设备为 2 名志愿者签到。"


def test_the_report_is_for_staff_and_only_their_grids(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    needs = [post_need(client, place)["id"] for _ in range(2)]
    _record(app, needs[0], v["id"], tomorrow_at(9), tomorrow_at(11))
    _record(app, needs[1], v["id"], tomorrow_at(10), tomorrow_at(12))
    other_grid = world.grid(world.community("金水社区"), code="JS-01")
    elsewhere = world.user("别处网格员", roles=[(Role.grid_manager, other_grid, None)])
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    assert _report(client, elsewhere["headers"]) == {}
    assert len(_report(client, street["headers"])) == 2
    assert client.get("/api/v1/reports/anomalies", headers=v["headers"]).status_code == 403
    r = client.get("/api/v1/reports/anomalies?since=yesterday", headers=street["headers"])
    assert r.status_code == 422 and "since" in r.json["error"]["fields"]


def test_a_period_that_ends_before_it_starts_is_refused_naming_until(client, world):
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    since, until = quote(clock.now().isoformat()), quote((clock.now() - timedelta(days=1)).isoformat())
    r = client.get(f"/api/v1/reports/anomalies?since={since}&until={until}", headers=street["headers"])
    assert r.status_code == 422, r.json
    assert list(r.json["error"]["fields"]) == ["until"]
    assert "开始" in r.json["error"]["fields"]["until"][0]
