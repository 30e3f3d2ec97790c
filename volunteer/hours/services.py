"""Hours: confirm or reject service records; hours, stars and points follow.

Confirmation is two-party: the need's social worker or the resident served. Confirmed
hours are appended to the hours ledger, points move from the community's issuer account
to the volunteer in the points ledger, and the star level follows the configured ladder.
"""
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from models import (
    Grid, HoursEntry, Need, PointsTransfer, ServiceRecord, StarAward, User, VolunteerProfile, db,
)
from models.records import RECORD_MOVES, RecordStatus
from volunteer import audit, clock
from volunteer.errors import Conflict, Forbidden, NotFound
from volunteer.hours import rules


def move_record(record: ServiceRecord, target: RecordStatus) -> None:
    if target not in RECORD_MOVES[record.status]:
        raise Conflict("illegal_transition", current=record.status.value, target=target.value)
    record.status = target


def user_account(user_id: int) -> str:
    return f"user:{user_id}"


def issuer_account(community_id: int) -> str:
    return f"issuer:{community_id}"


def _confirmable(actor: User, record_id: int) -> tuple[ServiceRecord, Need]:
    record = db.session.get(ServiceRecord, record_id, with_for_update=True, populate_existing=True)
    if record is None:
        raise NotFound()
    need = db.session.get(Need, record.need_id)
    if actor.id not in (need.social_worker_id, need.resident_id):
        raise Forbidden()
    return record, need


def confirm(actor: User, record_id: int) -> ServiceRecord:
    """Confirm a record: hours, points and star level follow, once."""
    record, need = _confirmable(actor, record_id)
    move_record(record, RecordStatus.verified)
    record.confirmed_by_id, record.confirmed_at = actor.id, clock.now()
    db.session.add(HoursEntry(volunteer_id=record.volunteer_id, record_id=record.id,
                              hours=record.hours, created_at=clock.now()))
    points = rules.points_for(record.hours, current_app.config["POINTS_PER_HOUR"])
    if points > 0:
        community_id = db.session.get(Grid, need.grid_id).community_id
        db.session.add(PointsTransfer(
            from_account=issuer_account(community_id), to_account=user_account(record.volunteer_id),
            amount=points, kind="service", record_id=record.id, memo=need.title,
            created_at=clock.now()))
    db.session.flush()
    _follow_star_ladder(record.volunteer_id)
    audit.record(actor.id, "confirm_record", f"record:{record.id}", hours=str(record.hours))
    db.session.commit()
    return record


def reject(actor: User, record_id: int, reason: str) -> ServiceRecord:
    record, _ = _confirmable(actor, record_id)
    move_record(record, RecordStatus.rejected)
    record.confirmed_by_id, record.confirmed_at, record.reject_reason = actor.id, clock.now(), reason
    audit.record(actor.id, "reject_record", f"record:{record.id}", reason=reason)
    db.session.commit()
    return record


def total_hours(user_id: int) -> Decimal:
    total = db.session.scalar(select(func.sum(HoursEntry.hours)).where(HoursEntry.volunteer_id == user_id))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def points_balance(account: str) -> int:
    received = db.session.scalar(select(func.sum(PointsTransfer.amount)).where(PointsTransfer.to_account == account))
    sent = db.session.scalar(select(func.sum(PointsTransfer.amount)).where(PointsTransfer.from_account == account))
    return int(received or 0) - int(sent or 0)


def _follow_star_ladder(user_id: int) -> None:
    """Award every star the new total reaches that the volunteer does not hold yet."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id)
                                .with_for_update())
    if profile is None:
        return
    hours = total_hours(user_id)
    level = rules.star_level(hours, current_app.config["STAR_LADDER_HOURS"])
    for reached in range(profile.star_level + 1, level + 1):
        db.session.add(StarAward(volunteer_id=user_id, level=reached, hours_at_award=hours,
                                 awarded_at=clock.now()))
    profile.star_level = max(profile.star_level, level)


def records_to_confirm(actor: User, status: RecordStatus) -> list[ServiceRecord]:
    """Records on needs where `actor` is the social worker or the resident served."""
    return list(db.session.scalars(
        select(ServiceRecord).join(Need, Need.id == ServiceRecord.need_id)
        .where(ServiceRecord.status == status,
               (Need.social_worker_id == actor.id) | (Need.resident_id == actor.id))
        .order_by(ServiceRecord.id).limit(200)))


def my_records(user: User) -> list[ServiceRecord]:
    return list(db.session.scalars(select(ServiceRecord).where(ServiceRecord.volunteer_id == user.id)
                                   .order_by(ServiceRecord.id.desc()).limit(200)))


def summary(user: User) -> dict:
    hours = total_hours(user.id)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    pending = db.session.scalar(select(func.count()).select_from(ServiceRecord).where(
        ServiceRecord.volunteer_id == user.id, ServiceRecord.status == RecordStatus.pending))
    return {"hours": hours, "star_level": profile.star_level if profile else 0,
            "next_star_hours": rules.next_threshold(hours, current_app.config["STAR_LADDER_HOURS"]),
            "points": points_balance(user_account(user.id)), "pending_records": pending}
