"""Slots are never overfilled, whoever and however many press at once."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from models import Assignment, Need, db
from tests.helpers import post_need


def test_twenty_concurrent_signups_fill_two_slots_exactly(app, world, place):
    client = app.test_client()
    need = post_need(client, place, slots=2)
    people = [world.volunteer(place["grid_id"], offset_m=(10 * i, 0)) for i in range(20)]

    def sign_up(person):
        r = app.test_client().post(f"/api/v1/needs/{need['id']}/signup", headers=person["headers"])
        return r.status_code, r.get_json()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(sign_up, people))

    statuses = sorted(s for s, _ in results)
    assert statuses == [201] * 2 + [409] * 18
    assert all(body["error"]["code"] == "slot_full" for s, body in results if s == 409)
    with app.app_context():
        row = db.session.get(Need, need["id"])
        assert (row.taken, row.status.value) == (2, "filled")
        held = db.session.scalar(select(func.count()).select_from(Assignment)
                                 .where(Assignment.need_id == need["id"]))
        assert held == 2


def test_the_same_volunteer_cannot_take_two_slots(client, world, place):
    need = post_need(client, place, slots=3)
    v = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).status_code == 201
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"])
    assert r.status_code == 409 and r.json["error"]["code"] == "already_assigned"
    assert client.get(f"/api/v1/needs/{need['id']}", headers=v["headers"]).json["taken"] == 1


def test_signup_retried_with_the_same_key_records_once(client, world, place):
    need = post_need(client, place, slots=3)
    v = world.volunteer(place["grid_id"])
    headers = {**v["headers"], "Idempotency-Key": "signup-abc"}
    first = client.post(f"/api/v1/needs/{need['id']}/signup", headers=headers)
    again = client.post(f"/api/v1/needs/{need['id']}/signup", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert client.get(f"/api/v1/needs/{need['id']}", headers=v["headers"]).json["taken"] == 1


def test_a_cancelled_need_takes_no_signup(client, world, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place)
    assert client.post(f"/api/v1/needs/{need['id']}/cancel", headers=sw, json={"reason": "活动取消"}).status_code == 200
    v = world.volunteer(place["grid_id"])
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"])
    assert r.status_code == 409 and r.json["error"]["code"] == "need_not_open"


def test_cancelling_twice_is_an_illegal_transition(client, place):
    sw = place["social_worker"]["headers"]
    need = post_need(client, place)
    client.post(f"/api/v1/needs/{need['id']}/cancel", headers=sw, json={"reason": "活动取消"})
    r = client.post(f"/api/v1/needs/{need['id']}/cancel", headers=sw, json={"reason": "活动取消"})
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"


def test_an_unqualified_volunteer_is_refused_with_the_rule_broken(client, world, place):
    need = post_need(client, place, skills=("cleaning",))
    v = world.volunteer(place["grid_id"], skills=("elder_daily_care",))
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "missing_skill"


def test_a_volunteer_holding_an_overlapping_slot_cannot_sign_up_again(client, world, place):
    from tests.conftest import iso, tomorrow_at

    first = post_need(client, place)  # 09:00-11:00
    overlapping = post_need(client, place, starts_at=iso(tomorrow_at(10)), ends_at=iso(tomorrow_at(12)))
    later = post_need(client, place, starts_at=iso(tomorrow_at(11)), ends_at=iso(tomorrow_at(12)))
    v = world.volunteer(place["grid_id"])
    assert client.post(f"/api/v1/needs/{first['id']}/signup", headers=v["headers"]).status_code == 201
    r = client.post(f"/api/v1/needs/{overlapping['id']}/signup", headers=v["headers"])
    assert r.status_code == 422 and r.json["error"]["code"] == "not_available", r.json
    assert client.get(f"/api/v1/needs/{overlapping['id']}", headers=v["headers"]).json["taken"] == 0
    assert client.post(f"/api/v1/needs/{later['id']}/signup", headers=v["headers"]).status_code == 201
