"""Hours: confirm or reject service records; hours, stars and points follow.

Confirmation is two-party: the need's social worker or the resident served. Confirmed
hours are appended to the hours ledger, points move from the community's issuer account
to the volunteer in the points ledger. A star is not awarded here: reaching the next
rung makes the volunteer eligible, and staff approve it (volunteer/stars/); revoked
hours lower a star at once.
"""
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from models import (
    Grid, HoursEntry, Need, PointsBalance, PointsTransfer, ServiceRecord, StarAward, User, VolunteerProfile, db,
)
from models.records import RECORD_MOVES, RecordStatus
from models.rewards import Overdrawn
from volunteer import audit, clock
from volunteer.access import is_staff, staffed_grid_filter, staffs_grid
from volunteer.errors import Conflict, Forbidden, NotFound
from volunteer.hours import rules
from volunteer.paging import page_of


def move_record(record: ServiceRecord, target: RecordStatus) -> None:
    if target not in RECORD_MOVES[record.status]:
        raise Conflict("illegal_transition", current=record.status.value, target=target.value)
    record.status = target


def user_account(user_id: int) -> str:
    return f"user:{user_id}"


def issuer_account(community_id: int) -> str:
    return f"issuer:{community_id}"


def _confirmable(actor: User, record_id: int) -> tuple[ServiceRecord, Need]:
    """The record, locked, if `actor` is one of the two parties who may confirm it.

    The two parties are the need's social worker and the resident served; on a need
    with no social worker, the staff of its grid stand in for the organiser. Nobody
    confirms their own service.
    """
    record = db.session.get(ServiceRecord, record_id, with_for_update=True, populate_existing=True)
    if record is None:
        raise NotFound()
    need = db.session.get(Need, record.need_id)
    if actor.id == record.volunteer_id:
        raise Forbidden("cannot_confirm_own_record")
    if actor.id == record.corrected_by_id:
        raise Forbidden("cannot_confirm_own_correction")
    # The grid's staff stand in for a missing organiser, and for one who corrected the record.
    stand_in = need.social_worker_id is None or record.corrected_by_id == need.social_worker_id
    organiser = stand_in and staffs_grid(actor, db.session.get(Grid, need.grid_id))
    if actor.id not in (need.social_worker_id, need.resident_id) and not organiser:
        raise Forbidden()
    return record, need


def confirm(actor: User, record_id: int) -> ServiceRecord:
    """Confirm a record: hours and points follow, once; stars may become eligible."""
    record, need = _confirmable(actor, record_id)
    move_record(record, RecordStatus.verified)
    record.confirmed_by_id, record.confirmed_at = actor.id, clock.now()
    settle(record, need)
    audit.record(actor.id, "confirm_record", f"record:{record.id}", hours=str(record.hours))
    db.session.commit()
    return record


def reject(actor: User, record_id: int, reason: str) -> ServiceRecord:
    """Reject a record, with the reason the volunteer will read; no hours follow."""
    record, _ = _confirmable(actor, record_id)
    move_record(record, RecordStatus.rejected)
    record.confirmed_by_id, record.confirmed_at, record.reject_reason = actor.id, clock.now(), reason
    audit.record(actor.id, "reject_record", f"record:{record.id}", reason=reason)
    db.session.commit()
    return record


def earlier_versions(record: ServiceRecord) -> list[int]:
    """Ids of the records `record` corrects, directly or through earlier corrections."""
    ids, current = [], record.corrects_id
    while current is not None:
        ids.append(current)
        current = db.session.get(ServiceRecord, current).corrects_id
    return ids


def settle(record: ServiceRecord, need: Need) -> None:
    """Bring the ledgers to what a newly verified `record` says, by appending rows only.

    The record's chain (it and the records it corrects) may have counted already; one
    hours entry and at most one points transfer carry the difference, keyed by this
    record's id, so a record settles once however often it is asked.
    """
    earlier = earlier_versions(record)
    counted = Decimal(0)
    if earlier:
        counted = db.session.scalar(select(func.coalesce(func.sum(HoursEntry.hours), 0))
                                    .where(HoursEntry.record_id.in_(earlier)))
    db.session.add(HoursEntry(volunteer_id=record.volunteer_id, record_id=record.id,
                              hours=record.hours - Decimal(counted), created_at=clock.now()))
    account = user_account(record.volunteer_id)
    credited = _points_on_records(account, earlier) if earlier else 0
    points = rules.points_for(record.hours, current_app.config["POINTS_PER_HOUR"]) - credited
    if points != 0:
        issuer = issuer_account(db.session.get(Grid, need.grid_id).community_id)
        source, target = (issuer, account) if points > 0 else (account, issuer)
        db.session.add(PointsTransfer(
            from_account=source, to_account=target, amount=abs(points),
            kind="service" if not earlier else "correction", record_id=record.id,
            memo=need.title, created_at=clock.now()))
    try:
        db.session.flush()
    except Overdrawn:  # the points a correction takes back were already spent
        db.session.rollback()
        raise Conflict("points_already_spent")
    follow_star_ladder(record.volunteer_id, f"record:{record.id}")


