"""The scheduler: every sweep registered once, and `flask jobs run --once` runs them."""
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from models import Notification, db
from volunteer import clock
from volunteer.jobs import tasks
from volunteer.jobs.scheduler import add_jobs, start_scheduler
from volunteer.notify.services import notify


def test_every_sweep_is_a_job_that_never_overlaps_itself(app):
    scheduler = add_jobs(BackgroundScheduler(), app)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"deliver_outbox", "expire_offers", "escalate_urgent_needs",
                         "remind_shifts", "close_open_checkins", "mark_no_shows",
                         "create_recurring_instances", "round_old_positions", "chase_confirmations",
                         "refresh_boards"}
    assert all(job.max_instances == 1 and job.coalesce for job in jobs.values())
    assert jobs["deliver_outbox"].trigger.interval.total_seconds() == 10


def test_the_in_process_scheduler_starts_once_per_app(app):
    scheduler = start_scheduler(app)
    try:
        assert scheduler.running and start_scheduler(app) is scheduler
        assert len(scheduler.get_jobs()) == len(tasks.JOBS)
    finally:
        scheduler.shutdown(wait=True)
        app.extensions.pop("scheduler")


def test_a_job_runs_its_sweep_in_an_app_context(app, place):
    with app.app_context():
        notify(place["resident"]["id"], "offer_made", "assignment:1", title="x", place="y",
               starts_at=clock.now(), expires_at=clock.now())
        db.session.commit()
    assert tasks.deliver_outbox(app) == 1
    assert tasks.deliver_outbox(app) == 0
    with app.app_context():
        sent = db.session.scalar(select(Notification).where(Notification.kind == "offer_made"))
        assert sent.sent_at is not None


def test_flask_jobs_run_once_runs_every_job(runner, place):
    result = runner.invoke(args=["jobs", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert "deliver_outbox: 0" in result.output and "create_recurring_instances: 0" in result.output
