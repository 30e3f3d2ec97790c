"""People change their minds: "I can't come" reopens the slot and passes it on, a full
need keeps a waitlist, and a late withdrawal weighs on reliability but is never a no-show."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import func, select

from models import Assignment, NoShow, Notification, User, db
from tests.conftest import tomorrow_at
from tests.helpers import post_need
from volunteer import clock
from volunteer.dispatch.sweeps import expire_offers
from volunteer.matching.services import find_candidates
from volunteer.stars.services import sweep_no_shows

WHY = {"reason": "家里老人生病，去不了"}


def _sign_up(client, need, person) -> int:
    r = client.post(f"/api/v1/needs/{need['id']}/signup", headers=person["headers"])
    assert r.status_code == 201, r.json
    return r.json["id"]


def _withdraw(client, person, assignment_id, key=None, body=WHY):
    headers = {**person["headers"], **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/v1/assignments/{assignment_id}/withdraw", headers=headers, json=body)


def _need_of(client, place, need):
    return client.get(f"/api/v1/needs/{need['id']}", headers=place["social_worker"]["headers"]).json


def _kinds(app, user_id):
    with app.app_context():
        return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)
                                       .order_by(Notification.id)))


def test_withdrawing_a_day_ahead_is_free_reopens_the_slot_and_tells_the_social_worker(app, client, world, place):
    starts = tomorrow_at(9)
    with clock.freeze(starts - timedelta(hours=30)):
        need = post_need(client, place)
        volunteer = world.volunteer(place["grid_id"])
        aid = _sign_up(client, need, volunteer)
        assert _need_of(client, place, need)["status"] == "filled"
        r = _withdraw(client, volunteer, aid)
    assert r.status_code == 200, r.json
    assert (r.json["status"], r.json["withdrawn_late"], r.json["reason"]) == ("withdrawn", False, WHY["reason"])
    shown = _need_of(client, place, need)
    assert (shown["status"], shown["taken"]) == ("open", 0)
    assert _kinds(app, place["social_worker"]["id"]) == ["assignment_withdrawn"]
    body = client.get("/api/v1/me/notifications", headers=place["social_worker"]["headers"]).json["items"][0]["body"]
    assert "李娜" in body or volunteer["name"] in body
    assert WHY["reason"] in body and "0/1" in body


def test_a_late_withdrawal_lowers_reliability_and_is_never_a_no_show(app, client, world, place):
    starts = tomorrow_at(9)
    with clock.freeze(starts - timedelta(hours=30)):
        early_need = post_need(client, place, title="早退出")
        late_need = post_need(client, place, title="晚退出", starts_at=(starts + timedelta(hours=3)).isoformat(),
                              ends_at=(starts + timedelta(hours=4)).isoformat())
        late, early = world.volunteer(place["grid_id"], name="晚退"), world.volunteer(place["grid_id"], name="早退")
        late_aid, early_aid = _sign_up(client, late_need, late), _sign_up(client, early_need, early)
        assert _withdraw(client, early, early_aid).json["withdrawn_late"] is False
    with clock.freeze(starts - timedelta(hours=2)):  # 5 hours before the later need
        r = _withdraw(client, late, late_aid)
    assert r.status_code == 200 and r.json["withdrawn_late"] is True
    with clock.freeze(starts + timedelta(hours=8)), app.app_context():
        assert sweep_no_shows(clock.now()) == 0
        assert db.session.scalar(select(func.count()).select_from(NoShow)) == 0
        profile = db.session.get(User, late["id"])
        assert profile.active
    with clock.freeze(starts - timedelta(hours=1)):
        another = post_need(client, place, title="又一需求", slots=2)
    with app.app_context():
        from models import Need
        matches = {m.user_id: m for m in find_candidates(db.session.get(Need, another["id"]))}
    kept = {uid: next(p["value"] for p in m.parts if p["kind"] == "reliability") for uid, m in matches.items()}
    assert kept[late["id"]] == 0.0 and kept[early["id"]] is None  # no history but a free withdrawal


def test_a_withdrawal_needs_a_reason_and_only_from_an_accepted_task_of_ones_own(client, world, place):
    need = post_need(client, place, slots=2)
    mine, other = world.volunteer(place["grid_id"]), world.volunteer(place["grid_id"], name="周杰")
    aid = _sign_up(client, need, mine)
    r = _withdraw(client, mine, aid, body={})
    assert r.status_code == 422 and "reason" in r.json["error"]["fields"]
    r = _withdraw(client, mine, aid, body={"reason": ""})
    assert r.status_code == 422 and "reason" in r.json["error"]["fields"]
    assert _withdraw(client, other, aid).status_code == 403
    assert _withdraw(client, mine, 10**9).status_code == 404
    assert _need_of(client, place, need)["taken"] == 1
    with clock.freeze(tomorrow_at(9)):
        client.post(f"/api/v1/assignments/{aid}/check-in", headers=mine["headers"],
                    json={"position": {"lat": 34.7766, "lng": 113.6801, "crs": "wgs84"}})
        r = _withdraw(client, mine, aid)
    assert r.status_code == 409 and r.json["error"]["code"] == "illegal_transition"


def test_a_withdrawal_sent_twice_with_one_key_releases_one_slot_and_tells_once(app, client, world, place):
    need = post_need(client, place, slots=2)
    one, two = world.volunteer(place["grid_id"]), world.volunteer(place["grid_id"], name="周杰")
    aid = _sign_up(client, need, one)
    _sign_up(client, need, two)
    first, again = _withdraw(client, one, aid, key="w-1"), _withdraw(client, one, aid, key="w-1")
    assert first.status_code == again.status_code == 200 and first.json == again.json
    assert _need_of(client, place, need)["taken"] == 1
    assert _kinds(app, place["social_worker"]["id"]) == ["assignment_withdrawn"]
    plain = _withdraw(client, one, aid)  # without the key it is a second move: refused
    assert plain.status_code == 409


def test_a_full_need_keeps_a_waitlist_and_a_freed_slot_goes_to_the_first_who_still_fits(app, client, world, place):
    need = post_need(client, place)
    holder = world.volunteer(place["grid_id"], name="持有人")
    first, second = world.volunteer(place["grid_id"], name="候补一"), world.volunteer(place["grid_id"], name="候补二")
    aid = _sign_up(client, need, holder)
    r = client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=first["headers"])
    assert r.status_code == 201 and r.json["status"] == "waitlisted"
    assert client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=second["headers"]).status_code == 201
    again = client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=first["headers"])
    assert again.status_code == 409 and again.json["error"]["code"] == "already_assigned"
    # The first no longer fits: suspended by staff, so the slot passes over them.
    assert client.post(f"/api/v1/volunteers/{first['id']}/suspend",
                       headers=place["social_worker"]["headers"]).status_code == 200
    _withdraw(client, holder, aid)
    offers = client.get("/api/v1/me/offers", headers=second["headers"]).json["items"]
    assert len(offers) == 1 and offers[0]["need"]["id"] == need["id"]
    assert client.get("/api/v1/me/offers", headers=first["headers"]).json["items"] == []
    assert _kinds(app, second["id"]) == ["waitlist_offer"]
    r = client.post(f"/api/v1/offers/{offers[0]['id']}/accept", headers=second["headers"])
    assert r.status_code == 200 and r.json["status"] == "accepted"
    shown = _need_of(client, place, need)
    assert (shown["status"], shown["taken"]) == ("filled", 1)


def test_a_waitlisted_person_may_decline_and_the_slot_passes_to_the_next(client, world, place):
    need = post_need(client, place)
    holder, first, second = (world.volunteer(place["grid_id"], name=n) for n in ("甲", "乙", "丙"))
    aid = _sign_up(client, need, holder)
    for person in (first, second):
        client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=person["headers"])
    _withdraw(client, holder, aid)
    offer = client.get("/api/v1/me/offers", headers=first["headers"]).json["items"][0]
    assert client.post(f"/api/v1/offers/{offer['id']}/decline", headers=first["headers"]).status_code == 200
    assert [o["need"]["id"] for o in client.get("/api/v1/me/offers", headers=second["headers"]).json["items"]] == [need["id"]]


def test_a_waitlist_offer_that_lapses_passes_on_in_the_sweep(app, client, world, place):
    need = post_need(client, place)
    holder, first, second = (world.volunteer(place["grid_id"], name=n) for n in ("甲", "乙", "丙"))
    aid = _sign_up(client, need, holder)
    for person in (first, second):
        client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=person["headers"])
    _withdraw(client, holder, aid)
    with clock.freeze(clock.now() + timedelta(minutes=31)), app.app_context():
        assert expire_offers(clock.now()) == 1
    assert len(client.get("/api/v1/me/offers", headers=second["headers"]).json["items"]) == 1


def test_one_cannot_join_the_waitlist_of_a_need_with_room(client, world, place):
    need = post_need(client, place, slots=2)
    person = world.volunteer(place["grid_id"])
    r = client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=person["headers"])
    assert r.status_code == 409 and r.json["error"]["code"] == "need_has_room"
    far = world.volunteer(place["grid_id"], offset_m=(40_000, 0), name="远方")
    _sign_up(client, need, person)
    _sign_up(client, need, world.volunteer(place["grid_id"], name="周杰"))
    r = client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=far["headers"])
    assert r.status_code == 422  # the need's rules hold for the waitlist too


def test_a_withdrawal_in_offer_mode_offers_the_slot_to_the_next_candidate(client, world, place):
    need = post_need(client, place)
    holder = world.volunteer(place["grid_id"], offset_m=(100, 0), name="近")
    nxt = world.volunteer(place["grid_id"], offset_m=(300, 0), name="次近")
    r = client.post(f"/api/v1/needs/{need['id']}/offers", headers=place["social_worker"]["headers"], json={"count": 1})
    assert [o["user_id"] for o in r.json] == [holder["id"]]
    client.post(f"/api/v1/offers/{r.json[0]['id']}/accept", headers=holder["headers"])
    aid = r.json[0]["id"]
    assert _withdraw(client, holder, aid).status_code == 200
    assert [o["need"]["id"] for o in client.get("/api/v1/me/offers", headers=nxt["headers"]).json["items"]] == [need["id"]]


def test_a_withdrawal_racing_accepts_never_overfills_the_slot(app, world, place):
    client = app.test_client()
    need = post_need(client, place)
    holder = world.volunteer(place["grid_id"], name="持有人")
    aid = _sign_up(client, need, holder)
    waiting = [world.volunteer(place["grid_id"], name=f"候补{i}") for i in range(4)]
    for person in waiting:
        assert client.post(f"/api/v1/needs/{need['id']}/waitlist", headers=person["headers"]).status_code == 201

    def sign_up(person):
        return app.test_client().post(f"/api/v1/needs/{need['id']}/signup", headers=person["headers"]).status_code

    strangers = [world.volunteer(place["grid_id"], name=f"路人{i}") for i in range(4)]
    with ThreadPoolExecutor(max_workers=5) as pool:
        withdrawn = pool.submit(lambda: _withdraw(app.test_client(), holder, aid).status_code)
        signups = list(pool.map(sign_up, strangers))
    assert withdrawn.result() == 200
    assert signups == [409] * 4  # before the withdrawal the need is full; after, its slot is held
    with app.app_context():
        from models import Need
        row = db.session.get(Need, need["id"])
        holding = db.session.scalar(select(func.count()).select_from(Assignment).where(
            Assignment.need_id == need["id"], Assignment.status == "accepted"))
        offered = db.session.scalar(select(func.count()).select_from(Assignment).where(
            Assignment.need_id == need["id"], Assignment.status == "offered"))
        assert (row.taken, holding, offered, row.slots) == (1, 0, 1, 1)
        first = db.session.scalar(select(Assignment.user_id).where(
            Assignment.need_id == need["id"], Assignment.status == "offered"))
        assert first == waiting[0]["id"]  # the freed slot is held for the first on the waitlist


def test_two_withdrawals_at_once_release_one_slot(app, world, place):
    client = app.test_client()
    need = post_need(client, place, slots=2)
    one, two = world.volunteer(place["grid_id"]), world.volunteer(place["grid_id"], name="周杰")
    aid = _sign_up(client, need, one)
    _sign_up(client, need, two)
    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = sorted(pool.map(lambda _: _withdraw(app.test_client(), one, aid).status_code, range(2)))
    assert codes == [200, 409]
    assert _need_of(client, place, need)["taken"] == 1
