"""The staff dashboard: figures of the loop for the grids the caller staffs.

Scope: a grid manager sees their grids, a social worker or community admin their
communities, street or district staff everything. Filters (street, community, grid)
narrow that scope further and never widen it. Counts are made in SQL; only the
response times of the window's needs come back row by row, for the median.
"""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import case, func, literal_column, select

from models import (
    Assignment, Community, Feedback, Grid, HoursEntry, Need, NeedServedGroup, ServiceRecord, User, VolunteerProfile, db,
)
from models.assignments import HOLDS_SLOT
from models.needs import NeedStatus
from models.people import VolunteerStatus
from volunteer import clock
from volunteer.access import staffed_grid_filter
from volunteer.dashboards import rules
from volunteer.needs import groups
from volunteer.errors import Forbidden, InvalidInput
from volunteer.reports.rules import SATISFIED_SCORES
from volunteer.messages import field_code

MONTHS = 12
RESPONSE_WINDOW = timedelta(days=90)
LOCAL_OFFSET_HOURS = 8  # Asia/Shanghai keeps no summer time


def _scoped_grids(actor: User, street: str | None, community_id: int | None,
                  grid_id: int | None) -> list[Grid]:
    """The grids the dashboard covers; a filter outside the caller's reach is refused."""
    for value, model, field in ((community_id, Community, "community_id"), (grid_id, Grid, "grid_id")):
        if value is not None and db.session.get(model, value) is None:
            raise InvalidInput("not_found", fields={field: field_code("no_such_place")})
    query = select(Grid).join(Community, Community.id == Grid.community_id).order_by(Grid.id)
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    reachable = list(db.session.scalars(query))
    chosen = [g for g in reachable
              if (street is None or g.community.street == street)
              and (community_id is None or g.community_id == community_id)
              and (grid_id is None or g.id == grid_id)]
    if (community_id is not None or grid_id is not None) and not chosen:
        raise Forbidden()
    return chosen


def _filters(actor: User) -> dict:
    """What the caller may filter by: their streets, communities and grids."""
    query = select(Grid).join(Community, Community.id == Grid.community_id).order_by(Grid.id)
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    grids = list(db.session.scalars(query))
    communities = {g.community.id: g.community for g in grids}
    return {
        "streets": sorted({c.street for c in communities.values()}),
        "communities": [{"id": c.id, "name": c.name, "street": c.street}
                        for c in sorted(communities.values(), key=lambda c: c.id)],
        "grids": [{"id": g.id, "name": g.name, "community_id": g.community_id} for g in grids],
    }


def volunteer_ratios(grids: list[Grid], grid_id: int | None) -> list[dict]:
    """Registered (not suspended) volunteers living in each community against its target;
    with a grid chosen, that grid's volunteers against that grid's residents."""
    if grid_id is not None:
        return [grid_ratio(g) for g in grids]
    communities = {g.community.id: g.community for g in grids}
    volunteers = dict(db.session.execute(
        select(Grid.community_id, func.count(VolunteerProfile.id))
        .join(VolunteerProfile, VolunteerProfile.home_grid_id == Grid.id)
        .where(Grid.community_id.in_(communities), VolunteerProfile.status != VolunteerStatus.suspended)
        .group_by(Grid.community_id)).all())
    rows = []
    for c in sorted(communities.values(), key=lambda c: c.id):
        count = volunteers.get(c.id, 0)
        rows.append({"level": "community", "community_id": c.id, "grid_id": None, "name": c.name,
                     "community_name": c.name, "kind": c.kind.value, "street": c.street,
                     "residents": c.residents, "residents_basis": "community", "volunteers": count,
                     **rules.volunteer_ratio(c.kind.value, count, c.residents)})
    return rows


def grid_ratio(grid: Grid) -> dict:
    c = grid.community
    count = db.session.scalar(select(func.count(VolunteerProfile.id)).where(
        VolunteerProfile.home_grid_id == grid.id, VolunteerProfile.status != VolunteerStatus.suspended))
    residents = rules.grid_residents(grid.households, c.households, c.residents)
    return {"level": "grid", "community_id": c.id, "grid_id": grid.id, "name": grid.name,
            "community_name": c.name, "kind": c.kind.value, "street": c.street,
            "residents": residents, "residents_basis": "grid_households", "volunteers": count,
            **rules.volunteer_ratio(c.kind.value, count, residents)}


