"""Assignments: assign, sign up, check in, check out.

A slot is taken by one conditional UPDATE (never read-then-write), and the rows a move
depends on are locked first, so concurrent phones cannot overfill a need or check out
twice. Every recording POST honours an Idempotency-Key.
"""

from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from models import Assignment, AuditEvent, Need, NeedTeam, Role, ServiceRecord, User, VolunteerProfile, db
from models.assignments import ASSIGNMENT_MOVES, AssignmentSource, AssignmentStatus
from models.needs import NeedStatus
from models.organisations import TeamOfferStatus
from models.records import RecordStatus
from volunteer import audit, clock, idempotency
from volunteer.access import staffs_grid
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from volunteer.geo import Point, distance_m, to_wgs84
from volunteer.hours.rules import service_hours
from volunteer.matching.services import distance_to, refusal_for
from volunteer.masking import mask_phone
from volunteer.needs.services import get_need, move_need, tell_resident
from volunteer.records.checkin_code import code_matches
from volunteer.messages import field_code
from volunteer.paging import page_of
from volunteer.people.services import reports_as_party_member


def move_assignment(assignment: Assignment, target: AssignmentStatus) -> None:
    """The one way an assignment changes status."""
    if target not in ASSIGNMENT_MOVES[assignment.status]:
        raise Conflict("illegal_transition", current=assignment.status.value, target=target.value)
    assignment.status = target


def _profile_of(user_id: int, field: str) -> VolunteerProfile:
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
    if profile is None:
        raise InvalidInput("not_a_volunteer", fields={field: field_code("no_volunteer_profile")})
    return profile


