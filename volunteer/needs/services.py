"""Requests and needs: submit, triage into needs, view with the right privacy, move status."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from models import (
    Feedback, Grid, HelpRequest, Need, NeedServedGroup, Role, SocialWorkerProfile, User, VolunteerProfile, db,
)
from models.assignments import HOLDS_SLOT, Assignment, AssignmentStatus
from models.needs import NEED_MOVES, NeedStatus, RequestStatus, Urgency
from volunteer import audit, clock
from volunteer.accounts.services import home_grid_id, place_in_grid
from volunteer.access import is_staff, staffed_grid_filter, staffs_grid
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.geo import Point, distance_m, to_wgs84
from volunteer.people.services import skills_by_codes
from volunteer.places.services import grid_staff_ids
from volunteer.messages import field_code
from volunteer.needs import groups
from volunteer.paging import page_of


def move_need(need: Need, target: NeedStatus) -> None:
    """The one way a need changes status."""
    if target not in NEED_MOVES[need.status]:
        raise Conflict("illegal_transition", current=need.status.value, target=target.value)
    need.status = target


def _grid_or_422(grid_id: int | None, field: str = "grid_id") -> Grid:
    grid = db.session.get(Grid, grid_id) if grid_id is not None else None
    if grid is None:
        raise InvalidInput("unknown_grid", fields={field: field_code("no_such_grid")})
    return grid


def near_grid_or_422(grid: Grid, point: Point) -> None:
    """A need stands near its grid, or its public place ("…·第一网格附近") would mislead."""
    limit_km = current_app.config["NEED_MAX_KM_FROM_GRID"]
    away_km = distance_m(point, Point(grid.centre_lat, grid.centre_lng)) / 1000
    if away_km > limit_km:
        raise InvalidInput("far_from_grid", fields={"position": field_code(
            "far_from_grid", distance=f"{away_km:.1f}", limit=f"{limit_km:g}", grid=grid.name)})


def _resident_in_reach(actor: User, resident_id: int) -> User:
    """A resident living in a grid the actor staffs; anyone else is, to the actor, no one."""
    resident = db.session.get(User, resident_id)
    home_id = home_grid_id(resident) if resident is not None else None
    if home_id is None or not staffs_grid(actor, db.session.get(Grid, home_id)):
        raise InvalidInput("unknown_user", fields={"resident_id": field_code("no_such_user")})
    return resident


def _social_worker_for(grid: Grid, user_id: int) -> int:
    """A licensed social worker who serves the grid's community."""
    profile = db.session.scalar(select(SocialWorkerProfile).where(SocialWorkerProfile.user_id == user_id))
    if profile is None or grid.community_id not in {c.id for c in profile.communities}:
        raise InvalidInput("not_a_social_worker", fields={"social_worker_id": field_code("no_such_social_worker")})
    return user_id


def submit_request(actor: User, description: str, address: str, position: dict, urgency,
                   resident_id: int | None = None, grid_id: int | None = None,
                   skill: str | None = None, contact_phone: str | None = None,
                   preferred_start=None) -> HelpRequest:
    """A resident asks for help, or a grid manager asks on a resident's behalf."""
    resident = actor
    if resident_id is not None and resident_id != actor.id:
        if not is_staff(actor):
            raise Forbidden()
        resident = _resident_in_reach(actor, resident_id)
    home_id = home_grid_id(resident)
    if grid_id is None and home_id is None:
        raise InvalidInput("home_grid_needed", fields={"grid_id": field_code("choose_grid")})
    grid = _grid_or_422(grid_id or home_id)
    if resident is not actor and not staffs_grid(actor, grid):
        raise Forbidden()
    if resident is actor and home_id is None:  # a new account asking places itself in the grid
        place_in_grid(actor, grid)
    skill_row = skills_by_codes([skill], "skill")[0] if skill else None
    point = to_wgs84(position["lat"], position["lng"], position["crs"])
    req = HelpRequest(
        resident_id=resident.id, submitted_by_id=actor.id, grid_id=grid.id, skill=skill_row,
        description=description, address=address, lat=point.lat, lng=point.lng,
        contact_phone=contact_phone or resident.phone, urgency=urgency,
        preferred_start=preferred_start, status=RequestStatus.submitted, created_at=clock.now(),
    )
    db.session.add(req)
    db.session.flush()
    from volunteer.notify.services import notify

    # The resident's words stay on the request: a notice may show on a locked screen.
    for person in sorted(grid_staff_ids(grid) - {actor.id}):
        notify(person, "request_new", f"request:{req.id}", name=resident.name, grid=grid.name)
    audit.record(actor.id, "submit_request", f"request:{req.id}", resident_id=resident.id)
    db.session.commit()
    return req


