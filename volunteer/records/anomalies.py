"""The anti-fraud report: records in a staff member's grids that look wrong, and why.

Overlapping records of one volunteer, too many hours in a day, moves faster than a person
travels, one phone checking in several volunteers, and check-outs far from the place. The rules are in rules.py; this
module gathers the records (with the context they need, even from other grids) and
reports only those within the caller's grids.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from models import Assignment, Grid, Need, ServiceRecord, User, db
from models.records import RecordStatus
from volunteer import clock
from volunteer.access import staffed_grid_filter
from volunteer.geo import Point
from volunteer.messages import message
from volunteer.paging import page_list
from volunteer.records import rules

EFFECTIVE = (RecordStatus.pending, RecordStatus.verified)
DEFAULT_DAYS = 30


def anomalies(actor: User, since: datetime | None = None, until: datetime | None = None,
              page: int = 1, per_page: int = 20) -> dict:
    """A page of the flagged records that started in [since, until) (default: the last 30
    days), newest first; `total` counts all of them."""
    until = until or clock.now()
    since = since or until - timedelta(days=DEFAULT_DAYS)
    query = (select(ServiceRecord.id, ServiceRecord.volunteer_id)
             .join(Need, Need.id == ServiceRecord.need_id).join(Grid, Grid.id == Need.grid_id)
             .where(ServiceRecord.status.in_(EFFECTIVE), ServiceRecord.started_at >= since,
                    ServiceRecord.started_at < until))
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    in_scope = db.session.execute(query).all()
    if not in_scope:
        return page_list([], page, per_page)
    window = (since - timedelta(days=1), until + timedelta(days=1))
    visits = _visits(ServiceRecord.volunteer_id.in_({v for _, v in in_scope}), window)
    devices = {v.device_id for v in visits if v.device_id}
    if devices:
        known = {v.record_id for v in visits}
        visits += [v for v in _visits(Assignment.checkin_device_id.in_(devices), window)
                   if v.record_id not in known]
    config = current_app.config
    flags = rules.all_flags(visits, config["ANOMALY_MAX_DAILY_HOURS"], config["ANOMALY_MAX_SPEED_KMH"],
                            config["ANOMALY_POSITION_SLACK_M"])
    flagged = page_list(sorted({r for r, _ in in_scope} & set(flags), reverse=True), page, per_page)
    return {**flagged, "items": _report(flagged["items"], flags)}


def flags_of(records: list[ServiceRecord]) -> dict[int, list[str]]:
    """The anomaly codes of each of `records`, judged with the volunteers' other services
    around them (the same rules as the anomaly report)."""
    if not records:
        return {}
    window = (min(r.started_at for r in records) - timedelta(days=1), max(r.started_at for r in records) + timedelta(days=1))
    visits = _visits(ServiceRecord.volunteer_id.in_({r.volunteer_id for r in records}), window)
    config = current_app.config
    flags = rules.all_flags(visits, config["ANOMALY_MAX_DAILY_HOURS"], config["ANOMALY_MAX_SPEED_KMH"],
                            config["ANOMALY_POSITION_SLACK_M"])
    return {r.id: sorted({f.code.removeprefix("anomaly_") for f in flags.get(r.id, [])}) for r in records}


def _visits(condition, window) -> list[rules.Visit]:
    rows = db.session.execute(
        select(ServiceRecord, Assignment, Need.lat, Need.lng, Need.checkin_radius_m)
        .join(Assignment, Assignment.id == ServiceRecord.assignment_id).join(Need, Need.id == ServiceRecord.need_id)
        .where(condition, ServiceRecord.status.in_(EFFECTIVE),
               ServiceRecord.started_at >= window[0], ServiceRecord.started_at < window[1])).all()
    return [rules.Visit(
        record_id=r.id, volunteer_id=r.volunteer_id, started_at=r.started_at, ended_at=r.ended_at,
        hours=r.hours, day=clock.local(r.started_at).date(), checkin_at=a.checkin_at,
        checkin=Point(a.checkin_lat, a.checkin_lng) if a.checkin_lat is not None else None,
        checkout_at=a.checkout_at,
        checkout=Point(a.checkout_lat, a.checkout_lng) if a.checkout_lat is not None else None,
        device_id=a.checkin_device_id, place=Point(lat, lng), radius_m=radius)
        for r, a, lat, lng, radius in rows]


def _report(record_ids: list[int], flags: dict[int, list[rules.Flag]]) -> list[dict]:
    rows = db.session.execute(
        select(ServiceRecord, Need.title, Need.grid_id, User.name)
        .join(Need, Need.id == ServiceRecord.need_id).join(User, User.id == ServiceRecord.volunteer_id)
        .where(ServiceRecord.id.in_(record_ids)).order_by(ServiceRecord.started_at.desc())).all()
    return [{
        "record_id": r.id, "volunteer_id": r.volunteer_id, "volunteer_name": name, "need_id": r.need_id,
        "need_title": title, "grid_id": grid_id, "started_at": r.started_at, "ended_at": r.ended_at,
        "hours": r.hours, "status": r.status.value,
        "reasons": [{"code": f.code.removeprefix("anomaly_"), "message_zh": message(f.code, "zh", **f.params),
                     "message_en": message(f.code, "en", **f.params), "detail": f.params}
                    for f in flags[r.id]],
    } for r, title, grid_id, name in rows]
