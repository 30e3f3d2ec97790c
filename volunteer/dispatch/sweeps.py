"""Sweeps the scheduler runs over the database. Each takes `now`, is idempotent (a second
run finds nothing left to do) and commits per item, so a crash loses at most one item's
work and a restart picks up where it stopped."""
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from models import Assignment, Grid, Need, ServiceRecord, db
from models.assignments import AssignmentStatus
from models.needs import NeedStatus, Urgency
from models.records import RecordStatus
from volunteer import audit
from volunteer.assignments.services import complete_need_if_done, move_assignment, service_hours
from volunteer.dispatch.services import let_go, pass_on
from volunteer.places.services import grid_staff_ids
from volunteer.notify.services import notify
from volunteer.people.services import reports_as_party_member

log = logging.getLogger("volunteer.jobs")


def _each(ids, work) -> int:
    """Run `work(id)` in its own transaction for each id; add up what each did."""
    done = 0
    for item_id in ids:
        try:
            done += int(work(item_id) or 0)
            db.session.commit()
        except Exception:  # one bad row must not stop the sweep; it is retried next time
            db.session.rollback()
            log.exception("sweep item %s failed", item_id)
    return done


def expire_offers(now: datetime) -> int:
    """Lapse offers past their time and pass each need on to its next candidates."""
    need_ids = list(db.session.scalars(select(Assignment.need_id).distinct().where(
        Assignment.status == AssignmentStatus.offered, Assignment.expires_at <= now)))
    db.session.commit()

    def lapse(need_id: int) -> int:
        need = db.session.get(Need, need_id, with_for_update=True, populate_existing=True)
        lapsed = list(db.session.scalars(select(Assignment).where(
            Assignment.need_id == need_id, Assignment.status == AssignmentStatus.offered,
            Assignment.expires_at <= now).with_for_update()))
        for offer in lapsed:
            let_go(need, offer, AssignmentStatus.expired, now)
        pass_on(need, now)
        return len(lapsed)

    return _each(need_ids, lapse)


