"""Check-in on the spot, check-out into a pending record; phones may retry safely."""
import json
from datetime import datetime, timedelta

from sqlalchemy import func, select

from models import ServiceRecord, db
from volunteer import clock
from tests.conftest import tomorrow_at
from tests.helpers import at_place, post_need


def _assigned(client, world, place):
    need = post_need(client, place)
    v = world.volunteer(place["grid_id"])
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"])
    return need, v, r.json["id"]


def test_check_in_beyond_the_radius_is_refused_and_says_how_far(client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place(0.006))
        assert r.status_code == 422
        assert r.json["error"]["code"] == "too_far_to_check_in"
        assert "超出签到范围 500 米" in r.json["error"]["message"]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json=at_place(0.006),
                        headers={**v["headers"], "Accept-Language": "en"})
        assert "within 500 m" in r.json["error"]["message"]
        assert client.get("/api/v1/me/assignments", headers=v["headers"]).json["items"][0]["status"] == "accepted"


def test_check_in_accepts_a_gcj02_position_that_is_really_on_the_spot(client, world, place):
    from volunteer.geo import Point, wgs84_to_gcj02

    need, v, aid = _assigned(client, world, place)
    gcj = wgs84_to_gcj02(Point(need["position"]["lat"], need["position"]["lng"]))
    body = {"position": {"lat": gcj.lat, "lng": gcj.lng, "crs": "gcj02"}}
    with clock.freeze(tomorrow_at(9)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=body)
    assert r.status_code == 200, r.json


def test_check_in_too_early_is_refused(client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9) - timedelta(hours=3)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
    assert r.status_code == 409 and r.json["error"]["code"] == "outside_checkin_window"


def test_the_need_says_when_check_in_opens_and_check_in_opens_then(client, world, place):
    need, v, aid = _assigned(client, world, place)
    opens = datetime.fromisoformat(client.get(f"/api/v1/needs/{need['id']}", headers=v["headers"]).json["checkin_opens_at"])
    assert opens == tomorrow_at(9) - timedelta(hours=1)
    with clock.freeze(opens - timedelta(seconds=1)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
        assert r.status_code == 409 and r.json["error"]["code"] == "outside_checkin_window"
        r = client.get(f"/api/v1/needs/{need['id']}/checkin-code", headers=place["social_worker"]["headers"])
        assert r.status_code == 409
    with clock.freeze(opens):
        r = client.get(f"/api/v1/needs/{need['id']}/checkin-code", headers=place["social_worker"]["headers"])
        assert r.status_code == 200
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
        assert r.status_code == 200, r.json


def test_someone_elses_assignment_cannot_be_checked_in(client, world, place):
    need, v, aid = _assigned(client, world, place)
    other = world.volunteer(place["grid_id"], name="吴磊")
    with clock.freeze(tomorrow_at(9)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=other["headers"], json=at_place())
    assert r.status_code == 403


def test_retried_check_in_and_check_out_record_once(app, client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9)):
        h = {**v["headers"], "Idempotency-Key": "in-1"}
        first = client.post(f"/api/v1/assignments/{aid}/check-in", headers=h, json=at_place())
        again = client.post(f"/api/v1/assignments/{aid}/check-in", headers=h, json=at_place())
        assert first.status_code == again.status_code == 200 and first.json == again.json
        # Without a key, a second check-in is an illegal move, not a silent one.
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place())
        assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"
    with clock.freeze(tomorrow_at(10, 45)):
        h = {**v["headers"], "Idempotency-Key": "out-1"}
        first = client.post(f"/api/v1/assignments/{aid}/check-out", headers=h, json=at_place())
        again = client.post(f"/api/v1/assignments/{aid}/check-out", headers=h, json=at_place())
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert first.json["hours"] == 1.75
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ServiceRecord)) == 1


def test_a_key_used_for_another_action_is_refused(client, world, place):
    need, v, aid = _assigned(client, world, place)
    h = {**v["headers"], "Idempotency-Key": "same"}
    other_need = post_need(client, place, slots=2)
    with clock.freeze(tomorrow_at(9)):
        assert client.post(f"/api/v1/assignments/{aid}/check-in", headers=h, json=at_place()).status_code == 200
    r = client.post(f"/api/v1/needs/{other_need['id']}/signup", headers=h)
    assert r.status_code == 422 and r.json["error"]["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in r.json["error"]["fields"]


def test_a_key_sent_again_with_another_body_is_refused_and_with_the_same_body_replays(app, client, world, place):
    need, v, aid = _assigned(client, world, place)
    h = {**v["headers"], "Idempotency-Key": "once"}
    with clock.freeze(tomorrow_at(9)):
        first = client.post(f"/api/v1/assignments/{aid}/check-in", headers=h, json=at_place())
        assert first.status_code == 200
        moved = client.post(f"/api/v1/assignments/{aid}/check-in", headers=h, json=at_place(0.0005))
        assert moved.status_code == 422 and moved.json["error"]["code"] == "idempotency_key_reused"
        assert "Idempotency-Key" in moved.json["error"]["fields"]
        spaced = client.post(f"/api/v1/assignments/{aid}/check-in", headers=h,
                             data=json.dumps(at_place(), indent=2), content_type="application/json")
        assert spaced.status_code == 200 and spaced.json == first.json
    with clock.freeze(tomorrow_at(10)):
        out = client.post(f"/api/v1/assignments/{aid}/check-out", headers=h, json=at_place())
        assert out.status_code == 422 and out.json["error"]["code"] == "idempotency_key_reused"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ServiceRecord)) == 0


def test_twins_with_one_key_arriving_together_get_the_same_answer(app, client, world, place):
    """A phone that resends before the first answer arrives: one check-in, the same reply."""
    from concurrent.futures import ThreadPoolExecutor

    need, v, aid = _assigned(client, world, place)
    headers = {**v["headers"], "Idempotency-Key": "twin-in"}

    def check_in(_):
        r = app.test_client().post(f"/api/v1/assignments/{aid}/check-in", headers=headers, json=at_place())
        return r.status_code, r.get_json()

    with clock.freeze(tomorrow_at(9)), ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(check_in, range(6)))
    assert {status for status, _ in answers} == {200}
    assert len({body["checkin_at"] for _, body in answers}) == 1


def test_twin_signups_with_one_key_get_the_same_answer(app, client, world, place):
    from concurrent.futures import ThreadPoolExecutor

    need = post_need(client, place, slots=3)
    v = world.volunteer(place["grid_id"])
    headers = {**v["headers"], "Idempotency-Key": "twin-signup"}

    def sign_up(_):
        r = app.test_client().post(f"/api/v1/needs/{need['id']}/signup", headers=headers)
        return r.status_code, r.get_json()

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(sign_up, range(6)))
    assert {status for status, _ in answers} == {201}
    assert len({body["id"] for _, body in answers}) == 1
    assert client.get(f"/api/v1/needs/{need['id']}", headers=v["headers"]).json["taken"] == 1


def test_a_check_out_forgotten_overnight_records_no_more_than_a_records_maximum(app, client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9)):
        assert client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"], json=at_place()).status_code == 200
    with clock.freeze(tomorrow_at(9) + timedelta(hours=26)):
        r = client.post(f"/api/v1/assignments/{aid}/check-out", headers=v["headers"], json=at_place())
    assert r.status_code == 201, r.json
    assert r.json["hours"] == app.config["RECORD_MAX_HOURS"] == 12
    assert datetime.fromisoformat(r.json["ended_at"]) - datetime.fromisoformat(r.json["started_at"]) == timedelta(hours=26)