def list_requests(actor: User, page: int, per_page: int, status: RequestStatus | None = None,
                  grid_id: int | None = None, urgency: Urgency | None = None,
                  waited_hours: int | None = None, oldest_first: bool = False) -> dict:
    """Staff see their grids' requests (the queue); anyone else their own. Filters: status,
    grid, urgency, and waiting at least `waited_hours`; newest first unless `oldest_first`."""
    scope = staffed_grid_filter(actor) if is_staff(actor) else False
    query = select(HelpRequest)
    if scope is False:
        query = query.where(or_(HelpRequest.resident_id == actor.id, HelpRequest.submitted_by_id == actor.id))
    elif scope is not None:
        query = query.join(Grid, Grid.id == HelpRequest.grid_id).where(scope)
    if status is not None:
        query = query.where(HelpRequest.status == status)
    if grid_id is not None:
        query = query.where(HelpRequest.grid_id == grid_id)
    if urgency is not None:
        query = query.where(HelpRequest.urgency == urgency)
    if waited_hours is not None:
        query = query.where(HelpRequest.created_at <= clock.now() - timedelta(hours=waited_hours))
    query = query.order_by(HelpRequest.id if oldest_first else HelpRequest.id.desc())
    found = page_of(query, page, per_page)
    audit.personal_reads(actor.id, [(r.resident_id, f"request:{r.id}") for r in found["items"]])
    return found


def get_request(actor: User, request_id: int) -> HelpRequest:
    req = db.session.get(HelpRequest, request_id)
    if req is None:
        raise NotFound()
    if req.resident_id != actor.id and req.submitted_by_id != actor.id \
            and not staffs_grid(actor, db.session.get(Grid, req.grid_id)):
        raise NotFound()
    audit.personal_reads(actor.id, [(req.resident_id, f"request:{req.id}")])
    return req


def decline_request(actor: User, request_id: int, reason: str) -> HelpRequest:
    req = get_request(actor, request_id)
    if not staffs_grid(actor, db.session.get(Grid, req.grid_id)):
        raise Forbidden()
    if req.status != RequestStatus.submitted:
        raise Conflict("request_already_handled")
    req.status, req.decline_reason = RequestStatus.declined, reason
    audit.record(actor.id, "decline_request", f"request:{req.id}", reason=reason)
    db.session.commit()
    return req


def create_need(actor: User, title: str, skills: list[str], starts_at, ends_at, urgency,
                request_id: int | None = None, **fields) -> Need:
    """Staff post a need, or shape a resident's request into one.

    From a request, the place, the resident and their phone carry over unless given.
    """
    req = None
    if request_id is not None:
        req = db.session.get(HelpRequest, request_id)
        if req is None or not staffs_grid(actor, db.session.get(Grid, req.grid_id)):
            raise InvalidInput(fields={"request_id": field_code("no_such_request")})
        if req.status != RequestStatus.submitted:
            raise Conflict("request_already_handled")
    if fields.get("grid_id") is None and req is None:
        raise InvalidInput("validation_failed", fields={"grid_id": field_code("required")})
    grid = _grid_or_422(fields.get("grid_id") or req.grid_id)
    if not staffs_grid(actor, grid):
        raise Forbidden()
    need = build_need(actor, grid, title, skills, starts_at, ends_at, urgency, req, **fields)
    if req is not None:
        tell_resident(need, "request_accepted", starts_at=need.starts_at)
    audit.record(actor.id, "create_need", f"need:{need.id}", request_id=request_id)
    db.session.commit()
    return need


