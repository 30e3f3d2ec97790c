"""The candidate search table (models/search.py): keeping it true, and asking it.

Keeping it true: after every flush that touched a volunteer profile, its skills, weekly
windows or certificates, a user's active flag or a social-worker licence, that
volunteer's rows are rewritten on the same connection, so the table changes in the same
transaction as the change itself. (Bulk UPDATE statements bypass the ORM and therefore
this hook: call `reindex` after one.)

Asking it: `nearest` reads the cells around a place for one skill, drops in SQL those who
cannot be free at the time asked, orders by a flat distance and lets the database return
only the top rows, then re-ranks them by great-circle distance in Python. It looks in a
small ring first (or in the ring that held a batch the last time it searched that place)
and widens it only when the ring holds too few, so the rows the database reads depend on
how many are asked for, not on how many volunteers live nearby. The flat distance is
within FLAT_ERROR of the great circle, which is what makes the answer exact.
"""
import json
import math
import weakref
from collections import namedtuple
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger, Float, Integer, String, and_, any_, bindparam, delete, event, exists, func, insert, literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from models import Availability, Certification, Skill, SocialWorkerProfile, User, VolunteerProfile, volunteer_skills
from models.people import LICENCE_RANK, LicenceLevel, VolunteerStatus
from models.search import SearchEntry
from volunteer.geo import Point, distance_m

CELL_DEG = 0.01
CELL_ROW = 100_000  # cell = row * CELL_ROW + column; columns span 360 / 0.01 = 36,000
METRES_PER_DEGREE = 6371.009 * 1000 * math.pi / 180  # geopy's EARTH_RADIUS, as great_circle
# The flat distance (x scaled by cos of the query's latitude) differs from the great circle
# by the change of that cosine across the search box: under 0.5% for 50 km below 54°N.
FLAT_ERROR = 0.01
FIRST_RING_M = 1500  # the first radius tried; wider ones follow only when it holds too few
RINGS_KEPT = 20_000  # first rings learnt per database and process (see `_first_rings`)
RING_MARGIN = 1.25  # a learnt first ring: this much wider than the farthest row of the batch it held
SLOT_MINUTES = 30  # one availability bit per half hour: 48 bits a day
DAY_MINUTES = 24 * 60


def cell_of(lat: float, lng: float) -> int:
    return math.floor(lat / CELL_DEG) * CELL_ROW + math.floor(lng / CELL_DEG)


def cells_around(centre: Point, radius_m: float) -> list[int]:
    """Every cell that the circle of `radius_m` (widened by FLAT_ERROR) touches."""
    dlat = radius_m * (1 + FLAT_ERROR) / METRES_PER_DEGREE
    dlng = dlat / max(math.cos(math.radians(centre.lat)), 0.01)
    rows = range(math.floor((centre.lat - dlat) / CELL_DEG), math.floor((centre.lat + dlat) / CELL_DEG) + 1)
    cols = range(math.floor((centre.lng - dlng) / CELL_DEG), math.floor((centre.lng + dlng) / CELL_DEG) + 1)
    return [r * CELL_ROW + c for r in rows for c in cols]


# -- weekly windows as bits ---------------------------------------------------------------

