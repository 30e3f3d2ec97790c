"""My points and gifts: balances are ledger sums; a gift cannot overdraw either."""
from concurrent.futures import ThreadPoolExecutor

from models import PointsTransfer, db
from volunteer.rewards.ledger import check_balances
from tests.rewards.helpers import balance, credit


def test_my_points_show_the_balance_and_signed_lines(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    son = world.user("李小明")
    credit(app, v["id"], place["community_id"], 50)
    r = client.post("/api/v1/me/points/gifts", headers=v["headers"],
                    json={"to_phone": son["phone"], "amount": 20, "memo": "给儿子"})
    assert r.status_code == 201 and r.json["amount"] == 20 and r.json["to_name"] == "李**"
    mine = client.get("/api/v1/me/points", headers=v["headers"]).json
    assert mine["balance"] == 30
    assert [(line["amount"], line["kind"], line["counterparty"]) for line in mine["lines"]] == [
        (-20, "gift", "李**"), (50, "service", "黄河路社区")]
    assert balance(client, son) == 20
    page_two = client.get("/api/v1/me/points?page=2&per_page=1", headers=v["headers"]).json
    assert [line["amount"] for line in page_two["lines"]] == [50]
    assert client.get("/api/v1/me/points?per_page=0", headers=v["headers"]).status_code == 422


def test_a_gift_cannot_overdraw_and_bad_input_changes_nothing(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    mother = world.user("王桂兰")
    credit(app, v["id"], place["community_id"], 10)
    url = "/api/v1/me/points/gifts"
    r = client.post(url, headers=v["headers"], json={"to_phone": mother["phone"], "amount": 11})
    assert r.status_code == 409 and r.json["error"]["code"] == "points_insufficient"
    r = client.post(url, headers=v["headers"], json={"to_phone": "13911112222", "amount": 1})
    assert r.status_code == 422 and r.json["error"]["code"] == "unknown_recipient" and "to_phone" in r.json["error"]["fields"]
    r = client.post(url, headers=v["headers"], json={"to_phone": v["phone"], "amount": 1})
    assert r.status_code == 422 and r.json["error"]["code"] == "gift_to_self"
    for body, field in (({"to_phone": mother["phone"], "amount": 0}, "amount"),
                        ({"to_phone": mother["phone"], "amount": "5"}, "amount"),
                        ({"to_phone": "12345", "amount": 5}, "to_phone"),
                        ({"amount": 5}, "to_phone")):
        r = client.post(url, headers=v["headers"], json=body)
        assert r.status_code == 422 and field in r.json["error"]["fields"], body
    assert client.post(url, json={"to_phone": mother["phone"], "amount": 1}).status_code == 401
    assert balance(client, v) == 10 and balance(client, mother) == 0


def test_a_gift_retried_with_the_same_key_moves_once(app, client, world, place):
    v = world.volunteer(place["grid_id"])
    daughter = world.user("李小红")
    credit(app, v["id"], place["community_id"], 10)
    headers = {**v["headers"], "Idempotency-Key": "gift-7"}
    body = {"to_phone": daughter["phone"], "amount": 4}
    first = client.post("/api/v1/me/points/gifts", headers=headers, json=body)
    again = client.post("/api/v1/me/points/gifts", headers=headers, json=body)
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert balance(client, v) == 6 and balance(client, daughter) == 4


def test_twenty_concurrent_gifts_at_a_balance_for_three_give_three(app, world, place):
    client = app.test_client()
    v = world.volunteer(place["grid_id"])
    family = [world.user(f"家人{i}") for i in range(20)]
    credit(app, v["id"], place["community_id"], 30)

    def give(person):
        r = app.test_client().post("/api/v1/me/points/gifts", headers=v["headers"],
                                   json={"to_phone": person["phone"], "amount": 10})
        return r.status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = sorted(pool.map(give, family))
    assert codes == [201] * 3 + [409] * 17
    assert balance(client, v) == 0
    assert sum(balance(client, p) for p in family) == 30


def test_opposite_gifts_at_once_neither_deadlock_nor_lose_points(app, world, place):
    client = app.test_client()
    a, b = world.volunteer(place["grid_id"], name="甲某"), world.volunteer(place["grid_id"], name="乙某")
    for person in (a, b):
        credit(app, person["id"], place["community_id"], 100)
    moves = [(a, b), (b, a)] * 10

    def give(pair):
        giver, taker = pair
        return app.test_client().post("/api/v1/me/points/gifts", headers=giver["headers"],
                                      json={"to_phone": taker["phone"], "amount": 3}).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert list(pool.map(give, moves)) == [201] * 20
    assert balance(client, a) == balance(client, b) == 100
    with app.app_context():
        assert check_balances()["mismatches"] == []
        assert db.session.query(PointsTransfer).filter_by(kind="gift").count() == 20