def build_need(actor: User, grid: Grid, title: str, skills: list[str], starts_at, ends_at, urgency,
               req: HelpRequest | None = None, **fields) -> Need:
    """A new open need in `grid` (the caller has checked who may post it); flushed, not committed."""
    if ends_at <= clock.now():
        raise InvalidInput("window_in_past", fields={"ends_at": field_code("window_in_past")})
    if urgency is None:  # an urgent request stays urgent as a need
        urgency = req.urgency if req is not None else Urgency.normal
    skill_rows = skills_by_codes(skills)
    served = served_groups(fields.get("served_groups") or [])
    position = fields.get("position")
    if position is not None:
        point = to_wgs84(position["lat"], position["lng"], position["crs"])
    elif req is not None:
        point = Point(req.lat, req.lng)
    else:
        point = Point(grid.centre_lat, grid.centre_lng)
    near_grid_or_422(grid, point)
    address = fields.get("address") or (req.address if req else grid.name)
    social_worker_id = fields.get("social_worker_id")
    if social_worker_id is not None:
        social_worker_id = _social_worker_for(grid, social_worker_id)
    elif actor.has_role(Role.social_worker):
        social_worker_id = actor.id
    if fields.get("resident_id") is not None:
        _resident_in_reach(actor, fields["resident_id"])
    config = current_app.config
    need = Need(
        grid_id=grid.id, request_id=req.id if req else None, created_by_id=actor.id,
        resident_id=fields.get("resident_id") or (req.resident_id if req else None),
        social_worker_id=social_worker_id, title=title,
        # What volunteers read; the resident's own words stay on the request (see need_view).
        description=fields.get("description") or "",
        needs_social_worker=bool(fields.get("needs_social_worker") or fields.get("min_licence_level"))
        or any(s.needs_social_worker for s in skill_rows),
        min_licence_level=fields.get("min_licence_level"),
        slots=fields.get("slots") or 1, taken=0, address=address,
        public_place=fields.get("public_place") or f"{grid.community.name}·{grid.name}附近",
        contact_phone=fields.get("contact_phone") or (req.contact_phone if req else None),
        lat=point.lat, lng=point.lng,
        radius_m=fields.get("radius_m") or config["DEFAULT_NEED_RADIUS_M"],
        checkin_radius_m=fields.get("checkin_radius_m") or config["CHECKIN_RADIUS_M"],
        starts_at=starts_at, ends_at=ends_at, urgency=urgency, status=NeedStatus.open,
        created_at=clock.now(), activity_id=fields.get("activity_id"),
    )
    need.skills = skill_rows
    need.served = [NeedServedGroup(code=code) for code in served]
    db.session.add(need)
    if req is not None:
        req.status = RequestStatus.accepted
    db.session.flush()
    return need


# Built once, as volunteer.auth's token lookup: its cache key is kept, not worked out again.
_NEED_WITH_GRID = select(Need).where(Need.id == bindparam("need_id")).options(
    joinedload(Need.grid), joinedload(Need.skills), joinedload(Need.served))


def get_need(need_id: int) -> Need:
    """The need with its grid, skills and served groups, in one statement."""
    need = db.session.scalars(_NEED_WITH_GRID, {"need_id": need_id}).unique().one_or_none()
    if need is None:
        raise NotFound()
    return need


def may_see_private(user: User | None, need: Need) -> bool:
    """Exact address and phone: the resident, people holding a slot, staff of the grid."""
    if user is None:
        return False
    if user.id in (need.resident_id, need.social_worker_id, need.created_by_id):
        return True
    if staffs_grid(user, need.grid):
        return True
    return db.session.scalar(select(Assignment.id).where(
        Assignment.need_id == need.id, Assignment.user_id == user.id,
        Assignment.status.in_(HOLDS_SLOT))) is not None


