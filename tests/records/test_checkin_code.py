"""The rotating check-in code: shown to the organiser or resident, typed by the volunteer."""
from datetime import timedelta

from models import Assignment, db
from volunteer import clock
from volunteer.records.checkin_code import current_code
from tests.conftest import tomorrow_at
from tests.helpers import post_need

FAR = {"lat": 34.9, "lng": 113.68, "crs": "wgs84"}  # ~14 km away: GPS would refuse


def _assigned(client, world, place):
    need = post_need(client, place, resident_id=place["resident"]["id"])
    v = world.volunteer(place["grid_id"])
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    return need, v, aid


def test_the_code_is_shown_to_the_social_worker_and_resident_only_while_check_in_is_open(client, world, place):
    need, v, aid = _assigned(client, world, place)
    url = f"/api/v1/needs/{need['id']}/checkin-code"
    with clock.freeze(tomorrow_at(9, 0) + timedelta(seconds=23)):
        a = client.get(url, headers=place["social_worker"]["headers"])
        b = client.get(url, headers=place["resident"]["headers"])
        assert a.status_code == b.status_code == 200
        assert a.json == b.json and len(a.json["code"]) == 6 and a.json["code"].isdigit()
        assert a.json["valid_for_s"] == 37
        assert client.get(url, headers=v["headers"]).status_code == 403
        assert client.get(url, headers=place["manager"]["headers"]).status_code == 403
    with clock.freeze(tomorrow_at(6)):
        r = client.get(url, headers=place["resident"]["headers"])
        assert r.status_code == 409 and r.json["error"]["code"] == "outside_checkin_window"
    assert client.get("/api/v1/needs/99999/checkin-code", headers=place["resident"]["headers"]).status_code == 404


def test_codes_rotate_every_minute_and_differ_between_needs(app, client, world, place):
    first, second = post_need(client, place), post_need(client, place)
    moment = tomorrow_at(9)
    with app.app_context():
        codes = {current_code(first["id"], moment + timedelta(minutes=m))[0] for m in range(5)}
        assert len(codes) >= 4  # a repeat within five minutes is a 1-in-a-million accident at most once
        assert current_code(first["id"], moment)[0] != current_code(second["id"], moment)[0]


def test_checking_in_with_the_code_needs_no_position_and_keeps_the_device(app, client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9, 2)):
        code = client.get(f"/api/v1/needs/{need['id']}/checkin-code", headers=place["resident"]["headers"]).json["code"]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": code},
                        headers={**v["headers"], "X-Device-Id": "phone-abc"})
    assert r.status_code == 200, r.json
    assert r.json["status"] == "checked_in"
    with app.app_context():
        a = db.session.get(Assignment, aid)
        assert a.checkin_by_code and a.checkin_device_id == "phone-abc" and a.checkin_lat is None


def test_the_previous_minutes_code_still_works_but_not_an_older_one(client, world, place):
    need, v, aid = _assigned(client, world, place)
    url = f"/api/v1/needs/{need['id']}/checkin-code"
    with clock.freeze(tomorrow_at(9, 0) + timedelta(seconds=50)):
        old = client.get(url, headers=place["resident"]["headers"]).json["code"]
    with clock.freeze(tomorrow_at(9, 2) + timedelta(seconds=5)):
        older = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": old}, headers=v["headers"])
    with clock.freeze(tomorrow_at(9, 1) + timedelta(seconds=5)):
        previous = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": old}, headers=v["headers"])
    assert older.status_code == 422 and older.json["error"]["code"] == "wrong_checkin_code"
    assert older.json["error"]["fields"] == {"code": "签到码不正确或已过期。"}
    assert previous.status_code == 200


def test_wrong_codes_are_counted_and_then_refused(client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9)):
        right = client.get(f"/api/v1/needs/{need['id']}/checkin-code", headers=place["resident"]["headers"]).json["code"]
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        codes = [client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": wrong}, headers=v["headers"]).status_code
                 for _ in range(5)]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": right}, headers=v["headers"])
    assert codes == [422] * 5
    assert r.status_code == 429 and r.json["error"]["code"] == "too_many_code_attempts"
    # The position still works.
    with clock.freeze(tomorrow_at(9)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", headers=v["headers"],
                        json={"position": {"lat": need["position"]["lat"], "lng": need["position"]["lng"]}})
    assert r.status_code == 200


def test_a_check_in_body_needs_a_position_or_a_well_formed_code(client, world, place):
    need, v, aid = _assigned(client, world, place)
    with clock.freeze(tomorrow_at(9)):
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={}, headers=v["headers"])
        assert r.status_code == 422 and r.json["error"]["fields"] == {"position": ["请提供定位或签到码。"]}
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": "12ab56"}, headers=v["headers"])
        assert r.status_code == 422 and "code" in r.json["error"]["fields"]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"position": FAR},
                        headers={**v["headers"], "X-Device-Id": "x" * 101})
        assert r.status_code == 422 and "X-Device-Id" in r.json["error"]["fields"]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"position": FAR}, headers=v["headers"])
        assert r.status_code == 422 and r.json["error"]["code"] == "too_far_to_check_in"
    assert client.get("/api/v1/me/assignments", headers=v["headers"]).json["items"][0]["status"] == "accepted"


def test_a_code_for_another_need_does_not_open_this_one(client, world, place):
    need, v, aid = _assigned(client, world, place)
    other = post_need(client, place, resident_id=place["resident"]["id"])
    with clock.freeze(tomorrow_at(9)):
        code = client.get(f"/api/v1/needs/{other['id']}/checkin-code", headers=place["resident"]["headers"]).json["code"]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": code}, headers=v["headers"])
    assert r.status_code == 422


def test_wrong_codes_from_one_address_across_many_assignments_are_stopped(app, client, world, place):
    app.config["CHECKIN_CODE_FAILURES_PER_ADDRESS"] = "6 per hour"
    assigned = [_assigned(client, world, place) for _ in range(4)]  # four accounts, each with its own limit of five
    tries = []
    with clock.freeze(tomorrow_at(9)):
        for need, v, aid in assigned:
            right = client.get(f"/api/v1/needs/{need['id']}/checkin-code", headers=place["resident"]["headers"]).json["code"]
            wrong = f"{(int(right) + 1) % 1_000_000:06d}"
            tries += [client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": wrong},
                                  headers=v["headers"]).status_code for _ in range(2)]
        r = client.post(f"/api/v1/assignments/{aid}/check-in", json={"code": right}, headers=v["headers"])
    assert tries == [422] * 6 + [429] * 2
    assert r.status_code == 429 and r.json["error"]["code"] == "too_many_attempts" and "Retry-After" in r.headers
