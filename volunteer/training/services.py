"""Trainings: a social worker schedules one for a community and marks who attended.

Attendance (with the hours of training) shows in the volunteer's service record, under
training; it never counts as service hours. Places are taken by one conditional UPDATE,
so a full training cannot be overfilled by concurrent markings.
"""
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from models import Community, Grid, Training, TrainingAttendance, User, VolunteerProfile, db
from volunteer import audit, clock, idempotency
from volunteer.access import serves_community, staffed_grid_filter
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.hours.rules import service_hours
from volunteer.messages import field_code
from volunteer.paging import page_of



def schedule(actor: User, community_id: int, title: str, starts_at, ends_at, place: str,
             capacity: int) -> Training:
    if db.session.get(Community, community_id) is None:
        raise InvalidInput(fields={"community_id": field_code("no_such_community")})
    if not serves_community(actor, community_id):
        raise Forbidden()
    training = Training(community_id=community_id, title=title, starts_at=starts_at, ends_at=ends_at,
                        place=place, capacity=capacity, attended=0, created_by_id=actor.id,
                        created_at=clock.now())
    db.session.add(training)
    db.session.flush()
    audit.record(actor.id, "schedule_training", f"training:{training.id}")
    db.session.commit()
    return training


def list_trainings(actor: User, community_id: int | None = None, page: int = 1, per_page: int = 20) -> dict:
    """Staff: their communities' trainings. Volunteers: their home community's."""
    query = select(Training).order_by(Training.starts_at.desc(), Training.id.desc())
    if community_id is not None:
        query = query.where(Training.community_id == community_id)
    scope = staffed_grid_filter(actor)
    if scope is None:
        return page_of(query, page, per_page)
    communities = set(db.session.scalars(select(Grid.community_id).where(scope)))
    communities |= {r.community_id for r in actor.roles if r.community_id is not None}
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == actor.id))
    if profile is not None and profile.home_grid_id is not None:
        communities.add(db.session.get(Grid, profile.home_grid_id).community_id)
    return page_of(query.where(Training.community_id.in_(communities)), page, per_page)


def mark_attendance(actor: User, training_id: int, user_id: int, hours: Decimal | None,
                    key: str | None = None) -> TrainingAttendance:
    """The trainer marks a volunteer present, with the hours of training (default: all of it)."""
    action = f"attend:{training_id}:{user_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(TrainingAttendance, done)
    training = db.session.get(Training, training_id)
    if training is None:
        raise NotFound()
    if not serves_community(actor, training.community_id):
        raise Forbidden()
    if db.session.scalar(select(VolunteerProfile.id).where(VolunteerProfile.user_id == user_id)) is None:
        raise InvalidInput("not_a_volunteer", fields={"user_id": field_code("no_volunteer_profile")})
    if clock.now() < training.starts_at:
        raise Conflict("training_not_started")
    length = service_hours(training.starts_at, training.ends_at)
    hours = length if hours is None else hours
    if hours > length:
        raise InvalidInput("hours_exceed_span", fields={"hours": field_code("more_than_training")},
                           span=str(length))
    _take_place(training)
    attendance = TrainingAttendance(training_id=training.id, volunteer_id=user_id, hours=hours,
                                    marked_by_id=actor.id, marked_at=clock.now())
    db.session.add(attendance)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("already_attended")
    audit.record(actor.id, "mark_training_attendance", f"training:{training.id}", user_id=user_id,
                 hours=str(hours))
    return db.session.get(TrainingAttendance, idempotency.commit(actor.id, key, action, attendance.id))


def _take_place(training: Training) -> None:
    taken = db.session.execute(
        update(Training).where(Training.id == training.id, Training.attended < Training.capacity)
        .values(attended=Training.attended + 1).execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        raise Conflict("training_full")


def my_trainings(user: User, page: int = 1, per_page: int = 20) -> dict:
    """A page of (attendance, training), newest first."""
    return page_of(select(TrainingAttendance, Training).join(Training, Training.id == TrainingAttendance.training_id)
                   .where(TrainingAttendance.volunteer_id == user.id)
                   .order_by(Training.starts_at.desc(), Training.id.desc()), page, per_page, rows=True)
