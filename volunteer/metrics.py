"""/metrics in the Prometheus text format (prometheus_client), on every deployment.

Per request: counts by endpoint, method and status, and latency by endpoint (the Flask
endpoint name, never the raw path, so ids do not explode the series). At each scrape:
the outbox backlog, open offers, each job's last duration, seconds since its last
success and its failures (from job_runs, so they hold across processes), and the
connection pool's use in this process. With several gunicorn workers each process counts
its own requests; scrape each, or set PROMETHEUS_MULTIPROC_DIR as prometheus_client
documents.
"""
import time

from flask import Flask, Response, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select

from models import Assignment, Notification, db
from models.assignments import AssignmentStatus
from models.notifications import DeliveryStatus
from volunteer import clock
from volunteer.jobs.acting import last_runs

REGISTRY = CollectorRegistry()
REQUESTS = Counter("volunteer_requests_total", "Requests answered", ["endpoint", "method", "status"], registry=REGISTRY)
LATENCY = Histogram("volunteer_request_seconds", "Time to answer a request", ["endpoint"], registry=REGISTRY,
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10))


class StateCollector:
    """Figures read from the database and the pool when Prometheus scrapes."""

    def collect(self):
        backlog = GaugeMetricFamily("volunteer_outbox_backlog", "Notifications waiting to be sent")
        backlog.add_metric([], db.session.scalar(select(func.count(Notification.id)).where(
            Notification.status == DeliveryStatus.pending)) or 0)
        offers = GaugeMetricFamily("volunteer_open_offers", "Offers waiting for an answer")
        offers.add_metric([], db.session.scalar(select(func.count(Assignment.id)).where(
            Assignment.status == AssignmentStatus.offered)) or 0)
        duration = GaugeMetricFamily("volunteer_job_last_duration_seconds", "The job's last run", labels=["job"])
        since = GaugeMetricFamily("volunteer_job_seconds_since_success", "Since the job last succeeded", labels=["job"])
        failures = GaugeMetricFamily("volunteer_job_failures", "The job's failed runs so far", labels=["job"])
        now = clock.now()
        for run in last_runs():
            if run.last_duration_ms is not None:
                duration.add_metric([run.name], run.last_duration_ms / 1000)
            if run.last_success_at is not None:
                since.add_metric([run.name], (now - run.last_success_at).total_seconds())
            failures.add_metric([run.name], run.failures)
        pool = GaugeMetricFamily("volunteer_db_pool_connections", "Database connections of this process", labels=["state"])
        checked_out = getattr(db.engine.pool, "checkedout", None)
        size = getattr(db.engine.pool, "size", None)
        if callable(checked_out):
            pool.add_metric(["in_use"], checked_out())
        if callable(size):
            pool.add_metric(["size"], size())
        db.session.commit()
        yield from (backlog, offers, duration, since, failures, pool)


REGISTRY.register(StateCollector())


def register_metrics(app: Flask) -> None:
    @app.before_request
    def _started():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response):
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint != "metrics":
            endpoint = request.endpoint or "unmatched"
            REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        return response

    @app.get("/metrics", endpoint="metrics")
    def metrics():
        """Prometheus scrapes this: operational figures only, never personal data."""
        return Response(generate_latest(REGISTRY), mimetype=CONTENT_TYPE_LATEST)
