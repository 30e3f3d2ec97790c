"""Service records as the rules define them (志愿服务记录与证明出具办法).

A volunteer's record holds five categories: basic information, the services given,
training, commendations and awards, and evaluation. Records are append-only: a
correction is a new record that points at the one it replaces and says who made it and
why; a correction of a confirmed record moves hours only through new ledger rows.
"""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models import (
    Commendation, Community, Feedback, Grid, HoursEntry, Need, NoShow, Notification, Organisation, ServiceRecord,
    StarAward, Training, TrainingAttendance, User, VolunteerProfile, db,
)
from models.needs import NeedStatus
from models.records import RecordStatus
from volunteer import audit, clock, idempotency
from volunteer.access import is_street_admin, staffs_grid
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.hours import rules
from volunteer.hours.services import configured_ladder, move_record, settle, total_hours
from volunteer.masking import mask_name
from volunteer.records.checkin_code import current_code
from volunteer.messages import field_code

RECORD_LIMIT = 1000


# ---- Corrections -------------------------------------------------------------------

def correct(actor: User, record_id: int, reason: str, key: str | None = None, started_at=None,
            ended_at=None, hours: Decimal | None = None, content: str | None = None,
            place: str | None = None) -> ServiceRecord:
    """The need's social worker or grid staff replace a record with a corrected one.

    What is not given is carried over. A confirmed record's correction is confirmed by
    its maker and settles the difference in the ledgers; any other stays pending for the
    two-party confirmation. The old record is kept, marked superseded.
    """
    action = f"correct_record:{record_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(ServiceRecord, done)
    old = db.session.get(ServiceRecord, record_id, with_for_update=True, populate_existing=True)
    if old is None:
        raise NotFound()
    need = db.session.get(Need, old.need_id)
    if actor.id == old.volunteer_id:
        raise Forbidden("cannot_correct_own_record")
    if actor.id != need.social_worker_id and not staffs_grid(actor, db.session.get(Grid, need.grid_id)):
        raise Forbidden()
    started, ended = started_at or old.started_at, ended_at or old.ended_at
    if ended <= started:
        raise InvalidInput("validation_failed", fields={"ended_at": field_code("ends_before_start")})
    config = current_app.config
    slack = timedelta(hours=config["CORRECTION_SLACK_HOURS"])
    if started < need.starts_at - slack:
        raise InvalidInput("validation_failed", fields={"started_at": field_code(
            "outside_need_window", slack=config["CORRECTION_SLACK_HOURS"])})
    if ended > need.ends_at + slack:
        raise InvalidInput("validation_failed", fields={"ended_at": field_code(
            "outside_need_window", slack=config["CORRECTION_SLACK_HOURS"])})
    span = rules.service_hours(started, ended)
    if hours is None:
        hours = span if (started_at or ended_at) else old.hours
    if hours > span:
        raise InvalidInput("hours_exceed_span", fields={"hours": field_code("more_than_span")},
                           span=str(span))
    if hours > config["RECORD_MAX_HOURS"]:
        raise InvalidInput("validation_failed", fields={"hours": field_code(
            "more_than_record_allows", max=config["RECORD_MAX_HOURS"])})
    # Taking hours away settles at once; adding more than a little waits for a second person.
    confirmed = old.status == RecordStatus.verified and \
        hours - old.hours <= Decimal(str(config["CORRECTION_SECOND_PERSON_HOURS"]))
    move_record(old, RecordStatus.superseded)
    now = clock.now()
    new = ServiceRecord(
        assignment_id=old.assignment_id, need_id=old.need_id, volunteer_id=old.volunteer_id,
        started_at=started, ended_at=ended, hours=hours, content=content or old.content,
        place=place or old.place, corrects_id=old.id, corrected_by_id=actor.id,
        correction_reason=reason, created_at=now, as_party_member=old.as_party_member, team_id=old.team_id,
        status=RecordStatus.verified if confirmed else RecordStatus.pending,
        confirmed_by_id=actor.id if confirmed else None, confirmed_at=now if confirmed else None)
    db.session.add(new)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent correction of the same record won
        db.session.rollback()
        raise Conflict("record_already_corrected")
    if confirmed:
        settle(new, need)
    audit.record(actor.id, "correct_record", f"record:{old.id}", new_record_id=new.id, reason=reason,
                 hours_before=str(old.hours), hours_after=str(hours))
    return db.session.get(ServiceRecord, idempotency.commit(actor.id, key, action, new.id))


# ---- The five categories -----------------------------------------------------------

def my_record(user: User) -> dict:
    return volunteer_record(user.id)


def staff_view(actor: User, user_id: int) -> dict:
    """Staff reaching the volunteer's home grid (or street staff) read their record."""
    _check_reaches(actor, user_id)
    return volunteer_record(user_id)


