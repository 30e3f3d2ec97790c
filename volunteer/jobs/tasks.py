"""Module-level jobs. Each opens an app context and calls one sweep with the current time.

Sweeps are idempotent and commit per item, so a job that overlaps a restart repeats
nothing; and only one scheduler acts on a job at a time (volunteer/jobs/acting.py), so any
number of `flask jobs run` processes may run beside each other.
"""
import logging
import time

from flask import Flask

from volunteer import clock, logs
from volunteer.jobs import acting

log = logging.getLogger("volunteer.jobs")


def _run(app: Flask, name: str, sweep) -> int:
    with app.app_context(), logs.working_for(logs.new_id(f"{name}:")):
        with acting.acting(name) as mine:
            if not mine:
                return 0  # another scheduler is on it
            started = time.monotonic()
            try:
                done = sweep(clock.now())
            except Exception as failure:
                log.exception("job %s failed", name)
                acting.record(name, started, None, error=f"{type(failure).__name__}: {failure}")
                return 0
            acting.record(name, started, done)
        if done:
            log.info("job %s: %s done", name, done)
        return done


def expire_offers(app: Flask) -> int:
    from volunteer.dispatch.sweeps import expire_offers as sweep
    return _run(app, "expire_offers", sweep)


def escalate_urgent_needs(app: Flask) -> int:
    from volunteer.dispatch.sweeps import escalate_urgent_needs as sweep
    return _run(app, "escalate_urgent_needs", sweep)


def remind_shifts(app: Flask) -> int:
    from volunteer.dispatch.sweeps import remind_shifts as sweep
    return _run(app, "remind_shifts", sweep)


def close_open_checkins(app: Flask) -> int:
    from volunteer.dispatch.sweeps import close_open_checkins as sweep
    return _run(app, "close_open_checkins", sweep)


def chase_confirmations(app: Flask) -> int:
    from volunteer.dispatch.sweeps import chase_confirmations as sweep
    return _run(app, "chase_confirmations", sweep)


def create_recurring_instances(app: Flask) -> int:
    from volunteer.recurring.services import create_recurring_instances as sweep
    return _run(app, "create_recurring_instances", sweep)


def mark_no_shows(app: Flask) -> int:
    from volunteer.stars.services import sweep_no_shows as sweep
    return _run(app, "mark_no_shows", sweep)


def deliver_outbox(app: Flask) -> int:
    from volunteer.notify.services import deliver_outbox as sweep
    return _run(app, "deliver_outbox", sweep)


def round_old_positions(app: Flask) -> int:
    from volunteer.assignments.retention import round_old_positions as sweep
    return _run(app, "round_old_positions", sweep)


def refresh_boards(app: Flask) -> int:
    from volunteer.dashboards.boards import refresh_boards as sweep
    return _run(app, "refresh_boards", sweep)


# (job, seconds between runs). Delivery runs often so an offer reaches a phone quickly.
JOBS = (
    (deliver_outbox, 10),
    (expire_offers, 30),
    (escalate_urgent_needs, 60),
    (remind_shifts, 60),
    (close_open_checkins, 300),
    (mark_no_shows, 600),
    (chase_confirmations, 900),
    (create_recurring_instances, 3600),
    (round_old_positions, 3600),
    (refresh_boards, 3600),
)
