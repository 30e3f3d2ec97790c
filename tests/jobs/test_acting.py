"""Any number of schedulers, one acting on each job: an advisory lock on PostgreSQL, a
row lease on SQLite; several `flask jobs run` at once send each notification once; a dead
scheduler's job is taken over within a minute; each run is recorded for readiness."""
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text

from models import JobRun, Notification, db
from models.notifications import DeliveryStatus
from volunteer import clock
from volunteer.jobs import acting
from volunteer.jobs.tasks import deliver_outbox
from volunteer.notify.services import notify

ROOT = Path(__file__).resolve().parents[2]


def test_a_second_scheduler_does_not_act_while_the_first_does(app):
    with app.app_context():
        with acting.acting("expire_offers", holder="node-a:1") as first:
            with acting.acting("expire_offers", holder="node-b:2") as second:
                assert (first, second) == (True, False)
        with acting.acting("expire_offers", holder="node-b:2") as later:
            assert later is True  # released when the first finished


def test_a_dead_schedulers_job_is_taken_over_within_a_minute(app):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # A process that dies drops its connection, and the server frees its lock.
            engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
            dead = engine.connect()
            assert dead.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": acting.lock_key("remind_shifts")})
            with acting.acting("remind_shifts", holder="node-b:2") as while_alive:
                assert while_alive is False
            dead.invalidate()  # the connection goes as a killed process's does
            engine.dispose()
            with acting.acting("remind_shifts", holder="node-b:2") as after:
                assert after is True
        else:
            # The dead one's lease (taken, never released) lapses after LEASE_S.
            start = clock.now()
            with clock.freeze(start):
                acting._ensure_row("remind_shifts")
                db.session.execute(JobRun.__table__.update().where(JobRun.name == "remind_shifts").values(
                    holder="node-a:1", lease_until=start + timedelta(seconds=acting.LEASE_S)))
                db.session.commit()
                with acting.acting("remind_shifts", holder="node-b:2") as while_alive:
                    assert while_alive is False
            with clock.freeze(start + timedelta(seconds=acting.LEASE_S + 1)):
                with acting.acting("remind_shifts", holder="node-b:2") as after:
                    assert after is True


def test_each_run_is_recorded_and_readiness_reads_it(app, client, place):
    assert client.get("/api/v1/health/ready").status_code == 503  # no scheduler has run
    with app.app_context():
        notify(place["resident"]["id"], "password_reset", "user:1", name="王芳", until_at=clock.now())
        db.session.commit()
    assert deliver_outbox(app) == 1
    ready = client.get("/api/v1/health/ready")
    assert ready.status_code == 200 and ready.json["scheduler"]["alive"] is True
    job = next(j for j in ready.json["scheduler"]["jobs"] if j["name"] == "deliver_outbox")
    assert job["failures"] == 0 and job["last_success_at"] is not None
    with app.app_context():
        run = db.session.get(JobRun, "deliver_outbox")
        assert (run.last_done, run.lease_until) == (1, None)
    app.config["READY_SWEEP_MAX_AGE_S"] = 0
    with clock.freeze(clock.now() + timedelta(seconds=5)):
        assert client.get("/api/v1/health/ready").status_code == 503


def test_five_schedulers_at_once_send_each_notification_once(app, place):
    with app.app_context():
        for n in range(40):
            notify(place["resident"]["id"], "password_reset", f"user:{n}", name="王芳", until_at=clock.now())
        db.session.commit()
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "jobs-test", "RUN_SCHEDULER": "0", "NOTIFY_BACKEND": "log",
           "PUBLIC_BASE_URL": "http://127.0.0.1"}
    runs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "run", "--once"], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(5)]
    outputs = [p.communicate(timeout=240)[0] for p in runs]
    assert all(p.returncode == 0 for p in runs), outputs
    sent = [int(line.split(": ")[1]) for out in outputs for line in out.splitlines() if line.startswith("deliver_outbox: ")]
    assert len(sent) == 5 and sum(sent) == 40, outputs
    with app.app_context():
        notes = db.session.scalars(select(Notification)).all()
        assert len(notes) == 40 and {(n.status, n.attempts) for n in notes} == {(DeliveryStatus.sent, 1)}
