"""Exact positions are kept only as long as they serve: a check-in or check-out position older
than POSITION_RETENTION_DAYS is rounded to two decimals (about a kilometre), which still
shows the neighbourhood a record was served in and no longer a door."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Float, Numeric, cast, func, or_, update

from models import Assignment, db


def _rounded(column):
    # PostgreSQL rounds only numerics; SQLite takes the same casts.
    return cast(func.round(cast(column, Numeric), 2), Float)


def round_old_positions(now: datetime) -> int:
    """Round the exact positions of check-ins made before the retention window; how many rows."""
    cutoff = now - timedelta(days=current_app.config["POSITION_RETENTION_DAYS"])
    exact = or_(Assignment.checkin_lat != _rounded(Assignment.checkin_lat),
                Assignment.checkin_lng != _rounded(Assignment.checkin_lng),
                Assignment.checkout_lat != _rounded(Assignment.checkout_lat),
                Assignment.checkout_lng != _rounded(Assignment.checkout_lng))
    done = db.session.execute(
        update(Assignment).where(Assignment.checkin_at < cutoff, exact).values(
            checkin_lat=_rounded(Assignment.checkin_lat), checkin_lng=_rounded(Assignment.checkin_lng),
            checkout_lat=_rounded(Assignment.checkout_lat), checkout_lng=_rounded(Assignment.checkout_lng),
        ).execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return done
