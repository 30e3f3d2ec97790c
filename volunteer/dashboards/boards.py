"""Public boards (公示) per grid and community: registered volunteers against the 10% /
6% target, hours served, requests answered and how fast, satisfaction against 80%, and
the community's social workers (一社区一社工) by licence level, never by name.

The scheduler recomputes every board (`refresh_boards`); the page shows the stored
figures, so reading it costs one row and shows the time they were computed. A board not
yet computed is computed on first reading.
"""
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models import Community, Grid, HelpRequest, HoursEntry, Need, ServiceRecord, SocialWorkerProfile, db
from models.boards import PublicBoard
from models.needs import RequestStatus
from models.people import social_worker_communities
from volunteer import clock
from volunteer.dashboards.services import grid_ratio, response_minutes, satisfaction_of, volunteer_ratios
from volunteer.errors import NotFound

REQUEST_WINDOW = timedelta(days=90)


def figures(community: Community, grid: Grid | None = None) -> dict:
    """What the board shows, computed now from the records."""
    grids = [grid] if grid is not None else list(community.grids)
    grid_ids = [g.id for g in grids]
    ratio = grid_ratio(grid) if grid is not None else volunteer_ratios(grids, None)[0] if grids else {
        "residents": community.residents, "volunteers": 0, "ratio": None, "meets": False,
        "target": 0.1 if community.kind.value == "urban" else 0.06}
    hours = db.session.scalar(select(func.coalesce(func.sum(HoursEntry.hours), 0))
                              .join(ServiceRecord, ServiceRecord.id == HoursEntry.record_id)
                              .join(Need, Need.id == ServiceRecord.need_id).where(Need.grid_id.in_(grid_ids)))
    since = clock.now() - REQUEST_WINDOW
    asked = dict(db.session.execute(select(HelpRequest.status, func.count(HelpRequest.id)).where(
        HelpRequest.grid_id.in_(grid_ids), HelpRequest.created_at >= since).group_by(HelpRequest.status)).all())
    levels = dict(db.session.execute(
        select(SocialWorkerProfile.licence_level, func.count(SocialWorkerProfile.id))
        .join(social_worker_communities, social_worker_communities.c.social_worker_id == SocialWorkerProfile.id)
        .where(social_worker_communities.c.community_id == community.id)
        .group_by(SocialWorkerProfile.licence_level)).all())
    response = response_minutes(grid_ids)
    satisfaction = satisfaction_of(grid_ids)
    return {
        "level": "grid" if grid is not None else "community", "community_id": community.id,
        "grid_id": grid.id if grid is not None else None, "community_name": community.name,
        "name": grid.name if grid is not None else community.name, "kind": community.kind.value,
        "volunteers": {"registered": ratio["volunteers"], "residents": ratio["residents"], "ratio": ratio["ratio"],
                       "target": ratio["target"], "meets": ratio["meets"]},
        "hours": str(Decimal(hours or 0).quantize(Decimal("0.01"))),
        "requests": {"window_days": REQUEST_WINDOW.days, "received": sum(asked.values()),
                     "answered": asked.get(RequestStatus.accepted, 0), "needs_answered": response["answered"],
                     "median_minutes": response["median_minutes"]},
        "satisfaction": {"ratings": satisfaction["ratings"], "rate": satisfaction["rate"],
                         "target": satisfaction["target"], "meets": satisfaction["meets"]},
        "social_workers": {"count": sum(levels.values()),
                           "by_level": {level.value: n for level, n in sorted(levels.items(), key=lambda p: p[0].value)},
                           "meets": sum(levels.values()) >= 1},
    }


def refresh_boards(now: datetime) -> int:
    """The sweep: recompute every community's and grid's board; returns how many."""
    done = 0
    for community_id in db.session.scalars(select(Community.id).order_by(Community.id)).all():
        community = db.session.get(Community, community_id)
        _store(community, None, now)
        done += 1
        for grid in sorted(community.grids, key=lambda g: g.id):
            _store(community, grid, now)
            done += 1
        db.session.commit()
    return done


def board(community_id: int, grid_id: int | None = None) -> dict:
    """The stored board, computed now if the scheduler has not reached it yet."""
    key = f"grid:{grid_id}" if grid_id is not None else f"community:{community_id}"
    stored = db.session.scalar(select(PublicBoard).where(PublicBoard.key == key))
    if stored is None:
        community = db.session.get(Community, community_id)
        grid = db.session.get(Grid, grid_id) if grid_id is not None else None
        if community is None or (grid_id is not None and (grid is None or grid.community_id != community_id)):
            raise NotFound()
        stored = _store(community, grid, clock.now())
        db.session.commit()
    return {**stored.figures, "computed_at": stored.computed_at}


def grid_board(grid_id: int) -> dict:
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise NotFound()
    return board(grid.community_id, grid.id)


def _store(community: Community, grid: Grid | None, now: datetime) -> PublicBoard:
    key = f"grid:{grid.id}" if grid is not None else f"community:{community.id}"
    shown = figures(community, grid)
    stored = db.session.scalar(select(PublicBoard).where(PublicBoard.key == key))
    if stored is None:
        stored = PublicBoard(key=key, community_id=community.id, grid_id=grid.id if grid else None,
                             figures=shown, computed_at=now)
        db.session.add(stored)
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError:  # computed by a concurrent reader a moment ago
            stored = db.session.scalar(select(PublicBoard).where(PublicBoard.key == key))
    stored.figures, stored.computed_at = shown, now
    return stored
