"""History is never edited in place nor deleted, whatever code tries."""
from decimal import Decimal

import pytest
from sqlalchemy import delete, update

from models import HoursEntry, ServiceRecord, StarAward, db
from models.records import AppendOnlyViolation
from tests.helpers import served


def _confirmed(client, world, place):
    v, record = served(client, world, place)
    assert client.post(f"/api/v1/records/{record['id']}/confirm",
                       headers=place["social_worker"]["headers"]).status_code == 200
    return v, record


@pytest.mark.parametrize("column,value", [
    ("hours", Decimal("9.00")), ("content", "改写"), ("place", "别处"), ("volunteer_id", 1), ("corrects_id", None),
])
def test_what_a_record_says_cannot_be_changed(app, client, world, place, column, value):
    v, record = _confirmed(client, world, place)
    with app.app_context():
        row = db.session.get(ServiceRecord, record["id"])
        if column == "corrects_id":
            value = record["id"]
        setattr(row, column, value)
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()
        db.session.rollback()
        assert db.session.get(ServiceRecord, record["id"]).hours == Decimal("2.00")


def test_a_confirmation_is_written_once(app, client, world, place):
    v, record = _confirmed(client, world, place)
    with app.app_context():
        row = db.session.get(ServiceRecord, record["id"])
        row.confirmed_by_id = v["id"]
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()


def test_records_and_ledger_rows_are_never_deleted(app, client, world, place):
    _confirmed(client, world, place)
    with app.app_context():
        for model in (ServiceRecord, HoursEntry):
            db.session.delete(db.session.scalars(db.select(model)).first())
            with pytest.raises(AppendOnlyViolation):
                db.session.flush()
            db.session.rollback()
        db.session.add(StarAward(volunteer_id=1, level=1, hours_at_award=Decimal(1)))
        db.session.commit()
        db.session.delete(db.session.scalars(db.select(StarAward)).first())
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()


def test_bulk_updates_and_deletes_are_refused(app, client, world, place):
    _confirmed(client, world, place)
    with app.app_context():
        with pytest.raises(AppendOnlyViolation):
            db.session.execute(update(HoursEntry).values(hours=100))
        with pytest.raises(AppendOnlyViolation):
            db.session.execute(delete(ServiceRecord))
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.sum(HoursEntry.hours))) == Decimal("2.00")


def test_moving_status_is_still_allowed_through_the_service(app, client, world, place):
    v, record = served(client, world, place)
    r = client.post(f"/api/v1/records/{record['id']}/reject", headers=place["resident"]["headers"],
                    json={"reason": "当天未见到志愿者"})
    assert r.status_code == 200 and r.json["status"] == "rejected"


def test_an_excused_no_show_cannot_be_unexcused(app, client, world, place):
    from datetime import timedelta

    from models import NoShow
    from volunteer.stars.services import sweep_no_shows
    from tests.conftest import tomorrow_at
    from tests.helpers import post_need

    v = world.volunteer(place["grid_id"])
    need = post_need(client, place)
    aid = client.post(f"/api/v1/needs/{need['id']}/signup", headers=v["headers"]).json["id"]
    with app.app_context():
        assert sweep_no_shows(tomorrow_at(11) + timedelta(hours=2)) == 1
    r = client.post(f"/api/v1/assignments/{aid}/no-show", headers=place["social_worker"]["headers"],
                    json={"excused": True, "reason": "病假"})
    assert r.status_code == 201 and r.json["excused"] is True
    with app.app_context():
        row = db.session.scalar(db.select(NoShow))
        row.excused = False
        with pytest.raises(AppendOnlyViolation):
            db.session.commit()