def _bits(start_minute: float, end_minute: float) -> int:
    """The half hours that [start, end) touches, as bits of a day."""
    first = int(start_minute // SLOT_MINUTES)
    last = math.ceil(end_minute / SLOT_MINUTES)  # exclusive
    return ((1 << last) - 1) ^ ((1 << first) - 1) if last > first else 0


def day_masks(windows) -> list[int]:
    """Per weekday, the half hours some window touches."""
    masks = [0] * 7
    for day, start, end in windows:
        masks[day] |= _bits(start, end)
    return masks


def time_masks(starts_local: datetime, ends_local: datetime) -> tuple[tuple[int, int], ...]:
    """(weekday, bits) a volunteer's masks must hold to be free over the whole time.

    A window that covers the time touches every half hour the time touches, so a
    volunteer whose masks lack one of these bits cannot pass `rules.covers`; the exact
    check is `rules.covers` on the windows the row carries.
    """
    day_start = starts_local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = (starts_local - day_start).total_seconds() / 60
    end = (ends_local - day_start).total_seconds() / 60
    weekday = starts_local.weekday()
    if end <= DAY_MINUTES:
        return ((weekday, _bits(start, end)),)
    return ((weekday, _bits(start, DAY_MINUTES)), ((weekday + 1) % 7, _bits(0, min(end - DAY_MINUTES, DAY_MINUTES))))


def encode_windows(windows) -> str:
    return ",".join(f"{d}:{s}-{e}" for d, s, e in sorted(windows))


@lru_cache(maxsize=4096)  # most volunteers share a handful of weekly patterns
def decode_windows(text: str) -> tuple[tuple[int, int, int], ...]:
    if not text:
        return ()
    found = []
    for part in text.split(","):
        day, span = part.split(":")
        start, end = span.split("-")
        found.append((int(day), int(start), int(end)))
    return tuple(found)


# -- keeping it true --------------------------------------------------------------------

def reindex(connection: Connection, volunteer_ids: set[int]) -> None:
    """Rewrite the rows of these volunteers from their profiles, as they are now."""
    if not volunteer_ids:
        return
    ids = sorted(volunteer_ids)
    table = SearchEntry.__table__
    connection.execute(delete(table).where(table.c.volunteer_id.in_(ids)))
    p, u, s = VolunteerProfile.__table__, User.__table__, Skill.__table__
    rows = connection.execute(
        select(p.c.id, p.c.user_id, p.c.lat, p.c.lng, p.c.service_radius_m, p.c.home_grid_id,
               volunteer_skills.c.skill_id, SocialWorkerProfile.__table__.c.licence_level,
               u.c.name, p.c.star_level, s.c.code)
        .join(volunteer_skills, volunteer_skills.c.volunteer_id == p.c.id)
        .join(s, s.c.id == volunteer_skills.c.skill_id)
        .join(u, u.c.id == p.c.user_id)
        .outerjoin(SocialWorkerProfile.__table__, SocialWorkerProfile.__table__.c.user_id == p.c.user_id)
        .where(p.c.id.in_(ids), p.c.status == VolunteerStatus.verified.value,
               p.c.on_duty.is_(True), u.c.active.is_(True))
    ).all()
    if not rows:
        return
    ready = sorted({r[0] for r in rows})
    windows: dict[int, list] = {}
    a = Availability.__table__
    for vid, day, start, end in connection.execute(
            select(a.c.volunteer_id, a.c.weekday, a.c.start_minute, a.c.end_minute)
            .where(a.c.volunteer_id.in_(ready))):
        windows.setdefault(vid, []).append((day, start, end))
    c = Certification.__table__
    certified = set(connection.scalars(select(c.c.volunteer_id).where(c.c.volunteer_id.in_(ready), c.c.checked.is_(True)).distinct()))
    codes: dict[int, list[str]] = {}
    for r in rows:
        codes.setdefault(r[0], []).append(r[-1])
    connection.execute(insert(table), [
        entry(pid, uid, lat, lng, radius, grid, skill_id, level, windows.get(pid, ()), pid in certified,
              name, stars, codes[pid])
        for pid, uid, lat, lng, radius, grid, skill_id, level, name, stars, _ in rows])


def entry(volunteer_id, user_id, lat, lng, radius_m, home_grid_id, skill_id, licence_level,
          windows=(), has_certificates=False, name="", star_level=0, skill_codes=()) -> dict:
    """One row of the search table (also what the benchmark's bulk loader writes)."""
    rank = LICENCE_RANK[LicenceLevel(licence_level)] if licence_level else 0
    masks = day_masks(windows)
    return {"skill_id": skill_id, "cell": cell_of(lat, lng), "volunteer_id": volunteer_id,
            "user_id": user_id, "lat": lat, "lng": lng, "radius_m": radius_m,
            "home_grid_id": home_grid_id, "licence_rank": rank, "has_certificates": has_certificates,
            "windows": encode_windows(windows), **{f"avail_{d}": masks[d] for d in range(7)},
            "name": name, "star_level": star_level, "skill_codes": ",".join(sorted(skill_codes))}


def reindex_all(connection: Connection) -> int:
    """Rebuild the whole table (after a restore or a bulk import); returns the volunteers seen."""
    ids = sorted(connection.scalars(select(VolunteerProfile.__table__.c.id)))
    for chunk in range(0, len(ids), 500):
        reindex(connection, set(ids[chunk:chunk + 500]))
    return len(ids)


def _touched_volunteers(session: Session) -> set[int]:
    profile_ids: set[int] = set()
    user_ids: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, VolunteerProfile) and obj.id is not None:
            profile_ids.add(obj.id)
        elif isinstance(obj, (Availability, Certification)) and obj.volunteer_id is not None:
            profile_ids.add(obj.volunteer_id)
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

class Hit:
    """One volunteer the index found, with great-circle metres from the centre."""

    __slots__ = ("volunteer_id", "user_id", "home_grid_id", "radius_m", "licence_rank", "has_certificates",
                 "windows", "distance_m", "row")

    def __init__(self, row, distance: float):
        self.volunteer_id, self.user_id, self.home_grid_id = row.volunteer_id, row.user_id, row.home_grid_id
        self.radius_m, self.licence_rank = row.radius_m, row.licence_rank
        self.has_certificates, self.windows = bool(row.has_certificates), row.windows
        self.distance_m = distance
        self.row = row  # with the columns `extend` added


