"""Matching benchmark: `make bench` (not part of `make test`).

Builds BENCH_VOLUNTEERS Henan-shaped volunteers (default 1,000,000) in a temporary SQLite
file, and in a temporary PostgreSQL database when BENCH_DATABASE_URL names a server; runs
BENCH_QUERIES candidate queries (5 km, top 20, one random skill): the index query itself
(search_index.nearest, what a brute-force scan and an in-memory KD-tree answer too), and
the whole candidate service find_candidates (weekly windows, slots held, record, score),
the same code as GET /needs/{id}/candidates; the same at 100k volunteers, the full HTTP
request, and a batch of BENCH_BATCH needs planned against a nearest-first pass.
Prints one table and writes bench/out/matching.json. BENCH_SQLITE=0 measures PostgreSQL
only (`make bench-province`: 5,000,000 volunteers, bench/out/matching-5000000.json).
"""
import json
import math
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from itertools import islice
from pathlib import Path

import numpy as np
from flask_migrate import upgrade
from scipy.spatial import cKDTree
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import CITIES, load  # noqa: E402
from models import Community, Grid, Need, Role, Skill, User, UserRole, db  # noqa: E402
from models.needs import NeedStatus, Urgency  # noqa: E402
from models.places import CommunityKind  # noqa: E402
from tests.databases import postgres_database  # noqa: E402
from volunteer import clock, create_app  # noqa: E402
from volunteer.auth import issue_token  # noqa: E402
from volunteer.config import Config  # noqa: E402
from volunteer.database import end_read  # noqa: E402
from volunteer.geo import Point, distance_m  # noqa: E402
from volunteer.matching import batches, search_index  # noqa: E402
from volunteer.matching.services import find_candidates  # noqa: E402
from volunteer.people.services import ensure_skills  # noqa: E402

VOLUNTEERS = int(os.environ.get("BENCH_VOLUNTEERS", 1_000_000))
SMALL = int(os.environ.get("BENCH_SMALL_VOLUNTEERS", 100_000))
QUERIES = int(os.environ.get("BENCH_QUERIES", 500))
BRUTE = int(os.environ.get("BENCH_BRUTE", 20))
HTTP = int(os.environ.get("BENCH_HTTP", 200))
BATCH = int(os.environ.get("BENCH_BATCH", 500))
ON_SQLITE = os.environ.get("BENCH_SQLITE", "1") == "1"
RADIUS_M, TOP = 5000, 20
OUT = Path(__file__).resolve().parent / "out" / (
    "matching.json" if os.environ.get("BENCH_SQLITE", "1") == "1" else f"matching-{VOLUNTEERS}.json")


def percentile(values, q):
    return float(np.percentile(values, q)) if values else None


def ms(samples):
    return {"p50_ms": round(percentile(samples, 50), 3), "p99_ms": round(percentile(samples, 99), 3)}


def make_app(url):
    settings = {k: getattr(Config, k) for k in dir(Config) if k.isupper()}
    settings.update(SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="bench", RUN_SCHEDULER=False)
    app = create_app(settings)
    with app.app_context():
        upgrade()
        ensure_skills()
    return app


class World:
    """One street's community and grid in Zhengzhou, and an admin who staffs everything."""

    def __init__(self, app):
        with app.app_context():
            community = Community(name="丰产路社区", kind=CommunityKind.urban, households=3000,
                                  residents=9000, street="丰产路街道", district="金水区", city="郑州市")
            db.session.add(community)
            db.session.flush()
            grid = Grid(code="BENCH-01", name="第一网格", community_id=community.id, households=400,
                        centre_lat=CITIES[0][1], centre_lng=CITIES[0][2])
            admin = User(phone="10000000000", name="管理员", password_hash="!")
            admin.roles.append(UserRole(role=Role.admin))
            db.session.add_all([grid, admin])
            db.session.flush()
            self.grid_id, self.admin_id = grid.id, admin.id
            self.token = issue_token(admin)
            db.session.commit()
            self.skills = list(db.session.scalars(select(Skill).where(Skill.needs_social_worker.is_(False),
                                                                      Skill.needs_certification.is_(False))))


