"""Liveness with the database reached, and readiness: the database and the scheduler."""
from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import text

from models import db
from volunteer import clock
from volunteer.access import public
from volunteer.jobs.acting import last_runs

bp = Blueprint("health", __name__, description="Health")

# The job whose last success says the scheduler is alive: it runs every 10 seconds.
HEARTBEAT_JOB = "deliver_outbox"


@bp.get("/health")
@public
@bp.response(200)
def health():
    """Answer 200 when the database answers."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok", "database": db.engine.dialect.name}


@bp.get("/health/ready")
@public
@bp.response(200)
@bp.doc(responses={"503": {"description": "Not ready: the database or the scheduler is not working"}})
def ready():
    """Ready to serve: the database answers and the scheduler's outbox sweep succeeded
    within READY_SWEEP_MAX_AGE_S (each job's last success and failures are listed)."""
    db.session.execute(text("SELECT 1"))
    now = clock.now()
    runs = {r.name: r for r in last_runs()}
    beat = runs.get(HEARTBEAT_JOB)
    age = (now - beat.last_success_at).total_seconds() if beat and beat.last_success_at else None
    alive = age is not None and age <= current_app.config["READY_SWEEP_MAX_AGE_S"]
    body = {"status": "ok" if alive else "scheduler_not_running", "database": db.engine.dialect.name,
            "scheduler": {"alive": alive, "heartbeat_age_s": None if age is None else round(age, 1),
                          "jobs": [{"name": r.name, "last_success_at": r.last_success_at.isoformat() if r.last_success_at else None,
                                    "last_duration_ms": r.last_duration_ms, "failures": r.failures}
                                   for r in runs.values()]}}
    return body, 200 if alive else 503
