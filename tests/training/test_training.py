"""Trainings: scheduled by a community's social worker; attendance shows in the record."""
from datetime import timedelta

from volunteer import clock
from models import Role
from tests.conftest import tomorrow_at


def _schedule(client, place, capacity=2, **extra):
    body = {"community_id": place["community_id"], "title": "居家养老服务技能培训", "place": "社区活动中心二楼",
            "starts_at": tomorrow_at(14).isoformat(), "ends_at": tomorrow_at(16, 30).isoformat(),
            "capacity": capacity, **extra}
    return client.post("/api/v1/trainings", headers=place["social_worker"]["headers"], json=body)


def _attend(client, place, training_id, user_id, **body):
    return client.post(f"/api/v1/trainings/{training_id}/attendance", headers=place["social_worker"]["headers"],
                       json={"user_id": user_id, **body})


def test_schedule_attend_and_see_it_in_my_record(client, world, place):
    r = _schedule(client, place)
    assert r.status_code == 201, r.json
    training = r.json
    assert training["attended"] == 0 and training["capacity"] == 2
    v = world.volunteer(place["grid_id"])
    assert [t["id"] for t in client.get("/api/v1/trainings", headers=v["headers"]).json["items"]] == [training["id"]]
    with clock.freeze(tomorrow_at(16, 30)):
        r = _attend(client, place, training["id"], v["id"])
        assert r.status_code == 201 and r.json["hours"] == 2.5
    mine = client.get("/api/v1/me/trainings", headers=v["headers"]).json["items"]
    assert [(t["training_id"], t["hours"], t["place"]) for t in mine] == [(training["id"], 2.5, "社区活动中心二楼")]
    record = client.get("/api/v1/me/records", headers=v["headers"]).json
    assert [(t["title"], t["hours"]) for t in record["training"]] == [("居家养老服务技能培训", 2.5)]
    assert record["basic"]["training_hours"] == 2.5 and record["basic"]["service_hours"] == 0.0


def test_attendance_rules(client, world, place):
    training = _schedule(client, place, capacity=2).json
    people = [world.volunteer(place["grid_id"], name=n) for n in ("甲一", "乙二", "丙三")]
    r = _attend(client, place, training["id"], people[0]["id"])
    assert r.status_code == 409 and r.json["error"]["code"] == "training_not_started"
    with clock.freeze(tomorrow_at(16)):
        r = _attend(client, place, training["id"], people[0]["id"], hours="3")
        assert r.status_code == 422 and r.json["error"]["code"] == "hours_exceed_span"
        r = _attend(client, place, training["id"], people[0]["id"], hours="0")
        assert r.status_code == 422 and "hours" in r.json["error"]["fields"]
        assert _attend(client, place, training["id"], people[0]["id"], hours="1.5").status_code == 201
        r = _attend(client, place, training["id"], people[0]["id"])
        assert r.status_code == 409 and r.json["error"]["code"] == "already_attended"
        assert _attend(client, place, training["id"], people[1]["id"]).status_code == 201
        r = _attend(client, place, training["id"], people[2]["id"])
        assert r.status_code == 409 and r.json["error"]["code"] == "training_full"
        r = _attend(client, place, training["id"], place["resident"]["id"])
        assert r.status_code == 422 and r.json["error"]["code"] == "not_a_volunteer"
        r = client.post(f"/api/v1/trainings/{training['id']}/attendance", headers=people[2]["headers"],
                        json={"user_id": people[2]["id"]})
        assert r.status_code == 403
    listed = client.get("/api/v1/trainings", headers=place["social_worker"]["headers"]).json["items"]
    assert listed[0]["attended"] == 2


def test_a_retried_attendance_counts_once(client, world, place):
    training = _schedule(client, place, capacity=5).json
    v = world.volunteer(place["grid_id"])
    h = {**place["social_worker"]["headers"], "Idempotency-Key": "att-1"}
    with clock.freeze(tomorrow_at(17)):
        first = client.post(f"/api/v1/trainings/{training['id']}/attendance", headers=h, json={"user_id": v["id"]})
        again = client.post(f"/api/v1/trainings/{training['id']}/attendance", headers=h, json={"user_id": v["id"]})
    assert first.status_code == again.status_code == 201 and first.json == again.json
    assert client.get("/api/v1/trainings", headers=v["headers"]).json["items"][0]["attended"] == 1


def test_who_may_schedule_and_what_is_refused(client, world, place):
    r = client.post("/api/v1/trainings", headers=place["manager"]["headers"], json={
        "community_id": place["community_id"], "title": "t", "place": "p", "capacity": 1,
        "starts_at": tomorrow_at(14).isoformat(), "ends_at": tomorrow_at(15).isoformat()})
    assert r.status_code == 403
    r = _schedule(client, place, ends_at=tomorrow_at(13).isoformat())
    assert r.status_code == 422 and "ends_at" in r.json["error"]["fields"]
    r = _schedule(client, place, capacity=0)
    assert r.status_code == 422 and "capacity" in r.json["error"]["fields"]
    r = _schedule(client, place, community_id=99999)
    assert r.status_code == 422 and "community_id" in r.json["error"]["fields"]
    other = world.community("别的社区")
    assert _schedule(client, place, community_id=other).status_code == 403
    street = world.user("街道管理员", roles=[(Role.admin, None, None)])
    body = {"community_id": other, "title": "应急救护培训", "place": "街道礼堂", "capacity": 50,
            "starts_at": (tomorrow_at(9) + timedelta(days=2)).isoformat(),
            "ends_at": (tomorrow_at(11) + timedelta(days=2)).isoformat()}
    assert client.post("/api/v1/trainings", headers=street["headers"], json=body).status_code == 201
    # A volunteer of the first community does not see the other community's training.
    v = world.volunteer(place["grid_id"])
    assert client.get("/api/v1/trainings", headers=v["headers"]).json["items"] == []
    assert len(client.get("/api/v1/trainings", headers=street["headers"]).json["items"]) == 1