def build(url, count):
    app = make_app(url)
    world = World(app)
    started = time.perf_counter()
    with app.app_context():
        skill_ids = sorted(db.session.scalars(select(Skill.id)))
        loaded = load(db.session.connection(), count, skill_ids, seed=7, home_grid_id=world.grid_id)
        db.session.commit()
        analyse()
    print(f"  built {count:,} volunteers on {make_url(url).get_backend_name()} "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    return app, world, loaded


def analyse():
    """Gather the planner's statistics; on PostgreSQL VACUUM too, as autovacuum does after a
    bulk load in a live database (it marks the pages all-visible, so the first queries do
    not pay for setting hint bits on a million fresh rows)."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
        prewarm(connection)


def prewarm(connection) -> None:
    """Read the search table and its indexes once into the OS page cache (pg_prewarm, from
    PostgreSQL's contrib), as a service that has answered for a while has them: at 5M
    volunteers they are 2 GB, and the first query in each part of the province would
    otherwise pay for reading its pages from disk."""
    if not connection.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_prewarm'").scalar():
        print("  (pg_prewarm is not installed: the search table is measured as it is in the cache)")
        return
    connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    pages = connection.exec_driver_sql(
        "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c WHERE c.relname = 'volunteer_search' "
        "OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'volunteer_search'::regclass)").scalar()
    print(f"  read {pages * 8 // 1024:,} MB of the search table and its indexes into the page cache", flush=True)


def sample_needs(loaded, world, count, seed):
    """Needs where people live: near a random volunteer, 5 km, one skill, 2 h tomorrow-ish."""
    rng = random.Random(seed)
    base = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    needs = []
    for _ in range(count):
        v = rng.choice(loaded.people)
        starts = base + timedelta(days=rng.randrange(7), hours=rng.randrange(24))
        starts = starts.replace(hour=rng.choice((1, 2, 3, 6, 7, 8)))  # 09:00-16:00 in Shanghai
        need = Need(grid_id=world.grid_id, lat=v.lat + rng.gauss(0, 0.01), lng=v.lng + rng.gauss(0, 0.01),
                    radius_m=RADIUS_M, starts_at=starts, ends_at=starts + timedelta(hours=2),
                    needs_social_worker=False, min_licence_level=None, slots=1, taken=0)
        need.skills = [rng.choice(world.skills)]
        needs.append(need)
    return needs


def time_query(app, needs):
    """The candidate query itself: the exact 20 nearest holding the skill within 5 km."""
    samples = []
    with app.app_context():
        for need in needs:
            end_read(db.session())  # each query in its own transaction, ended as a request ends it
            started = time.perf_counter()
            found = list(islice(search_index.nearest(db.session.connection(), Point(need.lat, need.lng), RADIUS_M,
                                                     [need.skills[0].id], first_batch=TOP + 5), TOP))
            samples.append((time.perf_counter() - started) * 1000)
            del found
        db.session.rollback()
    return samples


def time_candidates(app, needs):
    samples, found = [], 0
    with app.app_context():
        for need in needs:
            end_read(db.session())  # each query in its own transaction, ended as a request ends it
            started = time.perf_counter()
            matches = find_candidates(need, TOP)
            samples.append((time.perf_counter() - started) * 1000)
            found += len(matches)
        db.session.rollback()
    return samples, found / max(len(needs), 1)


def measure(app, needs, warm_up):
    """The query and the whole candidate service on the same needs.

    First both run over `warm_up`, other needs in other places, as a service that has
    been answering for a while: the database's page cache holds the busy parts of the
    table, and each pooled connection has its statements prepared. Without it the figures
    are those of the first minutes after a bulk load.
    """
    time_query(app, warm_up)
    time_candidates(app, warm_up)
    query = time_query(app, needs)
    service, found = time_candidates(app, needs)
    return {**ms(query), "find_candidates": {**ms(service), "candidates_per_query": round(found, 1)}}


def brute_force(loaded, need):
    """Every ready volunteer with the skill, great-circle distance in a Python loop."""
    centre, skill = Point(need.lat, need.lng), need.skills[0].id
    hits = []
    for v in loaded.people:
        if v.ready and skill in v.skill_ids:
            d = distance_m(centre, Point(v.lat, v.lng))
            if d <= RADIUS_M and d <= v.radius_m:
                hits.append((d, loaded.user_id(v)))
    return [(u, d) for d, u in sorted(hits)[:TOP]]


def check_exact(app, loaded, needs):
    samples, exact = [], True
    with app.app_context():
        for need in needs:
            started = time.perf_counter()
            reference = brute_force(loaded, need)
            samples.append((time.perf_counter() - started) * 1000)
            got = [(h.user_id, h.distance_m) for h in islice(search_index.nearest(
                db.session.connection(), Point(need.lat, need.lng), RADIUS_M, [need.skills[0].id]), TOP)]
            exact = exact and got == reference
        db.session.rollback()
    return samples, exact


def time_kdtree(loaded, needs):
    """scipy's KD-tree per skill on a flat projection; radius filter by each one's own radius."""
    lat0 = math.radians(34.0)
    k = search_index.METRES_PER_DEGREE
    trees = {}
    for skill in {n.skills[0].id for n in needs}:
        people = [v for v in loaded.people if v.ready and skill in v.skill_ids]
        xy = np.array([(v.lng * k * math.cos(lat0), v.lat * k) for v in people])
        trees[skill] = (cKDTree(xy), np.array([v.radius_m for v in people]))
    samples = []
    for need in needs:
        tree, radii = trees[need.skills[0].id]
        started = time.perf_counter()
        dist, idx = tree.query((need.lng * k * math.cos(lat0), need.lat * k), k=TOP * 2,
                               distance_upper_bound=RADIUS_M)
        keep = [(d, i) for d, i in zip(dist, idx) if np.isfinite(d) and d <= radii[i]][:TOP]
        samples.append((time.perf_counter() - started) * 1000)
        del keep
    return samples


def time_http(app, world, needs):
    with app.app_context():
        ids = []
        for need in needs:
            need.created_by_id, need.title, need.address, need.public_place = world.admin_id, "测试", "x", "x"
            need.urgency, need.status = Urgency.normal, NeedStatus.open
            db.session.add(need)
            db.session.flush()
            ids.append(need.id)
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world.token}"}
    for need_id in ids[:20]:  # warm up, as the query timings do
        client.get(f"/api/v1/needs/{need_id}/candidates?limit={TOP}", headers=headers)
    samples = []
    for need_id in ids:
        started = time.perf_counter()
        r = client.get(f"/api/v1/needs/{need_id}/candidates?limit={TOP}", headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, r.json
    return samples


def run_batch(app, world, loaded):
    """BATCH needs of one Zhengzhou street for tomorrow, planned at once and nearest-first."""
    rng = random.Random(99)
    zz_lat, zz_lng = CITIES[0][1], CITIES[0][2]
    local_day = clock.local(clock.now() + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    with app.app_context():
        needs = []
        for _ in range(BATCH):
            starts = local_day + timedelta(hours=rng.randrange(0, 9))
            need = Need(grid_id=world.grid_id, created_by_id=world.admin_id, title="批量", address="x",
                        public_place="x", lat=zz_lat + rng.gauss(0, 0.03), lng=zz_lng + rng.gauss(0, 0.03),
                        radius_m=RADIUS_M, starts_at=starts, ends_at=starts + timedelta(hours=2),
                        urgency=Urgency.normal, status=NeedStatus.open, slots=rng.choice((1, 1, 2)),
                        taken=0, needs_social_worker=False)
            need.skills = [rng.choice(world.skills[:8])]
            db.session.add(need)
            needs.append(need)
        db.session.commit()
        plan = batches.plan_needs(needs)
        db.session.rollback()
    return {"needs": BATCH, "slots": sum(plan.open_slots.values()), "solve_s": round(plan.solve_s, 3),
            "assigned": len(plan.pairs), "total_km": round(plan.total_m / 1000, 2)}, \
        {"assigned": len(plan.greedy_pairs), "total_km": round(plan.greedy_total_m / 1000, 2)}


def main():
    result = {"volunteers": VOLUNTEERS, "queries": QUERIES}
    if ON_SQLITE:
        on_sqlite(result)
    result["postgresql"] = {"p50_ms": None, "p99_ms": None, "find_candidates": {"p50_ms": None, "p99_ms": None}}
    server = os.environ.get("BENCH_DATABASE_URL")
    if server:
        url, drop = postgres_database(server, prefix="volunteer_bench")
        try:
            print(f"PostgreSQL, {VOLUNTEERS:,} volunteers", flush=True)
            pg_app, pg_world, pg_loaded = build(url, VOLUNTEERS)
            pg_needs = sample_needs(pg_loaded, pg_world, QUERIES, seed=1)
            result["postgresql"] = measure(pg_app, pg_needs, sample_needs(pg_loaded, pg_world, QUERIES, seed=3))
            with pg_app.app_context():
                result["postgresql"]["sizes"] = table_sizes()
                db.engine.dispose()
        finally:
            drop()
    report(result)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"wrote {OUT}")


def table_sizes() -> dict:
    """Rows and on-disk size (with indexes) of the tables that grow with volunteers."""
    sizes = {}
    for table in ("users", "volunteer_profiles", "volunteer_skills", "availability", "volunteer_search"):
        rows, size = db.session.execute(text(
            f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")).one()
        sizes[table] = {"rows": rows, "mb": round(size / 2 ** 20)}
    db.session.rollback()
    return sizes


def on_sqlite(result: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="volunteer-bench-") as tmp:
        print(f"SQLite, {VOLUNTEERS:,} volunteers", flush=True)
        app, world, loaded = build(f"sqlite:///{tmp}/bench.db", VOLUNTEERS)
        needs = sample_needs(loaded, world, QUERIES, seed=1)
        result["sqlite"] = measure(app, needs, sample_needs(loaded, world, QUERIES, seed=3))
        brute, exact = check_exact(app, loaded, needs[:BRUTE])
        result["bruteforce"] = {**ms(brute), "queries": len(brute)}
        result["exact"] = exact
        result["kdtree"] = ms(time_kdtree(loaded, needs))
        result["http"] = ms(time_http(app, world, sample_needs(loaded, world, HTTP, seed=2)))
        result["batch"], result["greedy"] = run_batch(app, world, loaded)
        with app.app_context():
            db.engine.dispose()
        del loaded

        print(f"SQLite, {SMALL:,} volunteers", flush=True)
        small_app, small_world, small_loaded = build(f"sqlite:///{tmp}/small.db", SMALL)
        small_needs = sample_needs(small_loaded, small_world, QUERIES, seed=1)
        small_warm_up = sample_needs(small_loaded, small_world, QUERIES, seed=3)
        result["sqlite_100k"] = {**measure(small_app, small_needs, small_warm_up), "volunteers": SMALL}
        with small_app.app_context():
            db.engine.dispose()


def report(r):
    def row(name, d, extra=""):
        p50 = "-" if d.get("p50_ms") is None else f"{d['p50_ms']:.3f}"
        p99 = "-" if d.get("p99_ms") is None else f"{d['p99_ms']:.3f}"
        print(f"{name:<44}{p50:>10}{p99:>10}  {extra}")

    print()
    print(f"Matching, {r['volunteers']:,} volunteers, {r['queries']} queries: 5 km, top {TOP}, one skill")
    print(f"{'':<44}{'p50 ms':>10}{'p99 ms':>10}")
    pg = "" if r["postgresql"]["p50_ms"] is not None else "(set BENCH_DATABASE_URL)"
    if "sqlite" not in r:
        row("candidate query on PostgreSQL", r["postgresql"], pg)
        row("find_candidates on PostgreSQL", r["postgresql"]["find_candidates"], pg)
        for table, size in r["postgresql"].get("sizes", {}).items():
            print(f"  {table:<24}{size['rows']:>12,} rows {size['mb']:>8,} MB")
        return
    row("candidate query on SQLite", r["sqlite"])
    row("candidate query on PostgreSQL", r["postgresql"], pg)
    row(f"candidate query on SQLite, {r['sqlite_100k']['volunteers']:,}", r["sqlite_100k"],
        f"1M/100k p50 = {r['sqlite']['p50_ms'] / r['sqlite_100k']['p50_ms']:.2f}x")
    for name, d in (("SQLite", r["sqlite"]), ("PostgreSQL", r["postgresql"]),
                    (f"SQLite, {r['sqlite_100k']['volunteers']:,}", r["sqlite_100k"])):
        f = d["find_candidates"]
        row(f"find_candidates on {name}", f, f"{f['candidates_per_query']} found/query" if f.get("p50_ms") else pg)
    row("brute-force Python scan", r["bruteforce"], f"{r['bruteforce']['queries']} queries; "
        f"index == brute force: {r['exact']}")
    row("scipy KD-tree in memory (per skill)", r["kdtree"])
    row("GET /needs/{id}/candidates (test client)", r["http"])
    b, g = r["batch"], r["greedy"]
    print(f"batch of {b['needs']} needs ({b['slots']} slots): planned {b['assigned']} in {b['solve_s']} s, "
          f"{b['total_km']} km; nearest-first {g['assigned']}, {g['total_km']} km")


if __name__ == "__main__":
    main()
