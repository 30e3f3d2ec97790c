"""Faults under a burst of writes, on a real gunicorn: a worker killed with SIGKILL, then the
master, while volunteers check in and out, each retrying with its own Idempotency-Key until
answered. No acknowledged write is lost, none is made twice, no request answers 5xx, and
the time until every retry is answered again is measured (printed with -s)."""
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from models import Assignment, AuditEvent, IdempotencyRecord, Need, ServiceRecord, db
from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus, Urgency
from tests.conftest import CENTRE
from tests.databases import terminate_backends
from tests.e2e.server import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = 24
HERE = {"position": {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}}


class Gunicorn:
    """gunicorn with 2 sync workers on one port; kill a worker or the master, start again."""

    def __init__(self, url: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "faults-secret", "RUN_SCHEDULER": "0",
                    "PUBLIC_BASE_URL": "http://127.0.0.1", "LOG_LEVEL": "WARNING"}
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
                                      f"127.0.0.1:{self.port}", "app:app"], cwd=ROOT, env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"{self.base}/api/v1/health", self.proc)

    def workers(self) -> list[int]:
        found = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in found.split()]

    def kill_master(self):
        workers = self.workers()
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        for pid in workers:  # orphans notice their master is gone; make sure, by pid
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Burst:
    """Each person sends one write and retries it, same key, until a 2xx answers."""

    def __init__(self, base: str):
        self.base = base
        self.lock = threading.Lock()
        self.acknowledged: dict[int, dict] = {}
        self.server_errors: list[int] = []
        self.dropped_at: list[float] = []  # connections cut or refused, retried
        self.answered_at: list[float] = []

    def write(self, path: str, token: str, body: dict, done: int, key: str, deadline: float):
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
        while time.monotonic() < deadline:
            try:
                r = requests.post(f"{self.base}{path}", json=body, headers=headers, timeout=10)
            except requests.RequestException:
                with self.lock:
                    self.dropped_at.append(time.monotonic())
                time.sleep(0.05)
                continue
            with self.lock:
                self.answered_at.append(time.monotonic())
                if r.status_code >= 500:
                    self.server_errors.append(r.status_code)
            if r.status_code == done:
                return r.json()
            time.sleep(0.05)
        raise AssertionError(f"{path} was never answered {done}")

    def run(self, writes, during):
        """Send `writes` (id, path, token, body, status) from 6 threads; call `during` meanwhile."""
        deadline = time.monotonic() + 90
        queue = list(writes)

        def person():
            while True:
                with self.lock:
                    if not queue:
                        return
                    wid, path, token, body, done = queue.pop()
                answer = self.write(path, token, body, done, f"{wid}-{uuid.uuid4().hex}", deadline)
                with self.lock:
                    self.acknowledged[wid] = answer
                time.sleep(0.02)

        threads = [threading.Thread(target=person) for _ in range(6)]
        for t in threads:
            t.start()
        measured = during()
        for t in threads:
            t.join()
        return measured

    def recovery_after(self, moment: float) -> float:
        """Seconds from `moment` until answers came again: to the first answer after the last
        connection that was cut or refused."""
        with self.lock:
            cut = [t for t in self.dropped_at if t >= moment]
            if not cut:
                return 0.0
            later = [t for t in self.answered_at if t >= max(cut)]
        return min(later) - moment if later else float("inf")


def _people_on_a_need_now(app, world, place) -> list[tuple[int, str]]:
    """PEOPLE volunteers holding a slot of a need whose check-in is open by the server's clock."""
    people = [world.volunteer(place["grid_id"], name=f"志愿者{n}") for n in range(PEOPLE)]
    now = datetime.now(timezone.utc)  # the server runs on the real clock
    with app.app_context():
        need = Need(grid_id=place["grid_id"], created_by_id=place["social_worker"]["id"], title="社区义诊",
                    slots=PEOPLE, taken=PEOPLE, address="黄河路社区5号院", public_place="第一网格",
                    lat=CENTRE[0], lng=CENTRE[1], starts_at=now - timedelta(minutes=5),
                    ends_at=now + timedelta(hours=3), urgency=Urgency.normal, status=NeedStatus.filled)
        db.session.add(need)
        db.session.flush()
        ids = []
        for person in people:
            assignment = Assignment(need_id=need.id, user_id=person["id"], role="volunteer",
                                    source=AssignmentSource.signup, status=AssignmentStatus.accepted,
                                    assigned_by_id=person["id"], created_at=now)
            db.session.add(assignment)
            db.session.flush()
            ids.append((assignment.id, person["headers"]["Authorization"][7:]))
        db.session.commit()
    return ids


def _every_few_acknowledged(burst, count, act):
    """Wait until `count` writes were acknowledged, then act; returns when it acted."""
    deadline = time.monotonic() + 60
    while len(burst.acknowledged) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    moment = time.monotonic()
    act()
    return moment


@pytest.fixture
def server(app):
    node = Gunicorn(app.config["SQLALCHEMY_DATABASE_URI"])
    node.start()
    yield node
    if node.proc.poll() is None:
        stop(node.proc)