def _check_reaches(actor: User, user_id: int) -> None:
    """Staff of the volunteer's home grid or community, or street staff; else 403/404."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
    if profile is None:
        raise NotFound()
    grid = db.session.get(Grid, profile.home_grid_id) if profile.home_grid_id else None
    street = is_street_admin(actor)
    if not street and not (grid is not None and staffs_grid(actor, grid)):
        raise Forbidden()


def volunteer_record(user_id: int) -> dict:
    total = db.session.scalar(select(func.count()).select_from(ServiceRecord).where(ServiceRecord.volunteer_id == user_id))
    return {"basic": _basic(user_id), "services": _services(user_id), "services_total": total,
            "teams": _teams(user_id), "training": _training(user_id),
            "commendations": _commendations(user_id), "evaluation": _evaluation(user_id)}


def _mask(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def _basic(user_id: int) -> dict:
    user = db.session.get(User, user_id)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
    grid = db.session.get(Grid, profile.home_grid_id) if profile and profile.home_grid_id else None
    hours = total_hours(user_id)
    level = profile.star_level if profile else 0
    return {
        "user_id": user.id, "name": user.name, "phone": _mask(user.phone), "registered_at": user.created_at,
        "home_grid": grid.name if grid else None, "community": grid.community.name if grid else None,
        "skills": [s.code for s in profile.skills] if profile else [],
        "status": profile.status.value if profile else None, "star_level": level,
        "eligible_star_level": rules.eligible_level(hours, level, configured_ladder()) if profile else None,
        "service_hours": hours, "training_hours": _training_hours(user_id),
    }


def _services(user_id: int) -> list[dict]:
    rows = db.session.execute(
        select(ServiceRecord, Need, Grid.name, Community.name)
        .join(Need, Need.id == ServiceRecord.need_id).join(Grid, Grid.id == Need.grid_id)
        .join(Community, Community.id == Grid.community_id)
        .where(ServiceRecord.volunteer_id == user_id)
        .order_by(ServiceRecord.started_at.desc(), ServiceRecord.id.desc()).limit(RECORD_LIMIT)).all()
    superseded_by = {r.corrects_id: r.id for r, *_ in rows if r.corrects_id is not None}
    pending = [(r, need) for r, need, *_ in rows if r.status == RecordStatus.pending]
    chased = _chased([r.id for r, _ in pending])
    team_names = dict(db.session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_({r.team_id for r, *_ in rows if r.team_id is not None}))).all())
    names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(
        {i for _, need in pending for _, i in _confirmers(need)}))).all())
    return [{
        "id": r.id, "need_id": r.need_id, "need_title": need.title, "organiser": f"{community}·{grid}",
        "date": clock.local(r.started_at).date().isoformat(), "started_at": r.started_at,
        "ended_at": r.ended_at, "hours": r.hours, "content": r.content, "place": r.place,
        "status": r.status.value, "confirmed_by_id": r.confirmed_by_id, "confirmed_at": r.confirmed_at,
        "reject_reason": r.reject_reason, "corrects_id": r.corrects_id,
        "corrected_by_id": r.corrected_by_id, "correction_reason": r.correction_reason,
        "superseded_by_id": superseded_by.get(r.id),
        "team_id": r.team_id, "team_name": team_names.get(r.team_id),
        **(_standing(r, need, chased, names) if r.status == RecordStatus.pending else {}),
    } for r, need, grid, community in rows]


def _teams(user_id: int) -> list[dict]:
    """The teams a volunteer served with: standing records (not superseded) and confirmed
    hours (the ledger's entries, corrections' differences included)."""
    counts = db.session.execute(
        select(Organisation.id, Organisation.name, func.count(ServiceRecord.id))
        .join(ServiceRecord, ServiceRecord.team_id == Organisation.id)
        .where(ServiceRecord.volunteer_id == user_id, ServiceRecord.status != RecordStatus.superseded)
        .group_by(Organisation.id, Organisation.name).order_by(Organisation.id)).all()
    hours = dict(db.session.execute(
        select(ServiceRecord.team_id, func.sum(HoursEntry.hours))
        .join(HoursEntry, HoursEntry.record_id == ServiceRecord.id)
        .where(ServiceRecord.volunteer_id == user_id, ServiceRecord.team_id.is_not(None))
        .group_by(ServiceRecord.team_id)).all())
    return [{"organisation_id": i, "name": name, "services": count, "hours": hours.get(i) or Decimal("0")}
            for i, name, count in counts]


def _chased(record_ids: list[int]) -> dict[int, set[str]]:
    """Which chases (confirm_reminder, confirm_escalated) went out for each pending record."""
    found: dict[int, set[str]] = {}
    for kind, subject in db.session.execute(select(Notification.kind, Notification.subject).where(
            Notification.subject.in_([f"record:{i}" for i in record_ids]),
            Notification.kind.in_(("confirm_reminder", "confirm_escalated")))):
        found.setdefault(int(subject.split(":")[1]), set()).add(kind)
    return found


def _confirmers(need: Need) -> list[tuple[str, int]]:
    """Who may confirm a record of `need`, as the sweep chases them."""
    waiting = [("social_worker", need.social_worker_id), ("resident", need.resident_id)]
    return [(role, i) for role, i in waiting if i is not None] or [("staff", need.created_by_id)]


def _standing(record: ServiceRecord, need: Need, chased: dict[int, set[str]], names: dict[int, str]) -> dict:
    """Whom a pending record waits on, and how far the chase has gone: reminded, then
    escalated to all the grid's staff."""
    waiting = _confirmers(need)
    sent = chased.get(record.id, set())
    return {"waiting_on": [{"role": role, "name": mask_name(names.get(i, "")) if role == "resident" else names.get(i, "")}
                           for role, i in waiting],
            "reminded": "confirm_reminder" in sent, "escalated": "confirm_escalated" in sent}


