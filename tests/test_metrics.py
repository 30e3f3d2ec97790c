"""/metrics in the Prometheus format: requests by endpoint, latency, the outbox backlog,
open offers, each job's runs and the pool; parsed, not grepped, and nothing personal."""
from prometheus_client.parser import text_string_to_metric_families

from models import db
from volunteer import clock
from volunteer.jobs.tasks import deliver_outbox
from volunteer.notify.services import notify


def scrape(client) -> dict:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.content_type.startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(r.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


def test_requests_backlog_jobs_and_pool_are_counted(app, client, place):
    headers = place["social_worker"]["headers"]
    before = value(scrape(client), "volunteer_requests_total", endpoint="needs.list_needs", method="GET", status="200") or 0
    for _ in range(3):
        assert client.get("/api/v1/needs", headers=headers).status_code == 200
    assert client.get("/api/v1/needs/999999", headers=headers).status_code == 404
    with app.app_context():
        for n in range(4):
            notify(place["resident"]["id"], "password_reset", f"user:{n}", name="王芳", until_at=clock.now())
        db.session.commit()
    samples = scrape(client)
    assert value(samples, "volunteer_requests_total", endpoint="needs.list_needs", method="GET", status="200") == before + 3
    assert value(samples, "volunteer_requests_total", endpoint="needs.get_need", method="GET", status="404") >= 1
    assert value(samples, "volunteer_request_seconds_count", endpoint="needs.list_needs") >= 3
    assert value(samples, "volunteer_outbox_backlog") == 4
    assert value(samples, "volunteer_open_offers") == 0
    assert value(samples, "volunteer_db_pool_connections", state="in_use") is not None
    deliver_outbox(app)
    samples = scrape(client)
    assert value(samples, "volunteer_outbox_backlog") == 0
    assert value(samples, "volunteer_job_failures", job="deliver_outbox") == 0
    assert 0 <= value(samples, "volunteer_job_seconds_since_success", job="deliver_outbox") < 60
    text = client.get("/metrics").get_data(as_text=True)
    assert place["resident"]["phone"] not in text and "赵秀英" not in text
