"""Recurring needs: a weekly rule staff set once, and the needs the scheduler makes of it.

Instances are made ahead of time; the unique (recurring_id, occurs_on) on needs makes
a date's instance exist once however often, or however many processes, the sweep runs.
"""
import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import Grid, Need, RecurringNeed, Role, User, db
from models.needs import NeedStatus
from volunteer import audit, clock
from volunteer.access import staffs_grid, staffed_grid_filter
from volunteer.errors import Forbidden, InvalidInput
from volunteer.geo import to_wgs84
from volunteer.needs.services import near_grid_or_422
from volunteer.people.schemas import minutes
from volunteer.people.services import skills_by_codes
from volunteer.recurring import rules
from volunteer.messages import field_code
from volunteer.paging import page_of

log = logging.getLogger("volunteer.jobs")


def create_recurring_need(actor: User, grid_id: int, title: str, skills: list[str], address: str,
                          weekdays: list[int], start: str, duration_minutes: int, starts_on,
                          **fields) -> RecurringNeed:
    """Staff: set up a need that comes back every week on the given weekdays."""
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise InvalidInput("unknown_grid", fields={"grid_id": field_code("no_such_grid")})
    if not staffs_grid(actor, grid):
        raise Forbidden()
    skill_rows = skills_by_codes(skills)
    position = fields.get("position")
    point = to_wgs84(position["lat"], position["lng"], position["crs"]) if position else None
    if point is not None:
        near_grid_or_422(grid, point)
    config = current_app.config
    template = RecurringNeed(
        grid_id=grid.id, created_by_id=actor.id,
        social_worker_id=actor.id if actor.has_role(Role.social_worker) else None,
        resident_id=fields.get("resident_id"), title=title, description=fields.get("description", ""),
        needs_social_worker=any(s.needs_social_worker for s in skill_rows),
        slots=fields.get("slots") or 1, address=address,
        public_place=fields.get("public_place") or f"{grid.community.name}·{grid.name}附近",
        contact_phone=fields.get("contact_phone"),
        lat=point.lat if point else grid.centre_lat, lng=point.lng if point else grid.centre_lng,
        radius_m=config["DEFAULT_NEED_RADIUS_M"], checkin_radius_m=config["CHECKIN_RADIUS_M"],
        urgency=fields["urgency"], weekdays=sorted(set(weekdays)), start_minute=minutes(start),
        duration_minutes=duration_minutes, starts_on=starts_on, ends_on=fields.get("ends_on"),
        active=True, created_at=clock.now())
    template.skills = skill_rows
    db.session.add(template)
    db.session.flush()
    audit.record(actor.id, "create_recurring_need", f"recurring:{template.id}")
    db.session.commit()
    return template


def list_recurring_needs(actor: User, page: int = 1, per_page: int = 20) -> dict:
    query = select(RecurringNeed).join(Grid, Grid.id == RecurringNeed.grid_id).order_by(RecurringNeed.id)
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    return page_of(query, page, per_page)


def _instance(template: RecurringNeed, day, starts_at: datetime, ends_at: datetime) -> Need:
    need = Need(
        grid_id=template.grid_id, created_by_id=template.created_by_id,
        resident_id=template.resident_id, social_worker_id=template.social_worker_id,
        title=template.title, description=template.description,
        needs_social_worker=template.needs_social_worker, slots=template.slots, taken=0,
        address=template.address, public_place=template.public_place,
        contact_phone=template.contact_phone, lat=template.lat, lng=template.lng,
        radius_m=template.radius_m, checkin_radius_m=template.checkin_radius_m,
        starts_at=starts_at, ends_at=ends_at, urgency=template.urgency, status=NeedStatus.open,
        created_at=clock.now(), recurring_id=template.id, occurs_on=day)
    need.skills = list(template.skills)
    return need


def create_recurring_instances(now: datetime) -> int:
    """Make the needs of every active rule for the coming days; never two for one date."""
    ahead = current_app.config["RECURRING_DAYS_AHEAD"]
    today = clock.local(now).date()
    made = 0
    for template_id in list(db.session.scalars(select(RecurringNeed.id).where(RecurringNeed.active.is_(True)))):
        template = db.session.get(RecurringNeed, template_id)
        have = set(db.session.scalars(select(Need.occurs_on).where(Need.recurring_id == template.id,
                                                                   Need.occurs_on >= today)))
        for day in rules.occurrences(template.weekdays, template.starts_on, template.ends_on, today, ahead):
            starts_at, ends_at = rules.window(day, template.start_minute, template.duration_minutes, clock.LOCAL)
            if day in have or starts_at <= now:
                continue
            need = _instance(template, day, starts_at, ends_at)
            db.session.add(need)
            try:
                db.session.flush()
            except IntegrityError:  # another process made this date's instance just now
                db.session.rollback()
                break
            audit.record(None, "create_need", f"need:{need.id}", recurring_id=template.id,
                         occurs_on=day.isoformat())
            db.session.commit()
            made += 1
        db.session.commit()
    return made