def _training(user_id: int) -> list[dict]:
    rows = db.session.execute(
        select(TrainingAttendance, Training, Community.name)
        .join(Training, Training.id == TrainingAttendance.training_id)
        .join(Community, Community.id == Training.community_id)
        .where(TrainingAttendance.volunteer_id == user_id).order_by(Training.starts_at.desc())).all()
    return [{"training_id": t.id, "title": t.title, "community": community, "place": t.place,
             "starts_at": t.starts_at, "ends_at": t.ends_at, "hours": a.hours}
            for a, t, community in rows]


def _training_hours(user_id: int) -> Decimal:
    total = db.session.scalar(select(func.sum(TrainingAttendance.hours))
                              .where(TrainingAttendance.volunteer_id == user_id))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def _commendations(user_id: int) -> dict:
    stars = db.session.scalars(select(StarAward).where(StarAward.volunteer_id == user_id)
                               .order_by(StarAward.id)).all()
    given = db.session.scalars(select(Commendation).where(Commendation.volunteer_id == user_id)
                               .order_by(Commendation.awarded_on.desc())).all()
    return {
        "stars": [{"level": s.level, "kind": s.kind, "hours": s.hours_at_award, "at": s.awarded_at,
                   "approved_by_id": s.approved_by_id, "reason": s.reason} for s in stars],
        "commendations": [{"id": c.id, "title": c.title, "issuer": c.issuer, "awarded_on": c.awarded_on}
                          for c in given],
    }


def _evaluation(user_id: int) -> dict:
    served = select(ServiceRecord.need_id).where(ServiceRecord.volunteer_id == user_id,
                                                 ServiceRecord.status == RecordStatus.verified)
    ratings = db.session.scalars(select(Feedback).where(Feedback.need_id.in_(served))
                                 .order_by(Feedback.created_at.desc())).all()
    year_ago = clock.now() - timedelta(days=365)
    no_shows = db.session.execute(select(NoShow.excused, func.count()).where(
        NoShow.volunteer_id == user_id, NoShow.marked_at >= year_ago).group_by(NoShow.excused)).all()
    counts = {excused: n for excused, n in no_shows}
    rejected = db.session.scalar(select(func.count()).select_from(ServiceRecord).where(
        ServiceRecord.volunteer_id == user_id, ServiceRecord.status == RecordStatus.rejected))
    average = sum(f.score for f in ratings) / len(ratings) if ratings else None
    return {
        "ratings": [{"need_id": f.need_id, "score": f.score, "comment": f.comment, "at": f.created_at}
                    for f in ratings],
        "average_score": round(average, 2) if average is not None else None,
        "no_shows_last_year": counts.get(False, 0), "excused_absences_last_year": counts.get(True, 0),
        "rejected_records": rejected,
    }


# ---- Commendations -----------------------------------------------------------------

def commend(actor: User, user_id: int, title: str, issuer: str, awarded_on,
            key: str | None = None) -> Commendation:
    """Staff reaching the volunteer record a commendation or award they received."""
    action = f"commend:{user_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(Commendation, done)
    _check_reaches(actor, user_id)
    row = Commendation(volunteer_id=user_id, title=title, issuer=issuer, awarded_on=awarded_on,
                       recorded_by_id=actor.id, created_at=clock.now())
    db.session.add(row)
    db.session.flush()
    audit.record(actor.id, "commend", f"user:{user_id}", commendation_id=row.id, title=title)
    return db.session.get(Commendation, idempotency.commit(actor.id, key, action, row.id))


# ---- Check-in code -----------------------------------------------------------------

def checkin_code(actor: User, need_id: int) -> dict:
    """The need's rotating code, for its social worker or the resident served, while check-in is open."""
    need = db.session.get(Need, need_id)
    if need is None:
        raise NotFound()
    organiser = need.activity_id is not None and actor.id == need.created_by_id  # an activity's session
    if actor.id not in (need.social_worker_id, need.resident_id) and not organiser:
        raise Forbidden()
    now = clock.now()
    if need.status not in (NeedStatus.open, NeedStatus.filled, NeedStatus.in_progress) \
            or not need.checkin_open(now):
        raise Conflict("outside_checkin_window")
    code, valid_for = current_code(need.id, now)
    return {"code": code, "valid_for_s": valid_for}
