"""Stars and no-shows: who is eligible for the next star, approving it, counting no-shows.

Per the star rules a star is applied for and approved, one level at a time, by staff of
the right level (configured: community staff and social workers up to 3 stars, street
staff 4-5). Unexcused no-shows are counted; reaching the configured number within a
year suspends the volunteer, whom matching then leaves out.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, func, select

from models import Assignment, Grid, HoursEntry, Need, NoShow, StarAward, User, VolunteerProfile, db
from models.assignments import AssignmentStatus
from models.needs import NeedStatus
from models.people import VolunteerStatus
from volunteer import audit, clock, idempotency
from volunteer.assignments.services import move_assignment
from volunteer.access import reach_over, staffed_grid_filter, staffs_grid
from volunteer.errors import Conflict, Forbidden, NotFound
from volunteer.hours import rules as hours_rules
from volunteer.hours.services import configured_ladder, total_hours
from volunteer.stars import rules
from volunteer.paging import page_of

SWEEP_BATCH = 1000
SWEEP_REASON = "未签到（系统标记）"


def approval_limits() -> dict[str, int]:
    return rules.approval_levels(current_app.config["STAR_APPROVAL_LEVELS"])


def eligible(actor: User, page: int = 1, per_page: int = 20) -> dict:
    """Volunteers in my grids whose hours reach their next star, waiting for approval."""
    steps = configured_ladder()
    hours = (select(HoursEntry.volunteer_id, func.sum(HoursEntry.hours).label("hours"))
             .group_by(HoursEntry.volunteer_id).subquery())
    next_threshold = case({level: threshold for level, threshold in enumerate(steps)},
                          value=VolunteerProfile.star_level, else_=None)
    query = (select(VolunteerProfile, User.name, hours.c.hours)
             .join(hours, hours.c.volunteer_id == VolunteerProfile.user_id)
             .join(User, User.id == VolunteerProfile.user_id)
             .outerjoin(Grid, Grid.id == VolunteerProfile.home_grid_id)
             .where(hours.c.hours >= next_threshold)
             .order_by(VolunteerProfile.user_id))
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    limits = approval_limits()
    found = page_of(query, page, per_page, rows=True)
    people = []
    for profile, name, total in found["items"]:
        grid = db.session.get(Grid, profile.home_grid_id) if profile.home_grid_id else None
        reach = reach_over(actor, grid)
        level = profile.star_level + 1
        people.append({"user_id": profile.user_id, "name": name, "star_level": profile.star_level,
                       "eligible_level": level, "hours": total, "home_grid_id": profile.home_grid_id,
                       "you_may_approve": reach is not None and limits[reach] >= level})
    return {**found, "items": people}


def approve(actor: User, user_id: int, level: int | None, key: str | None = None) -> StarAward:
    """Staff of the right level approve the next star; never a skipped one."""
    action = f"approve_star:{user_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(StarAward, done)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id)
                                .with_for_update().execution_options(populate_existing=True))
    if profile is None:
        raise NotFound()
    if actor.id == user_id:
        raise Forbidden("cannot_approve_own_star")
    grid = db.session.get(Grid, profile.home_grid_id) if profile.home_grid_id else None
    reach = reach_over(actor, grid)
    if reach is None:
        raise Forbidden()
    current, steps = profile.star_level, configured_ladder()
    target = level if level is not None else current + 1
    if target <= current:
        raise Conflict("star_already_held", level=current)
    if target > current + 1:
        raise Conflict("star_level_skipped", next=current + 1)
    hours = total_hours(user_id)
    if hours_rules.eligible_level(hours, current, steps) != target:
        raise Conflict("not_eligible_for_star", level=target,
                       needed=steps[current] if current < len(steps) else "-", hours=str(hours))
    limit = approval_limits()[reach]
    if target > limit:
        raise Forbidden("star_above_your_reach", limit=limit)
    award = StarAward(volunteer_id=user_id, level=target, hours_at_award=hours, kind="awarded",
                      approved_by_id=actor.id, awarded_at=clock.now())
    db.session.add(award)
    profile.star_level = target
    db.session.flush()
    audit.record(actor.id, "approve_star", f"volunteer:{profile.id}", level=target, hours=str(hours))
    return db.session.get(StarAward, idempotency.commit(actor.id, key, action, award.id))


# ---- No-shows ----------------------------------------------------------------------

def mark_no_show(actor: User, assignment_id: int, excused: bool, reason: str,
                 key: str | None = None) -> NoShow:
    """Staff mark an accepted assignment a no-show, excused or not, or excuse a marked one."""
    action = f"no_show:{assignment_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(NoShow, done)
    assignment = db.session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
    if assignment is None:
        raise NotFound()
    need = db.session.get(Need, assignment.need_id)
    if actor.id != need.social_worker_id and not staffs_grid(actor, db.session.get(Grid, need.grid_id)):
        raise Forbidden()
    now = clock.now()
    if assignment.status == AssignmentStatus.no_show:
        row = _excuse(actor, assignment, excused, reason, now)
    else:
        if now < need.starts_at:
            raise Conflict("no_show_too_early")
        move_assignment(assignment, AssignmentStatus.no_show)
        row = NoShow(assignment_id=assignment.id, volunteer_id=assignment.user_id, excused=excused,
                     reason=reason, marked_by_id=actor.id, marked_at=now)
        db.session.add(row)
        db.session.flush()
        _suspend_if_due(assignment.user_id, now)
    audit.record(actor.id, "mark_no_show", f"assignment:{assignment.id}", excused=excused, reason=reason)
    return db.session.get(NoShow, idempotency.commit(actor.id, key, action, row.id))


def _excuse(actor: User, assignment: Assignment, excused: bool, reason: str, now: datetime) -> NoShow:
    """An unexcused no-show may later be excused; nothing else about it changes."""
    row = db.session.scalar(select(NoShow).where(NoShow.assignment_id == assignment.id))
    if not excused or row.excused:
        raise Conflict("already_marked_no_show")
    row.excused, row.excused_by_id, row.excused_at = True, actor.id, now
    audit.record(actor.id, "excuse_no_show", f"assignment:{assignment.id}", reason=reason)
    return row


def sweep_no_shows(now: datetime) -> int:
    """Mark accepted assignments whose need ended over the grace period ago without a check-in.

    Idempotent and safe after a restart: only assignments still `accepted` are touched.
    """
    grace = timedelta(minutes=current_app.config["NO_SHOW_GRACE_MINUTES"])
    due = db.session.scalars(
        select(Assignment.id).join(Need, Need.id == Assignment.need_id)
        .where(Assignment.status == AssignmentStatus.accepted, Assignment.checkin_at.is_(None),
               Need.status != NeedStatus.cancelled,  # a cancelled need's slots are released, never missed
               Need.ends_at < now - grace).order_by(Assignment.id).limit(SWEEP_BATCH)).all()
    marked = 0
    for assignment_id in due:
        assignment = db.session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
        if assignment.status != AssignmentStatus.accepted:
            continue
        move_assignment(assignment, AssignmentStatus.no_show)
        db.session.add(NoShow(assignment_id=assignment.id, volunteer_id=assignment.user_id, excused=False,
                              reason=SWEEP_REASON, marked_by_id=None, marked_at=now))
        db.session.flush()
        _suspend_if_due(assignment.user_id, now)
        marked += 1
    if marked:
        audit.record(None, "sweep_no_shows", "assignments", marked=marked)
    db.session.commit()
    return marked


def _suspend_if_due(user_id: int, now: datetime) -> None:
    count = db.session.scalar(select(func.count()).select_from(NoShow).where(
        NoShow.volunteer_id == user_id, NoShow.excused.is_(False), NoShow.marked_at >= now - timedelta(days=365)))
    if not rules.should_suspend(count, current_app.config["NO_SHOW_SUSPEND_AT"]):
        return
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id)
                                .with_for_update())
    if profile is not None and profile.status != VolunteerStatus.suspended:
        profile.status = VolunteerStatus.suspended
        audit.record(None, "suspend_volunteer", f"volunteer:{profile.id}", unexcused_no_shows=count)
