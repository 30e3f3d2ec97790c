"""The search table: the index is used, never a scan, and its answers equal a brute-force
scan over a few thousand generated volunteers."""
import random
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import func, select, text

from bench.generate import load
from models import SearchEntry, Skill, db
from volunteer.geo import Point, distance_m
from volunteer.clock import LOCAL
from volunteer.matching import search_index
from volunteer.matching.rules import covers
from volunteer.matching.services import _with_history


def _loaded(app, count=3000, index=False):
    with app.app_context():
        skill_ids = sorted(db.session.scalars(select(Skill.id)))
        loaded = load(db.session.connection(), count, skill_ids, seed=11, index=index)
        db.session.commit()
        return loaded, skill_ids


def _brute_force(loaded, centre, radius_m, skills, k, when=None):
    found = []
    for v in loaded.people:
        if not v.ready or not set(skills) <= set(v.skill_ids):
            continue
        if when and not covers(v.windows, *when):
            continue
        d = distance_m(centre, Point(v.lat, v.lng))
        if d <= radius_m and d <= v.radius_m:
            found.append((d, loaded.user_id(v)))
    return [(user_id, d) for d, user_id in sorted(found)[:k]]


def test_nearest_equals_a_brute_force_scan_on_sampled_queries(app):
    loaded, skill_ids = _loaded(app)
    rng = random.Random(3)
    monday = datetime(2026, 11, 30, tzinfo=LOCAL)
    with app.app_context():
        # The table is rebuilt from the volunteers' rows, so this checks what goes in too.
        assert search_index.reindex_all(db.session.connection()) == 3000
        db.session.commit()
        compared = timed = 0
        for _ in range(80):
            v = rng.choice(loaded.people)
            centre = Point(v.lat + rng.uniform(-0.01, 0.01), v.lng + rng.uniform(-0.01, 0.01))
            radius = rng.choice((1500, 3000, 5000, 12000, 20000))
            skills = rng.sample(v.skill_ids, min(len(v.skill_ids), rng.choice((1, 1, 2))))  # someone has them
            k = rng.choice((5, 20, 60))
            when = None
            if rng.random() < 0.5:  # half of them at a time, some running past midnight
                starts = monday + timedelta(days=rng.randrange(7), minutes=rng.randrange(0, 24 * 60, 10))
                when = (starts, starts + timedelta(minutes=rng.choice((30, 45, 120, 300))))
            free = search_index.time_masks(*when) if when else ()
            got = [(h.user_id, h.distance_m) for h in islice(search_index.nearest(
                db.session.connection(), centre, radius, skills, free=free, first_batch=4), k)]
            assert got == _brute_force(loaded, centre, radius, skills, k, when)
            compared += bool(got)
            timed += bool(got and when)
        assert compared >= 30 and timed >= 10  # most samples found someone: the comparison had teeth


def test_the_candidate_query_searches_the_primary_key_and_never_scans(app):
    _loaded(app, count=2000, index=True)
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        centre = Point(34.7466, 113.6253)
        starts = datetime(2026, 11, 30, 9, tzinfo=LOCAL)
        values = {**search_index._geometry(centre), "skill_0": 1, "skill_1": 2, "min_rank": 0,
                  "mask_0": search_index.time_masks(starts, starts + timedelta(hours=2))[0][1],
                  "size": 20, "r2": 5050.0 ** 2, "widen": 1.0201,
                  "cells": search_index.cells_around(centre, 5000),
                  "need_id": 0, "need_grid": 0, "need_starts": starts, "need_ends": starts, "since": starts}
        connection = db.session.connection()
        for extend in (None, _with_history):  # the bare search, and as find_candidates asks it
            prepared = search_index._prepared(connection.dialect, 1, False, (0,), extend)
            if connection.dialect.name == "sqlite":
                plan = " | ".join(row[-1] for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + prepared.sql, prepared.args(values)))
                assert "SEARCH volunteer_search USING PRIMARY KEY (skill_id=? AND cell=?)" in plan, plan
                assert "SCAN volunteer_search" not in plan, plan
            else:
                plan = " | ".join(row[0] for row in connection.exec_driver_sql(
                    "EXPLAIN " + prepared.sql, prepared.args(values)))
                assert "pk_volunteer_search" in plan, plan
                assert "Seq Scan on volunteer_search" not in plan, plan


def test_the_table_can_be_rebuilt_from_the_command_line(app, runner):
    _loaded(app, count=300, index=False)  # written around the application: no rows yet
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)) == 0
    result = runner.invoke(args=["search-reindex"])
    assert result.exit_code == 0 and "volunteers indexed: 300" in result.output
    with app.app_context():
        ready = db.session.scalar(select(func.count()).select_from(SearchEntry))
        assert ready > 300  # one row per skill of each ready volunteer


def test_a_search_starts_from_the_ring_that_held_a_batch_last_time_and_stays_exact(app, monkeypatch):
    loaded, skill_ids = _loaded(app, count=3000, index=True)
    runs = []
    run = search_index._Prepared.run
    monkeypatch.setattr(search_index._Prepared, "run", lambda self, *args: runs.append(1) or run(self, *args))
    rng = random.Random(5)
    queries = []
    for _ in range(40):
        v = rng.choice(loaded.people)
        centre = Point(v.lat + rng.uniform(-0.02, 0.02), v.lng + rng.uniform(-0.02, 0.02))
        queries.append((centre, rng.choice((5000, 12000)), [rng.choice(v.skill_ids)]))

    def ask_all():
        counts = []
        for centre, radius, skills in queries:
            runs.clear()
            got = [(h.user_id, h.distance_m) for h in islice(search_index.nearest(
                db.session.connection(), centre, radius, skills, first_batch=8), 5)]
            assert got == _brute_force(loaded, centre, radius, skills, 5)
            counts.append(len(runs))
        return counts

    with app.app_context():
        first, again = ask_all(), ask_all()
        # Most searches whose first ring was short need one statement the second time (the
        # rest read on for other reasons: a batch whose rows lie beyond their own radius).
        assert all(again[i] <= first[i] for i in range(len(queries)))
        assert sum(1 for n, m in zip(first, again) if n > 1 and m == 1) >= 5
        assert sum(again) < sum(first)
        # A learnt ring far wider than needed (as after many join nearby) costs rows, not answers.
        rings = search_index._first_rings(db.session.connection())
        assert rings
        for place in rings:
            rings[place] = 20_000
        ask_all()
