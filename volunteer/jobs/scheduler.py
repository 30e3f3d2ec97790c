"""APScheduler 3 set-up: one scheduler per deployment.

`make run` (one process) starts it inside the web process: RUN_SCHEDULER=1 makes
create_app call `start_scheduler`. With several web workers, leave RUN_SCHEDULER unset
and run `flask jobs run` once beside them: it runs the same jobs in the foreground.
"""
import atexit
import logging
import os
from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from volunteer.jobs.tasks import JOBS

log = logging.getLogger("volunteer.jobs")


def add_jobs(scheduler: BaseScheduler, app: Flask) -> BaseScheduler:
    """Every job at its interval, first run now; a run still going is never doubled."""
    first = datetime.now(timezone.utc)
    for job, seconds in JOBS:
        scheduler.add_job(job, "interval", seconds=seconds, args=[app], id=job.__name__,
                          name=job.__name__, next_run_time=first, coalesce=True,
                          max_instances=1, replace_existing=True, misfire_grace_time=seconds)
    return scheduler


def _reloader_parent(app: Flask) -> bool:
    """Under `flask run --reload` the watching parent must not run jobs; its child does."""
    return app.debug and os.environ.get("FLASK_RUN_FROM_CLI") == "true" \
        and os.environ.get("WERKZEUG_RUN_MAIN") != "true"


def start_scheduler(app: Flask) -> BackgroundScheduler | None:
    """Run the jobs in a background thread of this process (once per app)."""
    if app.extensions.get("scheduler") is not None or _reloader_parent(app):
        return app.extensions.get("scheduler")
    if app.config["NOTIFY_BACKEND"] == "webpush":
        from volunteer.notify.webpush import ensure_vapid_key
        ensure_vapid_key(app)
    scheduler = add_jobs(BackgroundScheduler(timezone=timezone.utc, daemon=True), app)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    atexit.register(lambda: scheduler.shutdown(wait=False) if scheduler.running else None)
    log.info("scheduler started in-process with %d jobs", len(JOBS))
    return scheduler


def run_foreground(app: Flask) -> None:
    """`flask jobs run`: the deployment's one scheduler, until stopped."""
    background = app.extensions.pop("scheduler", None)
    if background is not None:  # RUN_SCHEDULER=1 was set too: run the jobs once, here
        background.shutdown(wait=True)
    if app.config["NOTIFY_BACKEND"] == "webpush":
        from volunteer.notify.webpush import ensure_vapid_key
        ensure_vapid_key(app)
    scheduler = add_jobs(BlockingScheduler(timezone=timezone.utc), app)
    log.info("scheduler running in the foreground with %d jobs", len(JOBS))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