def test_killing_a_worker_then_the_master_loses_no_acknowledged_write_and_doubles_none(app, world, place, server):
    people = _people_on_a_need_now(app, world, place)

    # Check-ins; a worker is killed with SIGKILL after a third are acknowledged.
    checkins = Burst(server.base)
    killed = checkins.run(
        [(aid, f"/api/v1/assignments/{aid}/check-in", token, HERE, 200) for aid, token in people],
        lambda: _every_few_acknowledged(checkins, PEOPLE // 3, lambda: os.kill(server.workers()[0], signal.SIGKILL)))
    worker_recovery = checkins.recovery_after(killed)

    # Check-outs; the master is killed after a third, and gunicorn is started again.
    checkouts = Burst(server.base)

    def kill_the_master_and_restart():
        moment = _every_few_acknowledged(checkouts, PEOPLE // 3, server.kill_master)
        time.sleep(1)  # the service is down a moment, as when a supervisor restarts it
        server.start()
        return moment

    master_killed = checkouts.run(
        [(aid, f"/api/v1/assignments/{aid}/check-out", token, {**HERE, "content": "量血压"}, 201)
         for aid, token in people], kill_the_master_and_restart)
    master_recovery = checkouts.recovery_after(master_killed)
    print(f"\nworker killed: answered again after {worker_recovery:.2f} s; master killed: after "
          f"{master_recovery:.2f} s (1 s of it down on purpose); connections cut and retried: "
          f"{len(checkins.dropped_at)} + {len(checkouts.dropped_at)}")

    assert checkins.server_errors == [] and checkouts.server_errors == []
    assert len(checkins.acknowledged) == len(checkouts.acknowledged) == PEOPLE
    ids = [aid for aid, _ in people]
    with app.app_context():
        assignments = db.session.scalars(select(Assignment).where(Assignment.id.in_(ids))).all()
        assert {a.status for a in assignments} == {AssignmentStatus.completed}
        assert all(a.checkin_at is not None and a.checkout_at is not None for a in assignments)
        records = db.session.execute(select(ServiceRecord.assignment_id, func.count()).where(
            ServiceRecord.assignment_id.in_(ids)).group_by(ServiceRecord.assignment_id)).all()
        assert sorted(records) == [(aid, 1) for aid in sorted(ids)]  # one record each, none twice
        acknowledged = {checkouts.acknowledged[aid]["id"] for aid in ids}
        assert acknowledged == set(db.session.scalars(select(ServiceRecord.id).where(
            ServiceRecord.assignment_id.in_(ids))))  # every acknowledged record is the one kept
        for action in ("check_in", "check_out"):
            events = db.session.execute(select(AuditEvent.subject, func.count()).where(
                AuditEvent.action == action, AuditEvent.subject.in_([f"assignment:{aid}" for aid in ids]))
                .group_by(AuditEvent.subject)).all()
            assert sorted(n for _, n in events) == [1] * PEOPLE, action
        keys = db.session.scalar(select(func.count()).select_from(IdempotencyRecord).where(
            IdempotencyRecord.result_id.in_(ids), IdempotencyRecord.action.like("check_in:%")))
        assert keys == PEOPLE
    assert worker_recovery < 10 and master_recovery < 20
    assert checkouts.dropped_at  # the master's death was felt: the burst really went through it


def test_every_database_connection_terminated_mid_load_recovers_with_no_5xx_after(app, place, server):
    """Six readers keep asking; every backend of the database is terminated under them (on
    PostgreSQL; SQLite has none to end). A request caught mid-statement answers 503 with
    Retry-After, never 500; none that starts after the termination fails, and answers come
    back within a second."""
    headers = place["social_worker"]["headers"]
    answers: list[tuple[float, float, int]] = []  # (sent, answered, status)
    lock, stop_at = threading.Lock(), time.monotonic() + 4

    def reader():
        while time.monotonic() < stop_at:
            sent = time.monotonic()
            status = requests.get(f"{server.base}/api/v1/needs", headers=headers, timeout=10).status_code
            with lock:
                answers.append((sent, time.monotonic(), status))

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    terminated_at, killed = time.monotonic(), 0
    if url.startswith("postgresql"):
        killed = terminate_backends(url)
    ended = time.monotonic()
    for t in threads:
        t.join()
    after = [status for sent, _, status in answers if sent > ended]
    caught = [status for sent, done, status in answers if sent <= ended and done >= terminated_at and status != 200]
    back = min((done for sent, done, status in answers if sent > ended and status == 200), default=float("inf"))
    print(f"\n{killed} connections terminated; {len(caught)} requests caught mid-statement answered 503; "
          f"answered again {back - ended:.3f} s after; {len(after)} requests after, all {set(after)}")
    if url.startswith("postgresql"):
        assert killed >= 2  # the workers' pooled connections were there to be ended
    assert set(caught) <= {503}  # caught mid-statement: "try again", never a 500
    assert len(after) >= 20 and set(after) == {200}
    assert back - ended < 1