def _points_on_records(account: str, record_ids: list[int]) -> int:
    rows = db.session.execute(select(PointsTransfer.from_account, PointsTransfer.to_account,
                                     PointsTransfer.amount)
                              .where(PointsTransfer.record_id.in_(record_ids))).all()
    return sum(amount if target == account else -amount for source, target, amount in rows)


def total_hours(user_id: int) -> Decimal:
    total = db.session.scalar(select(func.sum(HoursEntry.hours)).where(HoursEntry.volunteer_id == user_id))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def points_balance(account: str) -> int:
    received = db.session.scalar(select(func.sum(PointsTransfer.amount)).where(PointsTransfer.to_account == account))
    sent = db.session.scalar(select(func.sum(PointsTransfer.amount)).where(PointsTransfer.from_account == account))
    return int(received or 0) - int(sent or 0)


def configured_ladder() -> tuple[int, ...]:
    config = current_app.config
    return rules.ladder(config["STAR_LADDER_PRESET"], config["STAR_LADDER_HOURS"])


def follow_star_ladder(user_id: int, cause: str) -> None:
    """Lower the star when revoked hours no longer reach it. Raising one needs approval."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id)
                                .with_for_update())
    if profile is None:
        return
    hours = total_hours(user_id)
    lowered = rules.lowered_level(hours, profile.star_level, configured_ladder())
    if lowered is None:
        return
    db.session.add(StarAward(volunteer_id=user_id, level=lowered, hours_at_award=hours, kind="lowered",
                             reason=f"hours revoked ({cause})", awarded_at=clock.now()))
    audit.record(None, "lower_star", f"volunteer:{profile.id}", level=lowered, cause=cause)
    profile.star_level = lowered


def records_to_confirm(actor: User, status: RecordStatus, page: int = 1, per_page: int = 20) -> dict:
    """Records `actor` may confirm: as the need's social worker, the resident served, or
    staff of the grid of a need that has no social worker."""
    mine = (Need.social_worker_id == actor.id) | (Need.resident_id == actor.id)
    if is_staff(actor):
        scope = staffed_grid_filter(actor)
        grids = select(Grid.id) if scope is None else select(Grid.id).where(scope)
        mine = mine | (Need.social_worker_id.is_(None) & Need.grid_id.in_(grids))
    return page_of(select(ServiceRecord).join(Need, Need.id == ServiceRecord.need_id)
                   .where(ServiceRecord.status == status, ServiceRecord.volunteer_id != actor.id, mine)
                   .order_by(ServiceRecord.id), page, per_page)


def summary(user: User) -> dict:
    """Hours, stars, points and records waiting, in one statement: the volunteer's home screen
    asks for it on every visit. Points are the cached balance, which moves in the same flush
    as every ledger line (models/rewards.py)."""
    row = db.session.execute(select(
        select(func.sum(HoursEntry.hours)).where(HoursEntry.volunteer_id == user.id).scalar_subquery(),
        select(VolunteerProfile.star_level).where(VolunteerProfile.user_id == user.id).scalar_subquery(),
        select(func.count()).select_from(ServiceRecord).where(
            ServiceRecord.volunteer_id == user.id, ServiceRecord.status == RecordStatus.pending).scalar_subquery(),
        select(PointsBalance.balance).where(PointsBalance.account == user_account(user.id)).scalar_subquery(),
    )).one()
    total, star_level, pending, points = row
    hours = Decimal(total or 0).quantize(Decimal("0.01"))
    steps = configured_ladder()
    level = star_level or 0
    return {"hours": hours, "star_level": level,
            "eligible_star_level": rules.eligible_level(hours, level, steps) if star_level is not None else None,
            "next_star_hours": rules.next_threshold(hours, steps),
            "points": int(points or 0), "pending_records": pending}
