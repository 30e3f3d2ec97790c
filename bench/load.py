"""City-scale load test: `make load` (not part of `make test`).

In a temporary PostgreSQL database (LOAD_DATABASE_URL names the server; dropped after) it
builds a city: LOAD_VOLUNTEERS volunteers (default 100,000) around Zhengzhou, 20
communities of 5 grids, their social workers, residents, and LOAD_NEEDS open needs
(default 2,000): one within reach of each volunteer account the load signs in with,
happening now, the rest over the coming week. It serves the app with gunicorn
(LOAD_WORKERS sync workers, default 4) and one `flask jobs run` beside it, as a deployment
does, and drives it with Locust (bench/locustfile.py), headless and bounded in time:

1. a bare endpoint (liveness), a signed-in one that does almost nothing (the unread
   count) and the candidates endpoint, each alone with no waiting, taking turns
   LOAD_ALONE_ROUNDS times (default 2): their mean throughput, and the ratio of
   candidates to bare;
2. the mix of people (70% volunteers, 20% social workers, 10% residents) at LOAD_USERS
   concurrent users (default 200), each waiting 1-3 s between actions, for LOAD_SECONDS
   (default 60) counted from when all have arrived (over 10 s): req/s, p50/p95/p99 per
   endpoint, errors;
3. the saturation point: the same mix with no waiting at rising user counts, and the
   req/s at which the p99 crosses 200 ms.

Prints the figures and writes bench/out/load.json.
"""
import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import Volunteer, load  # noqa: E402
from bench.matching import analyse, make_app  # noqa: E402
from models import Community, Grid, Need, Role, Skill, User, UserRole, db  # noqa: E402
from models.needs import NeedStatus, Urgency  # noqa: E402
from models.places import CommunityKind  # noqa: E402
from tests.databases import postgres_database  # noqa: E402
from volunteer import clock  # noqa: E402
from volunteer.auth import issue_token  # noqa: E402
from volunteer.people.services import save_social_worker_profile  # noqa: E402