def _local_month(column):
    """"YYYY-MM" of a stored UTC time, in Asia/Shanghai, in the database's own dialect."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column + literal_column(f"interval '{LOCAL_OFFSET_HOURS} hours'"), "YYYY-MM")
    return func.strftime("%Y-%m", column, f"+{LOCAL_OFFSET_HOURS} hours")


def _hours_by_month(grid_ids: list[int]) -> list[dict]:
    """Confirmed hours per local month for the last twelve months, oldest first."""
    months = rules.last_months(clock.local(clock.now()).date(), MONTHS)
    first = clock.local(clock.now()).replace(year=int(months[0][:4]), month=int(months[0][5:]), day=1,
                                             hour=0, minute=0, second=0, microsecond=0)
    month = _local_month(ServiceRecord.ended_at)
    rows = db.session.execute(
        select(month, func.sum(HoursEntry.hours))
        .join(ServiceRecord, ServiceRecord.id == HoursEntry.record_id)
        .join(Need, Need.id == ServiceRecord.need_id)
        .where(Need.grid_id.in_(grid_ids), ServiceRecord.ended_at >= first)
        .group_by(month)).all()
    totals = {m: h for m, h in rows}
    return [{"month": m, "hours": Decimal(totals.get(m) or 0)} for m in months]


def _needs_by_status(grid_ids: list[int]) -> dict:
    counts = dict(db.session.execute(
        select(Need.status, func.count(Need.id)).where(Need.grid_id.in_(grid_ids))
        .group_by(Need.status)).all())
    return {s.value: counts.get(s, 0) for s in NeedStatus}


def response_minutes(grid_ids: list[int]) -> dict:
    """Minutes from a need being posted to its first person holding a slot (last 90 days)."""
    since = clock.now() - RESPONSE_WINDOW
    rows = db.session.execute(
        select(Need.created_at, func.min(Assignment.created_at))
        .join(Assignment, Assignment.need_id == Need.id)
        .where(Need.grid_id.in_(grid_ids), Need.created_at >= since, Assignment.status.in_(HOLDS_SLOT))
        .group_by(Need.id, Need.created_at)).all()
    waited = [max((first - posted).total_seconds() / 60, 0) for posted, first in rows]
    median, p90 = rules.percentile(waited, 0.5), rules.percentile(waited, 0.9)
    return {"answered": len(waited), "median_minutes": round(median, 1) if median is not None else None,
            "p90_minutes": round(p90, 1) if p90 is not None else None, "window_days": RESPONSE_WINDOW.days}


def satisfaction_of(grid_ids: list[int]) -> dict:
    ratings, satisfied, total = db.session.execute(
        select(func.count(Feedback.id),
               func.sum(case((Feedback.score.in_(SATISFIED_SCORES), 1), else_=0)),
               func.sum(Feedback.score))
        .join(Need, Need.id == Feedback.need_id).where(Need.grid_id.in_(grid_ids))).one()
    figures = rules.satisfaction(int(ratings or 0), int(satisfied or 0),
                                 current_app.config["SATISFACTION_TARGET_PERCENT"])
    figures["average"] = round(int(total) / ratings, 2) if ratings else None
    return figures


def _served_groups(grid_ids: list[int]) -> list[dict]:
    """Needs and confirmed hours per group served (空巢老人, 留守儿童...)."""
    needs = dict(db.session.execute(
        select(NeedServedGroup.code, func.count(Need.id)).join(Need, Need.id == NeedServedGroup.need_id)
        .where(Need.grid_id.in_(grid_ids)).group_by(NeedServedGroup.code)).all())
    hours = dict(db.session.execute(
        select(NeedServedGroup.code, func.sum(HoursEntry.hours))
        .join(ServiceRecord, ServiceRecord.need_id == NeedServedGroup.need_id)
        .join(HoursEntry, HoursEntry.record_id == ServiceRecord.id)
        .join(Need, Need.id == NeedServedGroup.need_id)
        .where(Need.grid_id.in_(grid_ids)).group_by(NeedServedGroup.code)).all())
    return [{"code": code, "name_zh": zh, "name_en": en, "needs": needs.get(code, 0),
             "hours": Decimal(hours.get(code) or 0)} for code, zh, en in groups.SERVED_GROUPS]


def _party_members(grid_ids: list[int]) -> dict:
    """Party members at work reporting to the community (在职党员报到): how many, and their hours."""
    volunteers = db.session.scalar(select(func.count(VolunteerProfile.id)).where(
        VolunteerProfile.party_member.is_(True), VolunteerProfile.status == VolunteerStatus.verified,
        VolunteerProfile.home_grid_id.in_(grid_ids)))
    hours = db.session.scalar(
        select(func.sum(HoursEntry.hours)).join(ServiceRecord, ServiceRecord.id == HoursEntry.record_id)
        .join(Need, Need.id == ServiceRecord.need_id)
        .where(ServiceRecord.as_party_member.is_(True), Need.grid_id.in_(grid_ids)))
    return {"volunteers": volunteers or 0, "hours": Decimal(hours or 0)}


def dashboard(actor: User, street: str | None = None, community_id: int | None = None,
              grid_id: int | None = None) -> dict:
    """Volunteer ratios, hours per month, needs by status and response time, satisfaction."""
    grids = _scoped_grids(actor, street, community_id, grid_id)
    grid_ids = [g.id for g in grids]
    return {
        "scope": {"street": street, "community_id": community_id, "grid_id": grid_id,
                  "grids": len(grid_ids)},
        "filters": _filters(actor),
        "volunteer_ratio": volunteer_ratios(grids, grid_id),
        "hours_by_month": _hours_by_month(grid_ids),
        "needs_by_status": _needs_by_status(grid_ids),
        "response": response_minutes(grid_ids),
        "satisfaction": satisfaction_of(grid_ids),
        "served_groups": _served_groups(grid_ids),
        "party_members": _party_members(grid_ids),
        "generated_at": clock.now(),
    }
