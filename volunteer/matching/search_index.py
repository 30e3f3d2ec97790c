"""The candidate search table (models/search.py): keeping it true, and asking it.

Keeping it true: after every flush that touched a volunteer profile, its skills, a
user's active flag or a social-worker licence, that volunteer's rows are rewritten on the
same connection, so the table changes in the same transaction as the change itself.
(Bulk UPDATE statements bypass the ORM and therefore this hook: call `reindex` after one.)

Asking it: `nearest` reads the cells around a place for one skill, orders by a flat
distance in SQL and lets the database return only the top rows, then re-ranks them by
great-circle distance in Python. The flat distance is within FLAT_ERROR of the great
circle, which is what makes the re-rank exact (see `nearest`).
"""
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Float, and_, bindparam, delete, event, exists, insert, literal, literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from models import SocialWorkerProfile, User, VolunteerProfile, volunteer_skills
from models.people import LICENCE_RANK, LicenceLevel, VolunteerStatus
from models.search import SearchEntry
from volunteer.geo import Point, distance_m

CELL_DEG = 0.05
CELL_ROW = 10_000  # cell = row * CELL_ROW + column; columns span 360 / 0.05 = 7200
METRES_PER_DEGREE = 6371.009 * 1000 * math.pi / 180  # geopy's EARTH_RADIUS, as great_circle
# The flat distance (x scaled by cos of the query's latitude) differs from the great circle
# by the change of that cosine across the search box: under 0.5% for 50 km below 54°N.
FLAT_ERROR = 0.01


def cell_of(lat: float, lng: float) -> int:
    return math.floor(lat / CELL_DEG) * CELL_ROW + math.floor(lng / CELL_DEG)


def cells_around(centre: Point, radius_m: float) -> list[int]:
    """Every cell that the circle of `radius_m` (widened by FLAT_ERROR) touches."""
    dlat = radius_m * (1 + FLAT_ERROR) / METRES_PER_DEGREE
    dlng = dlat / max(math.cos(math.radians(centre.lat)), 0.01)
    rows = range(math.floor((centre.lat - dlat) / CELL_DEG), math.floor((centre.lat + dlat) / CELL_DEG) + 1)
    cols = range(math.floor((centre.lng - dlng) / CELL_DEG), math.floor((centre.lng + dlng) / CELL_DEG) + 1)
    return [r * CELL_ROW + c for r in rows for c in cols]


# -- keeping it true --------------------------------------------------------------------

def reindex(connection: Connection, volunteer_ids: set[int]) -> None:
    """Rewrite the rows of these volunteers from their profiles, as they are now."""
    if not volunteer_ids:
        return
    ids = sorted(volunteer_ids)
    table = SearchEntry.__table__
    connection.execute(delete(table).where(table.c.volunteer_id.in_(ids)))
    p = VolunteerProfile.__table__
    rows = connection.execute(
        select(p.c.id, p.c.user_id, p.c.lat, p.c.lng, p.c.service_radius_m, p.c.home_grid_id,
               volunteer_skills.c.skill_id, SocialWorkerProfile.__table__.c.licence_level)
        .join(volunteer_skills, volunteer_skills.c.volunteer_id == p.c.id)
        .join(User.__table__, User.__table__.c.id == p.c.user_id)
        .outerjoin(SocialWorkerProfile.__table__, SocialWorkerProfile.__table__.c.user_id == p.c.user_id)
        .where(p.c.id.in_(ids), p.c.status == VolunteerStatus.verified.value,
               p.c.on_duty.is_(True), User.__table__.c.active.is_(True))
    ).all()
    entries = [entry(pid, uid, lat, lng, radius, grid, skill_id, level)
               for pid, uid, lat, lng, radius, grid, skill_id, level in rows]
    if entries:
        connection.execute(insert(table), entries)


def entry(volunteer_id, user_id, lat, lng, radius_m, home_grid_id, skill_id, licence_level) -> dict:
    """One row of the search table (also what the benchmark's bulk loader writes)."""
    rank = LICENCE_RANK[LicenceLevel(licence_level)] if licence_level else 0
    return {"skill_id": skill_id, "cell": cell_of(lat, lng), "volunteer_id": volunteer_id,
            "user_id": user_id, "lat": lat, "lng": lng, "radius_m": radius_m,
            "home_grid_id": home_grid_id, "licence_rank": rank}


