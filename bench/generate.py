"""Henan-shaped volunteers for the matching benchmark (and the index's exactness test).

Volunteers cluster around the province's city centres, weighted by population, most
within a few kilometres of the centre and some out in the counties. Each holds 1-4 of
the taxonomy's skills, three weekly windows and a service radius. Rows go in by the
driver's bulk path (sqlite3 executemany, PostgreSQL COPY), not as ORM objects.
"""
import math
import random
from dataclasses import dataclass

from sqlalchemy import func, select

from models import Skill, User, VolunteerProfile
from volunteer.matching.search_index import entry

# (city, lat, lng, people in millions) — WGS-84 city centres.
CITIES = [
    ("郑州", 34.7466, 113.6253, 12.8), ("南阳", 32.9908, 112.5283, 9.7),
    ("周口", 33.6258, 114.6496, 9.0), ("商丘", 34.4144, 115.6564, 7.8),
    ("洛阳", 34.6197, 112.4540, 7.1), ("驻马店", 33.0114, 114.0220, 7.0),
    ("新乡", 35.3030, 113.9268, 6.2), ("信阳", 32.1470, 114.0913, 6.2),
    ("安阳", 36.0976, 114.3924, 5.5), ("平顶山", 33.7662, 113.1925, 5.0),
    ("开封", 34.7971, 114.3074, 4.8), ("许昌", 34.0357, 113.8523, 4.4),
    ("濮阳", 35.7617, 115.0292, 3.8), ("焦作", 35.2157, 113.2418, 3.5),
    ("漯河", 33.5815, 114.0166, 2.4), ("三门峡", 34.7726, 111.2003, 2.0),
    ("鹤壁", 35.7476, 114.2972, 1.6), ("济源", 35.0673, 112.6020, 0.7),
]
KM_PER_DEG = 111.2
WINDOWS = [((8 * 60, 18 * 60), 0.7), ((18 * 60, 21 * 60), 0.15), ((0, 24 * 60), 0.15)]


@dataclass(frozen=True)
class Volunteer:
    n: int  # 0-based index within the generated set
    lat: float
    lng: float
    radius_m: int
    skill_ids: tuple[int, ...]
    windows: tuple[tuple[int, int, int], ...]
    ready: bool  # verified and on duty


def place(rng: random.Random, cities=CITIES) -> tuple[float, float]:
    name, lat, lng, _ = rng.choices(cities, weights=[c[3] for c in cities])[0]
    sigma_km = 5.0 if rng.random() < 0.75 else 25.0  # city core, or out in the counties
    dlat = rng.gauss(0, sigma_km) / KM_PER_DEG
    dlng = rng.gauss(0, sigma_km) / (KM_PER_DEG * math.cos(math.radians(lat)))
    return lat + dlat, lng + dlng


def volunteers(count: int, skill_ids: list[int], seed: int = 7, cities=CITIES):
    rng = random.Random(seed)
    for n in range(count):
        lat, lng = place(rng, cities)
        skills = tuple(sorted(rng.sample(skill_ids, rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0])))
        (start, end), = rng.choices([w for w, _ in WINDOWS], weights=[p for _, p in WINDOWS])
        days = sorted(rng.sample(range(7), 3))
        yield Volunteer(n, lat, lng, rng.choice((3000, 5000, 5000, 10000)), skills,
                        tuple((d, start, end) for d in days), rng.random() < 0.95)


def _writer(connection):
    """A function (table, columns, rows) that bulk-writes with the driver's fastest path."""
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        def write(table, columns, rows):
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        def write(table, columns, rows):
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    return write


@dataclass(frozen=True)
class Loaded:
    people: list[Volunteer]
    first_user: int
    first_profile: int

    def user_id(self, v: Volunteer) -> int:
        return self.first_user + v.n


def load(connection, count: int, skill_ids: list[int], seed: int = 7, home_grid_id=None,
         index: bool = True, cities=CITIES, people=None, phone_prefix: str = "19") -> Loaded:
    """Write `count` volunteers (users, their role, profiles, skills, windows, search rows), or `people`.

    Ids continue after the largest ones present, so this may run beside other data.
    """
    people = list(volunteers(count, skill_ids, seed, cities)) if people is None else people
    first_user = (connection.scalar(select(func.max(User.id))) or 0) + 1
    first_profile = (connection.scalar(select(func.max(VolunteerProfile.id))) or 0) + 1
    write = _writer(connection)
    created = "2026-01-01 00:00:00"
    write("users", ("id", "phone", "name", "password_hash", "active", "created_at"),
          ((first_user + v.n, f"{phone_prefix}{v.n:09d}", f"志愿者{v.n}", "!", True, created) for v in people))
    write("volunteer_profiles", ("id", "user_id", "home_grid_id", "lat", "lng", "service_radius_m",
                                 "status", "on_duty", "star_level"),
          ((first_profile + v.n, first_user + v.n, home_grid_id, v.lat, v.lng, v.radius_m,
            "verified" if v.ready else "pending", True, 0) for v in people))
    write("user_roles", ("user_id", "role"), ((first_user + v.n, "volunteer") for v in people))
    write("volunteer_skills", ("volunteer_id", "skill_id"),
          ((first_profile + v.n, s) for v in people for s in v.skill_ids))
    write("availability", ("volunteer_id", "weekday", "start_minute", "end_minute"),
          ((first_profile + v.n, d, s, e) for v in people for d, s, e in v.windows))
    if index:
        # Rows as tuples, in the table's order (skill, cell, volunteer): at 5M volunteers a
        # dict per row would not fit beside the rest in memory.
        # A volunteer's rows differ only in the skill (the first column), so they share the rest.
        codes = dict(connection.execute(select(Skill.id, Skill.code)).all())
        rows = []
        for v in people:
            if v.ready:
                row = tuple(entry(first_profile + v.n, first_user + v.n, v.lat, v.lng, v.radius_m, home_grid_id,
                                  v.skill_ids[0], None, v.windows, False, f"志愿者{v.n}", 0,
                                  [codes[k] for k in v.skill_ids]).values())
                rows += [(s, *row[1:]) for s in v.skill_ids]
        rows.sort()
        if rows:
            write("volunteer_search", tuple(entry(0, 0, 0.0, 0.0, 0, None, 0, None)), rows)
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users))")
        for table in ("volunteer_profiles", "user_roles"):
            connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"(SELECT max(id) FROM {table}))")
    return Loaded(people, first_user, first_profile)