def take_slot(need: Need) -> None:
    """Take one slot or fail with 409; marks the need filled when the last one goes."""
    taken = db.session.execute(
        update(Need)
        .where(Need.id == need.id, Need.status == NeedStatus.open, Need.taken < Need.slots)
        .values(taken=Need.taken + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(need)
    if taken != 1:
        raise Conflict("slot_full" if need.status in (NeedStatus.open, NeedStatus.filled)
                       else "need_not_open")
    if need.taken >= need.slots:
        move_need(need, NeedStatus.filled)


def release_slot(need: Need) -> None:
    """Give one slot back; a filled need opens again. The caller holds the need's lock."""
    db.session.execute(update(Need).where(Need.id == need.id, Need.taken > 0).values(taken=Need.taken - 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(need)
    if need.status == NeedStatus.filled:
        move_need(need, NeedStatus.open)


def take_slots(need: Need, count: int) -> None:
    """Take `count` slots at once (a team's share) or fail with 409 slot_full; one
    conditional UPDATE, as for a single slot."""
    taken = db.session.execute(
        update(Need)
        .where(Need.id == need.id, Need.status == NeedStatus.open, Need.taken + count <= Need.slots)
        .values(taken=Need.taken + count)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(need)
    if taken != 1:
        raise Conflict("slot_full" if need.status in (NeedStatus.open, NeedStatus.filled) else "need_not_open")
    if need.taken >= need.slots:
        move_need(need, NeedStatus.filled)


def take_team_seat(need_team_id: int) -> None:
    """Put one member into a slot the team holds, or fail with 409 team_slots_full."""
    seated = db.session.execute(
        update(NeedTeam).where(NeedTeam.id == need_team_id, NeedTeam.status == TeamOfferStatus.accepted,
                               NeedTeam.assigned < NeedTeam.slots)
        .values(assigned=NeedTeam.assigned + 1).execution_options(synchronize_session=False)).rowcount
    if seated != 1:
        raise Conflict("team_slots_full")


def release_team_seat(need_id: int, organisation_id: int) -> None:
    """A member left: the slot stays the team's, for its leader to fill again."""
    db.session.execute(
        update(NeedTeam).where(NeedTeam.need_id == need_id, NeedTeam.organisation_id == organisation_id,
                               NeedTeam.assigned > 0)
        .values(assigned=NeedTeam.assigned - 1).execution_options(synchronize_session=False))


def join_need(need: Need, profile: VolunteerProfile, source: AssignmentSource,
          actor: User) -> Assignment:
    if need.status not in (NeedStatus.open, NeedStatus.filled):
        raise Conflict("need_not_open")
    if db.session.scalar(select(Assignment.id).where(
            Assignment.need_id == need.id, Assignment.user_id == profile.user_id)) is not None:
        raise Conflict("already_assigned")
    reason = refusal_for(need, profile)
    if reason is not None:
        raise InvalidInput(reason)
    take_slot(need)
    role = "social_worker" if profile.user.has_role(Role.social_worker) and need.needs_social_worker \
        else "volunteer"
    assignment = Assignment(
        need_id=need.id, user_id=profile.user_id, role=role, source=source,
        status=AssignmentStatus.accepted, assigned_by_id=actor.id,
        distance_m=distance_to(need, profile), created_at=clock.now(),
    )
    db.session.add(assignment)
    try:
        db.session.flush()
    except IntegrityError:  # the same person joined in a concurrent request
        db.session.rollback()
        raise Conflict("already_assigned")
    tell_coming(need, profile.user)
    audit.record(actor.id, f"{source.value}", f"need:{need.id}", user_id=profile.user_id)
    return assignment


def tell_coming(need: Need, person: User) -> None:
    """The resident learns who is coming, how to reach them, and when."""
    tell_resident(need, "volunteer_coming", name=person.name, phone=mask_phone(person.phone),
                  starts_at=need.starts_at)


def assign(actor: User, need_id: int, user_id: int) -> Assignment:
    """Staff of the need's grid put a candidate on the need."""
    need = get_need(need_id)
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    assignment = join_need(need, _profile_of(user_id, "user_id"), AssignmentSource.assigned, actor)
    db.session.commit()
    return assignment


def sign_up(user: User, need_id: int, key: str | None) -> Assignment:
    """A volunteer takes a slot on an open need."""
    action = f"sign_up:{need_id}"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    try:
        assignment = join_need(get_need(need_id), _profile_of(user.id, "need_id"), AssignmentSource.signup, user)
    except Conflict as refused:  # a twin with the same key may have joined a moment ago
        db.session.rollback()
        if refused.code == "already_assigned" and (done := idempotency.replayed(user.id, key, action)):
            return db.session.get(Assignment, done)
        raise
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, assignment.id))


def _own_locked(user: User, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
    if assignment is None:
        raise NotFound()
    if assignment.user_id != user.id:
        raise Forbidden("not_your_assignment")
    return assignment


def check_in(user: User, assignment_id: int, position: dict | None, key: str | None,
             code: str | None = None, device_id: str | None = None) -> Assignment:
    """Start the service on the spot, proved by position or by the need's rotating code."""
    action = f"check_in:{assignment_id}"
    assignment = _own_locked(user, assignment_id)
    # Asked only once the row is locked: a twin with the same key has committed by then.
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    need = db.session.get(Need, assignment.need_id, with_for_update=True, populate_existing=True)
    now = clock.now()
    if not need.checkin_open(now):
        raise Conflict("outside_checkin_window")
    move_assignment(assignment, AssignmentStatus.checked_in)
    if code is not None:
        _check_code(user, assignment, need, code, now)
        away = None
    else:
        point = to_wgs84(position["lat"], position["lng"], position["crs"])
        away = round(distance_m(point, Point(need.lat, need.lng)))
        if away > need.checkin_radius_m:
            raise InvalidInput("too_far_to_check_in", fields={"position": field_code(
                "metres_away", distance=away, limit=need.checkin_radius_m)},
                               distance=away, limit=need.checkin_radius_m)
        assignment.checkin_lat, assignment.checkin_lng = point.lat, point.lng
    assignment.checkin_at, assignment.checkin_device_id = now, device_id
    assignment.checkin_by_code = code is not None
    if need.status in (NeedStatus.open, NeedStatus.filled):
        move_need(need, NeedStatus.in_progress)
    tell_resident(need, "volunteer_arrived", name=user.name, at_at=now)
    audit.record(user.id, "check_in", f"assignment:{assignment.id}", distance_m=away,
                 by_code=code is not None, device_id=device_id)
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, assignment.id))


def _check_code(user: User, assignment: Assignment, need: Need, code: str, now) -> None:
    """Accept the need's current (or previous) code; a few wrong guesses close the door.

    A wrong guess is committed on its own (then refused), so the count survives the
    refusal and six digits cannot be tried one request at a time.
    """
    subject = f"assignment:{assignment.id}"
    failures = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "check_in_code_failed", AuditEvent.subject == subject))
    if failures >= current_app.config["CHECKIN_CODE_MAX_FAILURES"]:
        raise ServiceError("too_many_code_attempts", status=429)
    if not code_matches(need.id, code, now):
        db.session.rollback()
        audit.record(user.id, "check_in_code_failed", subject)
        db.session.commit()
        raise InvalidInput("wrong_checkin_code", fields={"code": field_code("wrong_code")})


