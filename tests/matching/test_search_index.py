"""The search table: the index is used, never a scan, and its answers equal a brute-force
scan over a few thousand generated volunteers."""
import random
from itertools import islice

from sqlalchemy import select, text

from bench.generate import load
from models import Skill, db
from volunteer.geo import Point, distance_m
from volunteer.matching import search_index


def _loaded(app, count=3000, index=False):
    with app.app_context():
        skill_ids = sorted(db.session.scalars(select(Skill.id)))
        loaded = load(db.session.connection(), count, skill_ids, seed=11, index=index)
        db.session.commit()
        return loaded, skill_ids


def _brute_force(loaded, centre, radius_m, skills, k):
    found = []
    for v in loaded.people:
        if not v.ready or not set(skills) <= set(v.skill_ids):
            continue
        d = distance_m(centre, Point(v.lat, v.lng))
        if d <= radius_m and d <= v.radius_m:
            found.append((d, loaded.user_id(v)))
    return [(user_id, d) for d, user_id in sorted(found)[:k]]


def test_nearest_equals_a_brute_force_scan_on_sampled_queries(app):
    loaded, skill_ids = _loaded(app)
    rng = random.Random(3)
    with app.app_context():
        # The table is rebuilt from the volunteers' rows, so this checks what goes in too.
        assert search_index.reindex_all(db.session.connection()) == 3000
        db.session.commit()
        compared = 0
        for _ in range(60):
            v = rng.choice(loaded.people)
            centre = Point(v.lat + rng.uniform(-0.03, 0.03), v.lng + rng.uniform(-0.03, 0.03))
            radius = rng.choice((1000, 5000, 12000))
            skills = rng.sample(skill_ids, rng.choice((1, 1, 2)))
            k = rng.choice((5, 20, 60))
            got = [(h.user_id, h.distance_m) for h in islice(search_index.nearest(
                db.session.connection(), centre, radius, skills, first_batch=4), k)]
            assert got == _brute_force(loaded, centre, radius, skills, k)
            compared += bool(got)
        assert compared >= 20  # most samples found someone: the comparison had teeth


def test_the_candidate_query_searches_the_primary_key_and_never_scans(app):
    _loaded(app, count=2000, index=True)
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        query = search_index._nearest_query(Point(34.7466, 113.6253), 5000, [1, 2], 0)
        compiled = query.params(size=20).compile(db.engine, compile_kwargs={"render_postcompile": True})
        connection = db.session.connection()
        if db.engine.dialect.name == "sqlite":
            args = tuple(compiled.params[k] for k in compiled.positiontup)
            plan = " | ".join(row[-1] for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(compiled), args))
            assert "SEARCH volunteer_search USING PRIMARY KEY (skill_id=? AND cell=?)" in plan, plan
            assert "SCAN volunteer_search" not in plan, plan
        else:
            plan = " | ".join(row[0] for row in connection.exec_driver_sql(
                "EXPLAIN " + str(compiled), compiled.params))
            assert "pk_volunteer_search" in plan, plan
            assert "Seq Scan on volunteer_search" not in plan, plan
