"""Recurring needs: instances made ahead, one per date, however often the sweep runs."""
from datetime import date, timedelta

from sqlalchemy import select

from models import Need, db
from volunteer import clock
from volunteer.recurring.services import create_recurring_instances

MONDAY = date(2026, 12, 7)


def _rule(client, place, **extra):
    body = {"grid_id": place["grid_id"], "title": "每周探访留守老人", "skills": ["elder_daily_care"],
            "address": "黄河路社区5号院1号楼302", "weekdays": [1], "start": "09:00",
            "duration_minutes": 90, "starts_on": MONDAY.isoformat(), **extra}
    r = client.post("/api/v1/recurring-needs", headers=place["social_worker"]["headers"], json=body)
    assert r.status_code == 201, r.json
    return r.json


def test_weekly_instances_are_made_ahead_and_never_twice(app, client, place):
    rule = _rule(client, place)
    assert rule["weekdays"] == [1] and rule["start"] == "09:00"
    sunday_noon = clock.local(clock.now()).replace(year=2026, month=12, day=6, hour=12, minute=0)
    with app.app_context():
        assert create_recurring_instances(sunday_noon) == 2  # Tuesdays 8 and 15 within 14 days
        assert create_recurring_instances(sunday_noon) == 0
        assert create_recurring_instances(sunday_noon + timedelta(days=7)) == 1  # the 22nd
        needs = list(db.session.scalars(select(Need).order_by(Need.starts_at)))
        assert [n.occurs_on for n in needs] == [date(2026, 12, 8), date(2026, 12, 15), date(2026, 12, 22)]
        first = needs[0]
        assert clock.local(first.starts_at).strftime("%a %H:%M") == "Tue 09:00"
        assert (first.ends_at - first.starts_at) == timedelta(minutes=90)
        assert [s.code for s in first.skills] == ["elder_daily_care"]
        assert first.social_worker_id == place["social_worker"]["id"]


def test_a_rule_ends_on_its_last_day(app, client, place):
    _rule(client, place, weekdays=[0, 1, 2, 3, 4, 5, 6], ends_on="2026-12-09")
    with app.app_context():
        monday_night = clock.local(clock.now()).replace(year=2026, month=12, day=7, hour=20)
        assert create_recurring_instances(monday_night) == 2  # Tue 8, Wed 9; Monday 09:00 has passed


def test_bad_rules_name_the_field_and_others_may_not_set_them(client, world, place):
    r = client.post("/api/v1/recurring-needs", headers=place["social_worker"]["headers"],
                    json={"grid_id": place["grid_id"], "title": "x", "skills": ["elder_daily_care"],
                          "address": "y", "weekdays": [7], "start": "25:00", "duration_minutes": 5,
                          "starts_on": "2026-12-07"})
    assert r.status_code == 422
    assert {"weekdays", "start", "duration_minutes"} <= set(r.json["error"]["fields"])
    rule = _rule(client, place)
    v = world.volunteer(place["grid_id"])
    body = {k: rule[k] for k in ("grid_id", "title", "skills", "address", "weekdays", "start",
                                 "duration_minutes", "starts_on")}
    r = client.post("/api/v1/recurring-needs", headers=v["headers"], json=body)
    assert r.status_code == 403
    assert len(client.get("/api/v1/recurring-needs", headers=place["manager"]["headers"]).json["items"]) == 1