def list_needs(actor: User, page: int, per_page: int, status: NeedStatus | None = None,
               grid_id: int | None = None, starts_from=None, starts_until=None) -> dict:
    """Staff: the needs of their grids. Others: open needs (see matching for "near me").
    Filters: status, grid, and the local days the need starts between (inclusive)."""
    query = select(Need).order_by(Need.starts_at, Need.id)
    if is_staff(actor):
        scope = staffed_grid_filter(actor)
        query = query.join(Grid, Grid.id == Need.grid_id)
        if scope is not None:
            query = query.where(scope)
    else:
        status = NeedStatus.open
    if status is not None:
        query = query.where(Need.status == status)
    if grid_id is not None:
        query = query.where(Need.grid_id == grid_id)
    if starts_from is not None:
        query = query.where(Need.starts_at >= clock.local_midnight(starts_from))
    if starts_until is not None:
        query = query.where(Need.starts_at < clock.local_midnight(starts_until + timedelta(days=1)))
    return page_of(query, page, per_page)


def viewed(user: User, needs: list[Need]) -> list[tuple[Need, bool, float | None]]:
    """Each need with whether `user` may see its private part and its distance from home."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    home = Point(profile.lat, profile.lng) if profile else None
    seen = [(n, may_see_private(user, n), distance_m(home, Point(n.lat, n.lng)) if home else None)
            for n in needs]
    audit.personal_reads(user.id, [(n.resident_id, f"need:{n.id}") for n, private, _ in seen if private])
    return seen


def served_groups(codes: list[str]) -> list[str]:
    """The codes of who a need serves, each once, or InvalidInput naming the unknown ones."""
    wanted = list(dict.fromkeys(codes))
    unknown = [c for c in wanted if c not in groups.CODES]
    if unknown:
        raise InvalidInput(fields={"served_groups": field_code("unknown_codes", codes=", ".join(unknown))})
    return wanted


def change_need(actor: User, need_id: int, changes: dict) -> Need:
    """Staff change an open need. When its time or place moves, everyone holding a place,
    an offer or a waitlist place is told (as is the resident), and a withdrawal after the
    change is free however close the start."""
    from volunteer.notify.services import notify

    need = db.session.get(Need, need_id, with_for_update=True)
    if need is None:
        raise NotFound()
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    if need.status not in (NeedStatus.open, NeedStatus.filled):
        raise Conflict("need_not_open")
    starts, ends = changes.get("starts_at", need.starts_at), changes.get("ends_at", need.ends_at)
    if ends <= starts:
        raise InvalidInput(fields={"ends_at": field_code("ends_before_start")})
    if ends <= clock.now():
        raise InvalidInput("window_in_past", fields={"ends_at": field_code("window_in_past")})
    if changes.get("slots") is not None and changes["slots"] < need.taken:
        raise InvalidInput(fields={"slots": field_code("below_taken", taken=need.taken)})
    if changes.get("served_groups") is not None:
        wanted = served_groups(changes["served_groups"])
        need.served = [g for g in need.served if g.code in wanted] + [
            NeedServedGroup(code=code) for code in wanted if code not in need.served_groups]
    if "position" in changes:
        p = changes["position"]
        point = to_wgs84(p["lat"], p["lng"], p["crs"])
        near_grid_or_422(need.grid, point)
        moved_place = (point.lat, point.lng) != (need.lat, need.lng)
        need.lat, need.lng = point.lat, point.lng
    else:
        moved_place = False
    moved_place |= changes.get("address", need.address) != need.address
    moved_time = (starts, ends) != (need.starts_at, need.ends_at)
    for name in ("title", "description", "slots", "address", "public_place"):
        if changes.get(name) is not None:
            setattr(need, name, changes[name])
    need.starts_at, need.ends_at = starts, ends
    if need.status == NeedStatus.filled and need.taken < need.slots:
        move_need(need, NeedStatus.open)
    elif need.status == NeedStatus.open and need.taken >= need.slots:
        move_need(need, NeedStatus.filled)
    if moved_time or moved_place:
        need.changed_at = clock.now()
        people = db.session.scalars(select(Assignment.user_id).where(
            Assignment.need_id == need.id, Assignment.status.in_(
                (AssignmentStatus.accepted, AssignmentStatus.offered, AssignmentStatus.waitlisted)))).all()
        for person in people:
            notify(person, "need_changed", f"need:{need.id}", title=need.title, starts_at=need.starts_at,
                   address=need.address)
        tell_resident(need, "request_changed", starts_at=need.starts_at, address=need.address)
    audit.record(actor.id, "change_need", f"need:{need.id}", fields=sorted(changes), moved_time=moved_time,
                 moved_place=moved_place)
    db.session.commit()
    return need


def cancel_need(actor: User, need_id: int, reason: str) -> Need:
    """Staff cancel a need, with a reason."""
    need = db.session.get(Need, need_id, with_for_update=True)
    if need is None:
        raise NotFound()
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    _call_off(need, reason)
    audit.record(actor.id, "cancel_need", f"need:{need.id}", reason=reason)
    db.session.commit()
    return need


def _call_off(need: Need, reason: str, actor_id: int | None = None) -> None:
    """Cancel a (locked) need: every slot, open offer and waitlist place is released and
    each person who held one is told, as is the resident. A released slot is never a
    no-show and gets no reminder."""
    from volunteer.assignments.services import move_assignment  # assignments build on needs
    from volunteer.notify.services import notify

    move_need(need, NeedStatus.cancelled)
    need.cancel_reason = reason
    held = db.session.scalars(select(Assignment).where(
        Assignment.need_id == need.id,
        Assignment.status.in_((AssignmentStatus.offered, AssignmentStatus.accepted, AssignmentStatus.waitlisted)))
        .with_for_update()).all()
    for assignment in held:
        move_assignment(assignment, AssignmentStatus.cancelled)
        assignment.reason = reason
        notify(assignment.user_id, "need_called_off", f"need:{need.id}", title=need.title,
               starts_at=need.starts_at.isoformat(), reason=reason)
    tell_resident(need, "request_cancelled", skip=actor_id, reason=reason)


def cancel_request(actor: User, request_id: int, reason: str) -> HelpRequest:
    """The resident (or whoever asked for them) takes a request back before it is served.

    A request already made into a need cancels the need too, releasing everyone on it;
    once someone has checked in, it is being served and is no longer theirs to cancel.
    The grid's staff are told.
    """
    from volunteer.notify.services import notify

    req = db.session.get(HelpRequest, request_id, with_for_update=True)
    if req is None or actor.id not in (req.resident_id, req.submitted_by_id):
        raise NotFound()
    if req.status not in (RequestStatus.submitted, RequestStatus.accepted):
        raise Conflict("request_already_handled")
    need = db.session.get(Need, req.need.id, with_for_update=True, populate_existing=True) if req.need else None
    if need is not None and need.status not in (NeedStatus.open, NeedStatus.filled):
        raise Conflict("request_being_served")
    req.status, req.decline_reason = RequestStatus.withdrawn, reason
    if need is not None:
        _call_off(need, reason, actor.id)
    grid = db.session.get(Grid, req.grid_id)
    for person in grid_staff_ids(grid, need) - {actor.id}:
        notify(person, "request_withdrawn", f"request:{req.id}", name=req.resident.name, grid=grid.name,
               reason=reason)
    audit.record(actor.id, "cancel_request", f"request:{req.id}", reason=reason,
                 need_id=need.id if need else None)
    db.session.commit()
    return req


def resident_side(need: Need) -> set[int]:
    """Who asked for a need: its resident and, when a grid manager asked for them, the manager."""
    return {need.resident_id, need.request.submitted_by_id if need.request else None} - {None}


def tell_resident(need: Need, kind: str, skip: int | None = None, **params) -> None:
    """Queue `kind` for the resident side of `need` (in the caller's transaction), but not
    for `skip`, the person who made the change."""
    from volunteer.notify.services import notify

    for person in sorted(resident_side(need) - {skip}):
        notify(person, kind, f"need:{need.id}", title=need.title, **params)


def rate_need(actor: User, need_id: int, score: int, comment: str) -> Feedback:
    """The resident served rates a completed need, once."""
    need = get_need(need_id)
    if need.resident_id != actor.id:
        raise Forbidden("not_the_resident")
    if need.status != NeedStatus.completed:
        raise Conflict("need_not_completed")
    feedback = Feedback(need_id=need.id, resident_id=actor.id, score=score, comment=comment,
                        created_at=clock.now())
    db.session.add(feedback)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("already_rated")
    audit.record(actor.id, "rate_need", f"need:{need.id}", score=score)
    db.session.commit()
    return feedback