def reindex_all(connection: Connection) -> int:
    """Rebuild the whole table (after a restore or a bulk import); returns the volunteers seen."""
    ids = set(connection.scalars(select(VolunteerProfile.__table__.c.id)))
    for chunk in range(0, len(ids), 500):
        reindex(connection, set(sorted(ids)[chunk:chunk + 500]))
    return len(ids)


def _touched_volunteers(session: Session) -> set[int]:
    profile_ids: set[int] = set()
    user_ids: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, VolunteerProfile) and obj.id is not None:
            profile_ids.add(obj.id)
        elif isinstance(obj, (User, SocialWorkerProfile)):
            user_ids.add(obj.id if isinstance(obj, User) else obj.user_id)
    user_ids.discard(None)
    if user_ids:
        profile_ids |= set(session.connection().scalars(
            select(VolunteerProfile.__table__.c.id)
            .where(VolunteerProfile.__table__.c.user_id.in_(sorted(user_ids)))))
    return profile_ids


@event.listens_for(Session, "after_flush")
def _follow_changes(session: Session, flush_context) -> None:
    touched = _touched_volunteers(session)
    if touched:
        reindex(session.connection(), touched)


# -- asking it --------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    volunteer_id: int
    user_id: int
    home_grid_id: int | None
    radius_m: int
    licence_rank: int
    distance_m: float


def nearest(connection: Connection, centre: Point, radius_m: float, skill_ids: list[int],
            min_licence_rank: int = 0, first_batch: int = 25) -> Iterator[Hit]:
    """Indexed volunteers holding every skill within both radii, nearest first, exactly.

    Reads batches of growing size, each the top rows by flat distance. After a full batch
    whose last row is at flat distance F, every volunteer not yet read is at great-circle
    distance >= F / (1 + FLAT_ERROR), so the rows below that are final and are yielded;
    a batch shorter than asked for means nothing is left. Callers stop when they have enough.
    """
    if not skill_ids:
        return
    query = _nearest_query(centre, radius_m, sorted(skill_ids), min_licence_rank)
    done = 0
    size = first_batch
    seen: dict[int, Hit] = {}
    while True:
        rows = connection.execute(query, {"size": size}).all()
        complete = len(rows) < size
        safe = math.inf if complete else math.sqrt(rows[-1].d2) / (1 + FLAT_ERROR)
        for r in rows:
            if r.volunteer_id not in seen:
                seen[r.volunteer_id] = Hit(r.volunteer_id, r.user_id, r.home_grid_id, r.radius_m,
                                           r.licence_rank, distance_m(centre, Point(r.lat, r.lng)))
        hits = sorted((seen[r.volunteer_id] for r in rows), key=lambda h: (h.distance_m, h.user_id))
        final = [h for h in hits if h.distance_m < safe
                 and h.distance_m <= radius_m and h.distance_m <= h.radius_m]
        # `final` only grows from batch to batch (the flat top-k of a larger k holds the
        # smaller one), so skipping the ones already yielded keeps the order exact.
        yield from final[done:]
        done = len(final)
        if complete:
            return
        size *= 4


def _nearest_query(centre: Point, radius_m: float, skill_ids: list[int], min_licence_rank: int):
    t = SearchEntry.__table__
    ky = METRES_PER_DEGREE ** 2
    kx = (METRES_PER_DEGREE * math.cos(math.radians(centre.lat))) ** 2
    d2 = ((t.c.lat - centre.lat) * (t.c.lat - centre.lat) * ky
          + (t.c.lng - centre.lng) * (t.c.lng - centre.lng) * kx).label("d2")
    widen = (1 + FLAT_ERROR) ** 2
    query = (
        select(t.c.volunteer_id, t.c.user_id, t.c.home_grid_id, t.c.radius_m, t.c.licence_rank,
               t.c.lat, t.c.lng, d2)
        .where(t.c.skill_id == skill_ids[0], t.c.cell.in_(cells_around(centre, radius_m)),
               d2 <= radius_m * radius_m * widen,
               d2 <= t.c.radius_m * t.c.radius_m * literal(widen, Float))
        .order_by(literal_column("d2"))
        .limit(bindparam("size"))
    )
    for skill_id in skill_ids[1:]:
        query = query.where(exists().where(and_(volunteer_skills.c.volunteer_id == t.c.volunteer_id,
                                                volunteer_skills.c.skill_id == skill_id)))
    if min_licence_rank:
        query = query.where(t.c.licence_rank >= min_licence_rank)
    return query