Extend = Callable[[Any], Any]  # the top rows (a CTE) -> a SELECT of them with more columns


def nearest(connection: Connection, centre: Point, radius_m: float, skill_ids: list[int],
            min_licence_rank: int = 0, free: tuple[tuple[int, int], ...] = (),
            extend: Extend | None = None, params: dict | None = None,
            first_batch: int = 25) -> Iterator[Hit]:
    """Indexed volunteers holding every skill within both radii, nearest first, exactly.

    `free` is what `time_masks` gives for a time: only volunteers whose masks hold it are
    returned. `extend` may add columns to the top rows in the same statement (its own
    bound values in `params`); they arrive in `Hit.row`.

    Each step asks for the top `size` rows by flat distance within a ring. A full answer
    whose last row is at flat distance F means every row not read is at great-circle
    distance >= F / (1 + FLAT_ERROR); a short one means every row in the ring was read,
    so every row not read is farther than the ring. The hits below that bound are final
    and are yielded. Then the batch grows, or the ring widens (as far as the rows found so
    far say it must to hold a batch), until the full radius has been read or the caller
    has enough.
    """
    if not skill_ids:
        return
    skill_ids = sorted(skill_ids)
    statement = _prepared(connection.dialect, len(skill_ids) - 1, bool(min_licence_rank),
                          tuple(d for d, _ in free), extend)
    widen = (1 + FLAT_ERROR) ** 2
    values = dict(params or {})
    values.update(_geometry(centre), min_rank=min_licence_rank, widen=widen,
                  **{f"skill_{i}": s for i, s in enumerate(skill_ids)},
                  **{f"mask_{d}": bits for d, bits in free})
    rings = _first_rings(connection)
    place = (cell_of(centre.lat, centre.lng), tuple(skill_ids), min_licence_rank, free, first_batch)
    r = min(rings.get(place, FIRST_RING_M), radius_m)
    size = first_batch
    learnt = False
    done: set[int] = set()
    metres: dict[int, float] = {}
    while True:
        cells = cells_around(centre, r)
        rows = statement.run(connection, {
            **values, "size": size, "r2": r * r * widen,
            "cells": cells})
        full = len(rows) == size
        bound = math.sqrt(rows[-1].d2) / (1 + FLAT_ERROR) if full else r
        if not learnt and (full or r >= radius_m):
            learnt = True
            _learn(rings, place, min(r, bound * RING_MARGIN) if full else r)
        hits = []
        for row in rows:
            d = metres.get(row.volunteer_id)
            if d is None:
                d = metres[row.volunteer_id] = distance_m(centre, Point(row.lat, row.lng))
            hits.append((d, row.user_id, row))
        hits.sort(key=lambda h: (h[0], h[1]))
        # The final hits of each step are a prefix of the exact order, and the bound only
        # grows from step to step, so what was not yielded yet comes after what was.
        for d, _, row in hits:
            if not (d < bound if full else d <= bound):
                break
            if row.volunteer_id not in done and d <= radius_m and d <= row.radius_m:
                done.add(row.volunteer_id)
                yield Hit(row, d)
        if full:
            size *= 4
        elif r < radius_m:
            # Wide enough to hold a batch if the ring's density holds, and at least twice as wide.
            guess = r * math.sqrt(size / len(rows)) * 1.2 if rows else radius_m
            r = min(radius_m, max(2 * r, guess))
        else:
            return


_rings_by_engine: "weakref.WeakKeyDictionary[Engine, dict]" = weakref.WeakKeyDictionary()


def _first_rings(connection: Connection) -> dict:
    """The first ring to try around a place, learnt from the last search there.

    The first batch either came from the first ring, or the ring had to widen (one more
    statement, and the rows read again) until it held one. The next search for the same
    cell, skills, licence, times and batch size starts from the ring that held a full
    batch last time (RING_MARGIN wider than its farthest row), so it usually needs a single
    statement. It is only a starting guess: whatever the ring, the answer is the same and
    exact (see `nearest`), so a guess that no longer fits costs a statement, never a
    wrong candidate. Kept per database engine and process, at most RINGS_KEPT places.
    """
    return _rings_by_engine.setdefault(connection.engine, {})


def _learn(rings: dict, place: tuple, ring_m: float) -> None:
    ring_m = max(FIRST_RING_M, ring_m)
    if ring_m == FIRST_RING_M:
        rings.pop(place, None)
        return
    if len(rings) >= RINGS_KEPT and place not in rings:
        rings.clear()
    rings[place] = ring_m