def escalate_urgent_needs(now: datetime) -> int:
    """Tell the grid's social worker and manager of urgent needs unfilled after a while."""
    minutes = current_app.config["ESCALATE_AFTER_MINUTES"]
    need_ids = list(db.session.scalars(select(Need.id).where(
        Need.urgency == Urgency.urgent, Need.status == NeedStatus.open,
        Need.escalated_at.is_(None), Need.created_at <= now - timedelta(minutes=minutes),
        Need.ends_at > now)))
    db.session.commit()

    def escalate(need_id: int) -> bool:
        claimed = db.session.execute(
            update(Need).where(Need.id == need_id, Need.escalated_at.is_(None))
            .values(escalated_at=now).execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            return False
        need = db.session.get(Need, need_id, populate_existing=True)
        for user_id in sorted(grid_staff_ids(db.session.get(Grid, need.grid_id), need)):
            notify(user_id, "need_escalated", f"need:{need.id}",
                   dedupe_key=f"need_escalated:{need.id}:{user_id}", title=need.title,
                   minutes=minutes, taken=need.taken, slots=need.slots)
        audit.record(None, "escalate_need", f"need:{need.id}")
        return True

    return _each(need_ids, escalate)


def remind_shifts(now: datetime) -> int:
    """Remind each person holding a slot once, shortly before the shift starts."""
    before = timedelta(minutes=current_app.config["REMIND_BEFORE_MINUTES"])
    ids = list(db.session.scalars(
        select(Assignment.id).join(Need, Need.id == Assignment.need_id).where(
            Assignment.status == AssignmentStatus.accepted, Assignment.reminded_at.is_(None),
            Need.starts_at > now, Need.starts_at <= now + before)))
    db.session.commit()

    def remind(assignment_id: int) -> bool:
        claimed = db.session.execute(
            update(Assignment).where(Assignment.id == assignment_id, Assignment.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False)).rowcount
        if claimed != 1:
            return False
        assignment = db.session.get(Assignment, assignment_id, populate_existing=True)
        need = assignment.need
        notify(assignment.user_id, "shift_reminder", f"assignment:{assignment.id}",
               dedupe_key=f"shift_reminder:{assignment.id}", title=need.title,
               starts_at=need.starts_at, address=need.address)
        return True

    return _each(ids, remind)


def close_open_checkins(now: datetime) -> int:
    """Close check-ins never checked out well past the need's end, and flag them.

    The service record stops at the planned end and waits for the social worker like any
    other; the assignment's flag "checkout_missing" and an audit event tell the records
    review that the system, not the volunteer, closed it.
    """
    grace = timedelta(minutes=current_app.config["CHECKOUT_GRACE_MINUTES"])
    ids = list(db.session.scalars(
        select(Assignment.id).join(Need, Need.id == Assignment.need_id).where(
            Assignment.status == AssignmentStatus.checked_in, Need.ends_at <= now - grace)))
    db.session.commit()

    def close(assignment_id: int) -> bool:
        assignment = db.session.get(Assignment, assignment_id, with_for_update=True,
                                    populate_existing=True)
        if assignment.status != AssignmentStatus.checked_in:
            return False
        need = db.session.get(Need, assignment.need_id, with_for_update=True, populate_existing=True)
        ended = max(need.ends_at, assignment.checkin_at)
        move_assignment(assignment, AssignmentStatus.completed)
        assignment.flag = "checkout_missing"
        record = ServiceRecord(
            assignment_id=assignment.id, need_id=need.id, volunteer_id=assignment.user_id,
            started_at=assignment.checkin_at, ended_at=ended,
            hours=service_hours(assignment.checkin_at, ended),
            content=f"{need.title}（未签退，按计划结束时间关闭）", place=need.public_place,
            status=RecordStatus.pending, created_at=now,
            as_party_member=reports_as_party_member(assignment.user_id), team_id=assignment.team_id)
        db.session.add(record)
        complete_need_if_done(need)
        db.session.flush()
        audit.record(None, "close_checkin", f"assignment:{assignment.id}",
                     flag="checkout_missing", record_id=record.id)
        notify(assignment.user_id, "checkout_missing", f"assignment:{assignment.id}",
               dedupe_key=f"checkout_missing:{assignment.id}", title=need.title,
               ends_at=need.ends_at)
        return True

    return _each(ids, close)


def chase_confirmations(now: datetime) -> int:
    """Hours nobody confirmed never vanish quietly: a record pending CONFIRM_REMIND_HOURS
    reminds its confirmers (the need's social worker and resident) once; pending
    CONFIRM_ESCALATE_HOURS it goes to all the grid's staff, once. Records older than
    CONFIRM_CHASE_DAYS are left to the records review."""
    config = current_app.config
    remind_at = now - timedelta(hours=config["CONFIRM_REMIND_HOURS"])
    escalate_at = now - timedelta(hours=config["CONFIRM_ESCALATE_HOURS"])
    rows = list(db.session.execute(select(ServiceRecord.id, ServiceRecord.created_at).where(
        ServiceRecord.status == RecordStatus.pending, ServiceRecord.created_at <= remind_at,
        ServiceRecord.created_at > now - timedelta(days=config["CONFIRM_CHASE_DAYS"]))))
    db.session.commit()
    created = dict(rows)

    def chase(record_id: int) -> int:
        record = db.session.get(ServiceRecord, record_id)
        need = db.session.get(Need, record.need_id)
        volunteer = record.volunteer.name if record.volunteer else ""
        params = {"title": need.title, "name": volunteer, "hours": f"{float(record.hours):g}"}
        confirmers = {i for i in (need.social_worker_id, need.resident_id) if i is not None} or {need.created_by_id}
        sent = 0
        for person in sorted(confirmers):
            sent += notify(person, "confirm_reminder", f"record:{record.id}",
                           dedupe_key=f"confirm_reminder:{record.id}:{person}", **params) is not None
        if created[record_id] <= escalate_at:
            for person in sorted(grid_staff_ids(db.session.get(Grid, need.grid_id), need)):
                sent += notify(person, "confirm_escalated", f"record:{record.id}",
                               dedupe_key=f"confirm_escalated:{record.id}:{person}",
                               hours_waiting=config["CONFIRM_ESCALATE_HOURS"], **params) is not None
        return sent

    return _each(list(created), chase)