def check_out(user: User, assignment_id: int, position: dict, content: str,
              key: str | None) -> ServiceRecord:
    """End the service: a pending record of the actual hours, waiting for confirmation."""
    action = f"check_out:{assignment_id}"
    assignment = _own_locked(user, assignment_id)
    # Asked only once the row is locked: a twin with the same key has committed by then.
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(ServiceRecord, done)
    need = db.session.get(Need, assignment.need_id, with_for_update=True, populate_existing=True)
    now = clock.now()
    point = to_wgs84(position["lat"], position["lng"], position["crs"])
    move_assignment(assignment, AssignmentStatus.completed)
    assignment.checkout_at, assignment.checkout_lat, assignment.checkout_lng = now, point.lat, point.lng
    # A check-out forgotten overnight never becomes a day's worth of hours: no record holds
    # more than RECORD_MAX_HOURS, the cap corrections keep too.
    hours = min(service_hours(assignment.checkin_at, now), Decimal(str(current_app.config["RECORD_MAX_HOURS"])))
    record = ServiceRecord(
        assignment_id=assignment.id, need_id=need.id, volunteer_id=user.id,
        started_at=assignment.checkin_at, ended_at=now,
        hours=hours, content=content or need.title,
        place=need.public_place, status=RecordStatus.pending, created_at=now,
        as_party_member=reports_as_party_member(user.id), team_id=assignment.team_id,
    )
    db.session.add(record)
    complete_need_if_done(need)
    db.session.flush()
    tell_resident(need, "service_to_confirm", name=user.name, hours=f"{float(hours):g}")
    audit.record(user.id, "check_out", f"assignment:{assignment.id}", record_id=record.id)
    return db.session.get(ServiceRecord, idempotency.commit(user.id, key, action, record.id))


def complete_need_if_done(need: Need) -> None:
    db.session.flush()
    still_working = db.session.scalar(select(Assignment.id).where(
        Assignment.need_id == need.id,
        Assignment.status.in_((AssignmentStatus.accepted, AssignmentStatus.checked_in))))
    if still_working is None and need.status == NeedStatus.in_progress:
        move_need(need, NeedStatus.completed)


def my_assignments(user: User, page: int, per_page: int) -> dict:
    return page_of(select(Assignment).where(Assignment.user_id == user.id).order_by(Assignment.id.desc()),
                   page, per_page)



def assign_in_batch(actor: User, need: Need, user_id: int) -> Assignment:
    """One pair of a batch plan, by the same checks and slot-taking as `assign`; no commit."""
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    return join_need(need, _profile_of(user_id, "user_id"), AssignmentSource.assigned, actor)