def _geometry(centre: Point) -> dict:
    return {"clat": centre.lat, "clng": centre.lng, "ky": METRES_PER_DEGREE ** 2,
            "kx": (METRES_PER_DEGREE * math.cos(math.radians(centre.lat))) ** 2}


class _Prepared:
    """A statement compiled once and run on the driver's own connection.

    The candidate query runs on every request that lists candidates, a few times over
    when the ring widens; compiling it is done once here, and each run hands the values
    straight to the driver (sqlite3 or psycopg) on the connection of the current
    transaction (a server-side prepared statement on PostgreSQL): aware datetimes as
    naive UTC (as models.types.UTCDateTime stores them), rows back as named tuples,
    datetime columns read with `as_utc`.
    """

    def __init__(self, statement, dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.fixed = compiled.construct_params({}, _check=False)
        self.order = compiled.positiontup  # None for named parameters
        self.sqlite = dialect.name == "sqlite"
        self.row = namedtuple("Row", [c.key for c in statement.selected_columns])

    def args(self, values: dict):
        """The values as the driver takes them: a tuple in order, or a dict by name."""
        params = {**self.fixed, **values}
        for name, value in params.items():
            if isinstance(value, datetime):
                value = value.astimezone(timezone.utc).replace(tzinfo=None)
                params[name] = value.strftime(SQLITE_DATETIME) if self.sqlite else value
        if self.sqlite and "cells" in params:
            params["cells"] = json.dumps(params["cells"])  # unpacked by json_each
        return params if self.order is None else tuple(params[name] for name in self.order)

    def run(self, connection: Connection, values: dict) -> list:
        make = self.row._make
        driver = connection.connection.driver_connection
        if self.sqlite:  # sqlite3 keeps its own cache of compiled statements
            cursor = driver.execute(self.sql, self.args(values))
        else:  # psycopg prepares it on the server now and keeps it (see database.end_read)
            cursor = driver.execute(self.sql, self.args(values), prepare=True)
        return [make(r) for r in cursor.fetchall()]


SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores on SQLite


def as_utc(value) -> datetime | None:
    """A datetime column as the driver gave it (text on SQLite), as an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc)


@lru_cache(maxsize=512)
def _prepared(dialect, extra_skills: int, ranked: bool, free_days: tuple[int, ...], extend: Extend | None):
    return _Prepared(_statement(dialect.name, extra_skills, ranked, free_days, extend), dialect)


def _in_cells(dialect: str, cell):
    if dialect == "postgresql":
        return cell == any_(bindparam("cells", type_=ARRAY(Integer)))
    return cell.in_(select(literal_column("value")).select_from(func.json_each(bindparam("cells", type_=String))))


@lru_cache(maxsize=512)
def _statement(dialect: str, extra_skills: int, ranked: bool, free_days: tuple[int, ...], extend: Extend | None):
    """The statement for one shape of query; every value in it is a bound parameter.

    The cells come as one value (a PostgreSQL array, or a JSON list SQLite unpacks), so
    the statement's text, and the database's prepared plan of it, stay the same.
    """
    t = SearchEntry.__table__
    dlat = t.c.lat - bindparam("clat", type_=Float)
    dlng = t.c.lng - bindparam("clng", type_=Float)
    d2 = (dlat * dlat * bindparam("ky", type_=Float) + dlng * dlng * bindparam("kx", type_=Float)).label("d2")
    query = (
        select(t.c.volunteer_id, t.c.user_id, t.c.home_grid_id, t.c.radius_m, t.c.licence_rank,
               t.c.has_certificates, t.c.windows, t.c.lat, t.c.lng, t.c.name, t.c.star_level, t.c.skill_codes, d2)
        .where(t.c.skill_id == bindparam("skill_0", type_=Integer),
               _in_cells(dialect, t.c.cell),
               d2 <= bindparam("r2", type_=Float),
               d2 <= t.c.radius_m * t.c.radius_m * bindparam("widen", type_=Float))
        .order_by(d2)
        .limit(bindparam("size", type_=Integer))
    )
    for i in range(1, extra_skills + 1):
        query = query.where(exists().where(and_(
            volunteer_skills.c.volunteer_id == t.c.volunteer_id,
            volunteer_skills.c.skill_id == bindparam(f"skill_{i}", type_=Integer))))
    if ranked:
        query = query.where(t.c.licence_rank >= bindparam("min_rank", type_=Integer))
    for day in free_days:
        mask = bindparam(f"mask_{day}", type_=BigInteger)
        query = query.where(t.c[f"avail_{day}"].op("&")(mask) == mask)
    if extend is None:
        return query
    return extend(query.cte("top"))
