"""Exact check-in positions are kept POSITION_RETENTION_DAYS, then rounded by a sweep, once."""
from datetime import timedelta

from models import Assignment, db
from tests.conftest import tomorrow_at
from tests.helpers import served
from volunteer.assignments.retention import round_old_positions


def test_positions_older_than_the_retention_window_are_rounded_once_and_newer_ones_kept(app, client, world, place):
    _, record = served(client, world, place)
    with app.app_context():
        exact = db.session.get(Assignment, record["assignment_id"])
        before = (exact.checkin_lat, exact.checkin_lng, exact.checkout_lat, exact.checkout_lng)
        assert any(round(x, 2) != x for x in before)
        days = app.config["POSITION_RETENTION_DAYS"]
        assert round_old_positions(tomorrow_at(12) + timedelta(days=days - 1)) == 0
        db.session.expire_all()
        assert (exact.checkin_lat, exact.checkin_lng, exact.checkout_lat, exact.checkout_lng) == before
        assert round_old_positions(tomorrow_at(12) + timedelta(days=days + 1)) == 1
        db.session.expire_all()
        after = (exact.checkin_lat, exact.checkin_lng, exact.checkout_lat, exact.checkout_lng)
        assert after == tuple(round(x, 2) for x in before)
        assert round_old_positions(tomorrow_at(12) + timedelta(days=days + 2)) == 0  # nothing left to round
    # The record itself is untouched: its hours and place still stand.
    staff = client.get(f"/api/v1/volunteers/{record['volunteer_id']}/records", headers=place["social_worker"]["headers"])
    assert staff.status_code == 200
