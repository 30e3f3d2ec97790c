"""`flask jobs run`: the scheduler as its own process, for deployments with several web workers."""
import click
from flask import current_app
from flask.cli import AppGroup

jobs = AppGroup("jobs", help="The scheduler's jobs (offers, escalation, reminders, outbox, ...).")


@jobs.command("run")
@click.option("--once", is_flag=True, help="Run every job once and exit (no scheduling).")
def run(once: bool):
    """Run the scheduler in the foreground; web workers then start none."""
    from volunteer.jobs.scheduler import run_foreground
    from volunteer.jobs.tasks import JOBS

    app = current_app._get_current_object()
    if once:
        for job, _ in JOBS:
            click.echo(f"{job.__name__}: {job(app)}")
        return
    run_foreground(app)
