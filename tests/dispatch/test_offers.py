"""Offer mode: the best N at once, first to accept wins, declines and lapses pass on."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from models import Assignment, Need, Notification, db
from volunteer import clock
from volunteer.dispatch.sweeps import expire_offers
from tests.helpers import post_need


def _volunteers(world, place, metres):
    return [world.volunteer(place["grid_id"], offset_m=(m, 0), name=f"志愿者{m}") for m in metres]


def _offer(client, place, need, **body):
    r = client.post(f"/api/v1/needs/{need['id']}/offers", headers=place["social_worker"]["headers"],
                    json=body)
    assert r.status_code == 201, r.json
    return r.json


def _board(client, place, need):
    r = client.get(f"/api/v1/needs/{need['id']}/offers", headers=place["social_worker"]["headers"])
    assert r.status_code == 200, r.json
    return r.json


def _my_offer_id(client, person):
    offers = client.get("/api/v1/me/offers", headers=person["headers"]).json["items"]
    assert len(offers) == 1, offers
    return offers[0]["id"]


def test_the_nearest_n_are_offered_and_told_without_the_address(client, world, place):
    far, near, mid, farther = _volunteers(world, place, (900, 100, 400, 1500))
    need = post_need(client, place)
    made = _offer(client, place, need, count=3)
    assert [o["user_id"] for o in made] == [near["id"], mid["id"], far["id"]]
    assert all(o["status"] == "offered" and o["expires_at"] for o in made)
    mine = client.get("/api/v1/me/offers", headers=near["headers"]).json["items"]
    assert [o["need"]["id"] for o in mine] == [need["id"]]
    assert mine[0]["need"]["public_place"] and "address" not in mine[0]["need"]
    assert "contact_phone" not in mine[0]["need"] and mine[0]["need"]["distance_m"] == 100
    assert client.get("/api/v1/me/offers", headers=farther["headers"]).json["items"] == []
    notes = client.get("/api/v1/me/notifications", headers=near["headers"]).json["items"]
    assert [n["kind"] for n in notes] == ["offer_made"] and "看望独居老人" in notes[0]["body"]
    assert client.get("/api/v1/me/notifications/unread-count", headers=mid["headers"]).json == {"unread": 1}


def test_concurrent_accepts_on_one_slot_give_one_winner_and_clear_409s(app, world, place):
    client = app.test_client()
    people = _volunteers(world, place, (100, 200, 300, 400, 500, 600))
    need = post_need(client, place, slots=1)
    _offer(client, place, need, count=6)
    offer_ids = [_my_offer_id(client, p) for p in people]

    def accept(pair):
        person, offer_id = pair
        r = app.test_client().post(f"/api/v1/offers/{offer_id}/accept", headers=person["headers"])
        return r.status_code, r.get_json()

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(accept, zip(people, offer_ids)))

    assert sorted(s for s, _ in results) == [200] + [409] * 5
    assert {body["error"]["code"] for s, body in results if s == 409} == {"slot_full"}
    assert all(body["error"]["message"] == "名额已满。" for s, body in results if s == 409)
    board = _board(client, place, need)
    assert board["counts"] == {"offered": 0, "accepted": 1, "declined": 0, "expired": 5}
    assert (board["taken"], board["status"]) == (1, "filled")
    with app.app_context():
        kinds = list(db.session.scalars(select(Notification.kind).where(
            Notification.user_id == place["social_worker"]["id"])))
        assert kinds == ["offer_accepted"]


def test_a_decline_passes_the_offer_on_at_once(client, world, place):
    first, second, third = _volunteers(world, place, (100, 200, 300))
    need = post_need(client, place)
    _offer(client, place, need, count=2)
    assert client.get("/api/v1/me/offers", headers=third["headers"]).json["items"] == []
    r = client.post(f"/api/v1/offers/{_my_offer_id(client, first)}/decline", headers=first["headers"])
    assert r.status_code == 200 and r.json["status"] == "declined" and r.json["responded_at"]
    assert len(client.get("/api/v1/me/offers", headers=third["headers"]).json["items"]) == 1
    board = _board(client, place, need)
    assert board["counts"] == {"offered": 2, "accepted": 0, "declined": 1, "expired": 0}
    assert [(p["user_id"], p["status"]) for p in board["people"]] == [
        (first["id"], "declined"), (second["id"], "offered"), (third["id"], "offered")]
    again = client.post(f"/api/v1/offers/{r.json['id']}/decline", headers=first["headers"])
    assert again.status_code == 409 and again.json["error"]["code"] == "offer_answered"


def test_lapsed_offers_pass_on_in_the_sweep_and_a_second_sweep_does_nothing(app, client, world, place):
    people = _volunteers(world, place, (100, 200, 300, 400))
    need = post_need(client, place)
    made = _offer(client, place, need, count=2)
    offered_at = clock.now()
    with clock.freeze(offered_at + timedelta(minutes=31)), app.app_context():
        assert expire_offers(clock.now()) == 2
        assert expire_offers(clock.now()) == 0
        rows = {a.user_id: a.status.value for a in db.session.scalars(
            select(Assignment).where(Assignment.need_id == need["id"]))}
    assert rows == {people[0]["id"]: "expired", people[1]["id"]: "expired",
                    people[2]["id"]: "offered", people[3]["id"]: "offered"}
    r = client.post(f"/api/v1/offers/{made[0]['id']}/accept", headers=people[0]["headers"])
    assert r.status_code == 409 and r.json["error"]["code"] == "offer_expired"


def test_urgent_offers_lapse_sooner(client, world, place):
    _volunteers(world, place, (100,))
    normal = _offer(client, place, post_need(client, place))[0]
    _volunteers(world, place, (150,))
    urgent = _offer(client, place, post_need(client, place, urgency="urgent", title="紧急送药"))[0]
    from datetime import datetime
    lasts = [datetime.fromisoformat(o["expires_at"]) - datetime.fromisoformat(o["offered_at"])
             for o in (normal, urgent)]
    assert lasts == [timedelta(minutes=30), timedelta(minutes=10)]


def test_no_more_offers_today_holds_until_local_midnight(app, client, world, place):
    paused, other = _volunteers(world, place, (100, 200))
    r = client.post("/api/v1/me/offers/pause", headers=paused["headers"])
    assert r.status_code == 200 and r.json["day"] == clock.local(clock.now()).date().isoformat()
    assert client.post("/api/v1/me/offers/pause", headers=paused["headers"]).status_code == 200
    made = _offer(client, place, post_need(client, place), count=1)
    assert [o["user_id"] for o in made] == [other["id"]]
    tomorrow = clock.local(clock.now()).replace(hour=0, minute=1) + timedelta(days=1)
    with clock.freeze(tomorrow):
        need = post_need(client, place, starts_at=(tomorrow + timedelta(hours=9)).isoformat(),
                         ends_at=(tomorrow + timedelta(hours=11)).isoformat())
        made = _offer(client, place, need, count=1)
    assert [o["user_id"] for o in made] == [paused["id"]]


def test_when_no_one_is_left_the_social_worker_is_told_once(app, client, world, place):
    only = _volunteers(world, place, (100,))[0]
    need = post_need(client, place)
    _offer(client, place, need, count=2)
    client.post(f"/api/v1/offers/{_my_offer_id(client, only)}/decline", headers=only["headers"])
    _offer(client, place, need, count=2)  # asking again finds no one new
    notes = client.get("/api/v1/me/notifications", headers=place["social_worker"]["headers"]).json["items"]
    assert [n["kind"] for n in notes] == ["offers_exhausted"]


def test_accepting_is_idempotent_and_only_for_the_one_offered(client, world, place):
    person, stranger = _volunteers(world, place, (100, 5000))
    need = post_need(client, place, slots=2)
    offer_id = _offer(client, place, need, count=1)[0]["id"]
    r = client.post(f"/api/v1/offers/{offer_id}/accept", headers=stranger["headers"])
    assert r.status_code == 403 and r.json["error"]["code"] == "not_your_assignment"
    headers = {**person["headers"], "Idempotency-Key": "accept-1"}
    first = client.post(f"/api/v1/offers/{offer_id}/accept", headers=headers)
    again = client.post(f"/api/v1/offers/{offer_id}/accept", headers=headers)
    assert first.status_code == again.status_code == 200 and first.json == again.json
    assert first.json["status"] == "accepted"
    assert client.get(f"/api/v1/needs/{need['id']}", headers=person["headers"]).json["taken"] == 1
    plain = client.post(f"/api/v1/offers/{offer_id}/accept", headers=person["headers"])
    assert plain.status_code == 409 and plain.json["error"]["code"] == "offer_answered"


def test_only_staff_of_the_grid_make_offers_and_bad_counts_are_refused(client, world, place):
    person = _volunteers(world, place, (100,))[0]
    need = post_need(client, place)
    r = client.post(f"/api/v1/needs/{need['id']}/offers", headers=person["headers"], json={})
    assert r.status_code == 403
    r = client.post(f"/api/v1/needs/{need['id']}/offers", headers=place["social_worker"]["headers"],
                    json={"count": 0})
    assert r.status_code == 422 and "count" in r.json["error"]["fields"]
    r = client.get(f"/api/v1/needs/{need['id']}/offers", headers=person["headers"])
    assert r.status_code == 403
    assert client.post("/api/v1/needs/99999/offers", headers=place["social_worker"]["headers"],
                       json={}).status_code == 404


def test_the_default_batch_comes_from_config(app, client, world, place):
    _volunteers(world, place, (100, 200, 300, 400, 500))
    need = post_need(client, place)
    assert len(_offer(client, place, need)) == app.config["OFFER_BATCH"] == 3
    with app.app_context():
        assert db.session.get(Need, need["id"]).offer_batch == 3