SERVER = os.environ.get("LOAD_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
VOLUNTEERS = int(os.environ.get("LOAD_VOLUNTEERS", 100_000))
NEEDS = int(os.environ.get("LOAD_NEEDS", 2_000))
USERS = int(os.environ.get("LOAD_USERS", 200))
SECONDS = int(os.environ.get("LOAD_SECONDS", 60))
WORKERS = int(os.environ.get("LOAD_WORKERS", 4))
ALONE_USERS = int(os.environ.get("LOAD_ALONE_USERS", 8))  # concurrency for the bare and candidates runs
ALONE_SECONDS = int(os.environ.get("LOAD_ALONE_SECONDS", 20))
ALONE_ROUNDS = int(os.environ.get("LOAD_ALONE_ROUNDS", 2))
ALONE_CLASSES = [("bare", "Bare"), ("signed_in", "SignedInBare"), ("candidates", "CandidatesAlone")]
STEPS = [int(n) for n in os.environ.get("LOAD_SATURATION_USERS", "4 8 16 32 64").split()]
STEP_SECONDS = int(os.environ.get("LOAD_STEP_SECONDS", 20))
TARGET_P99_MS = 200
WARM_USERS, WARM_SECONDS = 20, 15
RAMP_S = 10  # seconds over which a run's users arrive, before its figures count
ZHENGZHOU = [("郑州", 34.7466, 113.6253, 12.8)]
COMMUNITIES, GRIDS_EACH, WORKERS_EACH, RESIDENTS = 20, 5, 2, 300
OUT = Path(__file__).resolve().parent / "out" / "load.json"
LOCUST = os.environ.get("LOCUST", str(ROOT / ".venv-load" / "bin" / "locust"))  # its own venv (make load)


class City:
    """Places, staff and people with tokens; what the Locust users sign in as."""

    def __init__(self, app):
        self.app = app
        self.rng = random.Random(11)

    def build(self) -> dict:
        started = time.perf_counter()
        with self.app.app_context():
            skills = list(db.session.scalars(select(Skill).where(Skill.needs_social_worker.is_(False),
                                                                 Skill.needs_certification.is_(False))))
            skill_ids = sorted(db.session.scalars(select(Skill.id)))
            admin = User(phone="10000000000", name="街道管理员", password_hash="!")
            admin.roles.append(UserRole(role=Role.admin))
            db.session.add(admin)
            communities = self.places()
            db.session.flush()
            load(db.session.connection(), VOLUNTEERS, skill_ids, seed=7, cities=ZHENGZHOU,
                 home_grid_id=communities[0][1][0].id)
            accounts_wanted = self.accounts_wanted()
            people = self.serving_volunteers(accounts_wanted, skills)
            loaded = load(db.session.connection(), 0, skill_ids, people=people, phone_prefix="17",
                          home_grid_id=communities[0][1][0].id)
            now = clock.now()
            volunteers = []
            for v in people:
                grid = self.rng.choice(self.rng.choice(communities)[1])
                need = self.need(admin, grid, v.lat + 0.001, v.lng, [s for s in skills if s.id == v.skill_ids[0]],
                                 now - timedelta(minutes=10), now + timedelta(hours=4), slots=1)
                volunteers.append({"user_id": loaded.user_id(v), "need": need, "lat": v.lat, "lng": v.lng})
            db.session.flush()
            for person, need in ((p, p["need"]) for p in volunteers):
                person["need"] = {"id": need.id, "lat": need.lat, "lng": need.lng}
            workers, later = self.social_workers(admin, communities, skills, now, NEEDS - len(people))
            residents = self.residents(communities)
            db.session.flush()
            tokens = {u.id: issue_token(u) for u in db.session.scalars(select(User).where(User.id.in_(
                [p["user_id"] for p in volunteers] + [w["user_id"] for w in workers] +
                [r["user_id"] for r in residents])))}
            db.session.commit()
            for person in volunteers + workers + residents:
                person["token"] = tokens[person["user_id"]]
            open_needs = db.session.query(Need).filter(Need.status == NeedStatus.open).count()
        analyse_app(self.app)
        print(f"  built {VOLUNTEERS:,} volunteers, {open_needs:,} open needs ({len(people)} now, {later} later), "
              f"{len(workers)} social workers, {len(residents)} residents in {time.perf_counter() - started:.0f} s",
              flush=True)
        return {"volunteers": volunteers, "social_workers": workers, "residents": residents,
                "open_needs": open_needs}

    def accounts_wanted(self) -> int:
        return WARM_USERS + USERS + sum(STEPS)  # every Locust user of every run might be a volunteer

    def places(self):
        communities = []
        for c in range(COMMUNITIES):
            lat, lng = 34.7466 + self.rng.uniform(-0.08, 0.08), 113.6253 + self.rng.uniform(-0.08, 0.08)
            community = Community(name=f"第{c + 1}社区", kind=CommunityKind.urban, households=2000, residents=6000,
                                  street="丰产路街道", district="金水区", city="郑州市")
            db.session.add(community)
            db.session.flush()
            grids = [Grid(code=f"C{c:02d}-{g}", name=f"第{g + 1}网格", community_id=community.id, households=400,
                          centre_lat=lat + self.rng.uniform(-0.01, 0.01), centre_lng=lng + self.rng.uniform(-0.01, 0.01))
                     for g in range(GRIDS_EACH)]
            db.session.add_all(grids)
            communities.append((community, grids))
        return communities

    def serving_volunteers(self, count: int, skills) -> list[Volunteer]:
        """The volunteers the load signs in as: free all week, near Zhengzhou's centre."""
        people = []
        for n in range(count):
            lat, lng = 34.7466 + self.rng.gauss(0, 0.04), 113.6253 + self.rng.gauss(0, 0.04)
            chosen = tuple(sorted(s.id for s in self.rng.sample(skills, 2)))
            people.append(Volunteer(n, lat, lng, 5000, chosen, tuple((d, 0, 24 * 60) for d in range(7)), True))
        return people

    def need(self, admin, grid, lat, lng, skills, starts, ends, slots):
        need = Need(grid_id=grid.id, created_by_id=admin.id, title="陪伴独居老人", description="聊天、读报、打扫",
                    slots=slots, taken=0, address=f"{grid.name}3号院2单元401", public_place=grid.name,
                    lat=lat, lng=lng, radius_m=5000, starts_at=starts, ends_at=ends, urgency=Urgency.normal,
                    status=NeedStatus.open, needs_social_worker=False, created_at=clock.now())
        need.skills = skills
        db.session.add(need)
        return need

    def social_workers(self, admin, communities, skills, now, later):
        workers = []
        for c, (community, grids) in enumerate(communities):
            for w in range(WORKERS_EACH):
                user = User(phone=f"1660000{c:02d}{w:02d}", name=f"社工{c}-{w}", password_hash="!")
                user.roles.append(UserRole(role=Role.resident, grid_id=grids[0].id))
                db.session.add(user)
                db.session.flush()
                save_social_worker_profile(admin, user.id, licence_level="intermediate",
                                           licence_number=f"SW-{c:02d}{w:02d}", organisation="阳光社工中心",
                                           specialties=["psychological_counselling"], community_ids=[community.id])
                workers.append({"user_id": user.id, "community": community.id, "needs": []})
        made = []
        for n in range(later):  # the week ahead, 09:00-17:00 in Shanghai, where volunteers live
            c = n % len(communities)
            grid = self.rng.choice(communities[c][1])
            starts = (now + timedelta(days=1 + self.rng.randrange(6))).replace(
                hour=self.rng.choice((1, 2, 3, 6, 7)), minute=0, second=0, microsecond=0)
            made.append((c, self.need(admin, grid, 34.7466 + self.rng.gauss(0, 0.05), 113.6253 + self.rng.gauss(0, 0.05),
                                      [self.rng.choice(skills)], starts, starts + timedelta(hours=2),
                                      slots=self.rng.choice((1, 2, 3)))))
        db.session.flush()
        for c, need in made:
            for worker in workers[c * WORKERS_EACH:(c + 1) * WORKERS_EACH]:
                worker["needs"].append(need.id)
        return workers, len(made)

    def residents(self, communities):
        people = []
        for n in range(RESIDENTS):
            community, grids = communities[n % len(communities)]
            grid = self.rng.choice(grids)
            user = User(phone=f"1550000{n:04d}", name=f"居民{n}", password_hash="!")
            user.roles.append(UserRole(role=Role.resident, grid_id=grid.id))
            db.session.add(user)
            db.session.flush()
            people.append({"user_id": user.id, "address": f"{grid.name}{n % 9 + 1}号楼", "lat": grid.centre_lat,
                           "lng": grid.centre_lng})
        return people


def analyse_app(app):
    with app.app_context():
        analyse()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, logs: Path):
    """gunicorn with LOAD_WORKERS sync workers and one scheduler beside it, as deployed."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-secret", "RUN_SCHEDULER": "0",
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
                            "app:app"], cwd=ROOT, env=env, stdout=open(logs / "web.log", "w"), stderr=subprocess.STDOUT)
    jobs = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "run"], cwd=ROOT, env=env,
                            stdout=open(logs / "jobs.log", "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return base, [web, jobs]
        except (requests.ConnectionError, requests.Timeout):  # still starting
            pass
        time.sleep(0.5)
    stop([web, jobs])
    raise RuntimeError(f"gunicorn did not answer; see {logs / 'web.log'}")


def stop(processes):
    for proc in processes:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in processes:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Locust:
    """Runs bench/locustfile.py headless and reads its CSV of figures."""

    def __init__(self, base: str, people_file: Path, logs: Path):
        self.base, self.people_file, self.logs = base, people_file, logs
        self.accounts_used = 0

    def run(self, label: str, classes: list[str], users: int, seconds: int, wait: bool) -> dict:
        prefix = self.logs / label
        env = {**os.environ, "LOAD_PEOPLE": str(self.people_file), "LOAD_WAIT": "1" if wait else "0",
               "LOAD_FIRST_ACCOUNT": str(self.accounts_used)}
        # Everyone arrives over RAMP_S; the figures count from when all are there
        # (--reset-stats), for `seconds`.
        subprocess.run([LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                        "--host", self.base, "-u", str(users), "-r", f"{max(users / RAMP_S, 1):g}",
                        "-t", f"{seconds + RAMP_S}s", "--reset-stats", "--csv", str(prefix), "--only-summary",
                        "--stop-timeout", "10",
                        "--loglevel", "WARNING", *classes],
                       cwd=ROOT, env=env, stdout=open(f"{prefix}.log", "w"), stderr=subprocess.STDOUT, check=False)
        if "Volunteer" in classes:
            self.accounts_used += users  # at most this many volunteers signed in
        return read_stats(f"{prefix}_stats.csv", seconds)


def read_stats(path: str, seconds: int) -> dict:
    endpoints, total = {}, None
    with open(path, newline="") as file:
        for row in csv.DictReader(file):
            figures = {"requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                       "rps": round(float(row["Requests/s"]), 1), "p50_ms": _ms(row["50%"]),
                       "p95_ms": _ms(row["95%"]), "p99_ms": _ms(row["99%"])}
            if row["Name"] == "Aggregated":
                total = figures
            else:
                endpoints[row["Name"]] = figures
    return {"total": total, "endpoints": endpoints}


def _ms(value: str):
    return None if value in ("", "N/A") else float(value)


def main():
    url, drop = postgres_database(SERVER, prefix="volunteer_load")
    work = Path(tempfile.mkdtemp(prefix="volunteer-load-"))
    processes = []
    try:
        app = make_app(url)
        city = City(app).build()
        people_file = work / "people.json"
        people_file.write_text(json.dumps({k: city[k] for k in ("volunteers", "social_workers", "residents")}))
        with app.app_context():
            db.engine.dispose()  # the server's connections are gunicorn's from here
        base, processes = serve(url, work)
        locust = Locust(base, people_file, work)
        print(f"  serving on {base} with {WORKERS} gunicorn workers; Locust figures under {work}", flush=True)
        # Every worker runs every endpoint once before anything is measured, as a service
        # that has been answering for a while.
        locust.run("warm-up", ["Volunteer", "SocialWorker", "Resident"], WARM_USERS, WARM_SECONDS, wait=True)
        # The alone-runs take turns, ALONE_ROUNDS times: a machine whose speed drifts
        # (shared cores do) then moves all three alike, not the ratio.
        alone_runs = [{name: locust.run(f"{name}-{n}", [cls], ALONE_USERS, ALONE_SECONDS, wait=False)
                       for name, cls in ALONE_CLASSES} for n in range(1, ALONE_ROUNDS + 1)]
        mix = locust.run("mix", ["Volunteer", "SocialWorker", "Resident"], USERS, SECONDS, wait=True)
        steps = []
        for users in STEPS:
            step = locust.run(f"saturation-{users}", ["Volunteer", "SocialWorker", "Resident"], users, STEP_SECONDS,
                              wait=False)
            steps.append({"users": users, "rps": step["total"]["rps"], "p99_ms": step["total"]["p99_ms"],
                          "errors": step["total"]["errors"]})
    finally:
        stop(processes)
        drop()
    result = summarise(city, alone_runs, mix, steps)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    show(result)
    print(f"\nwritten to {OUT}")


def summarise(city, alone_runs, mix, steps) -> dict:
    under = [s for s in steps if s["p99_ms"] is not None and s["p99_ms"] <= TARGET_P99_MS]
    over = [s for s in steps if s["p99_ms"] is not None and s["p99_ms"] > TARGET_P99_MS]
    p99s = [e["p99_ms"] for e in mix["endpoints"].values() if e["p99_ms"] is not None]

    def rps(name):  # the mean over the rounds
        return round(sum(run[name]["total"]["rps"] for run in alone_runs) / len(alone_runs), 1)

    bare_rps, signed_in_rps, candidates_rps = rps("bare"), rps("signed_in"), rps("candidates")
    return {
        "users": USERS, "seconds": SECONDS, "workers": WORKERS, "wait_s": [1, 3],
        "data": {"volunteers": VOLUNTEERS, "open_needs": city["open_needs"]},
        "rps": mix["total"]["rps"], "errors": mix["total"]["errors"], "p99_ms_max": max(p99s) if p99s else None,
        "p99_ms_all": mix["total"]["p99_ms"],
        "bare_rps": bare_rps, "candidates_rps": candidates_rps,
        "candidates_vs_bare": round(candidates_rps / bare_rps, 3) if bare_rps else None,
        "signed_in_bare_rps": signed_in_rps,
        "candidates_vs_signed_in_bare": round(candidates_rps / signed_in_rps, 3) if signed_in_rps else None,
        "alone_rounds": [{name: run[name]["total"]["rps"] for name, _ in ALONE_CLASSES} for run in alone_runs],
        "alone_errors": sum(run[name]["total"]["errors"] for run in alone_runs for name, _ in ALONE_CLASSES),
        "endpoints": mix["endpoints"],
        "saturation": {"steps": steps, "target_p99_ms": TARGET_P99_MS,
                       "rps_within_target": max((s["rps"] for s in under), default=None),
                       "first_users_over_target": min((s["users"] for s in over), default=None)},
        "targets": {"p99_ms_max": TARGET_P99_MS, "errors": 0, "candidates_vs_bare": 0.5},
    }


def show(result):
    print(f"\n{result['users']} users, 1-3 s between actions, {result['seconds']} s, "
          f"{result['data']['volunteers']:,} volunteers, {result['data']['open_needs']:,} open needs")
    print(f"{'endpoint':42} {'req':>6} {'err':>4} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}")
    for name, e in sorted(result["endpoints"].items()):
        print(f"{name:42} {e['requests']:>6} {e['errors']:>4} {e['rps']:>7} {e['p50_ms']:>6} {e['p95_ms']:>6} "
              f"{e['p99_ms']:>6}")
    print(f"all: {result['rps']} req/s, {result['errors']} errors, worst endpoint p99 {result['p99_ms_max']} ms "
          f"(target <= {TARGET_P99_MS})")
    print(f"bare endpoint {result['bare_rps']} req/s, candidates alone {result['candidates_rps']} req/s: "
          f"ratio {result['candidates_vs_bare']} (target >= 0.5)")
    print(f"a signed-in bare endpoint (unread count) {result['signed_in_bare_rps']} req/s: candidates at "
          f"{result['candidates_vs_signed_in_bare']} of it; errors in these runs: {result['alone_errors']}")
    print("  each round (req/s): " + "; ".join(", ".join(f"{k} {v}" for k, v in r.items())
                                               for r in result["alone_rounds"]))
    print("saturation (no waiting): " + ", ".join(
        f"{s['users']} users {s['rps']} req/s p99 {s['p99_ms']} ms" for s in result["saturation"]["steps"]))
    print(f"  highest req/s with p99 <= {TARGET_P99_MS} ms: {result['saturation']['rps_within_target']}")


if __name__ == "__main__":
    main()
