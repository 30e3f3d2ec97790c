"""Structured logs: JSON lines, and the request id followed into the sweep that sends what it caused."""
import io
import json
import logging

import pytest

from models import Notification, db
from volunteer import clock, logs
from volunteer.jobs.tasks import deliver_outbox


@pytest.fixture
def lines(app):
    """The JSON lines the app's loggers write during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    logger = logging.getLogger("volunteer")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_the_app_logs_json_on_its_own_logger(app):
    (handler,) = app.logger.handlers
    assert app.logger.name == "volunteer" and app.config["LOG_FORMAT"] == "json"
    assert isinstance(handler.formatter, type(logs.formatter("json")))


def test_a_request_answers_with_its_id_and_logs_one_json_line_under_it(client, place, lines):
    given = client.get("/api/v1/me", headers={**place["resident"]["headers"], "X-Request-Id": "phone-42.a"})
    made = client.get("/api/v1/health")
    junk = client.get("/api/v1/health", headers={"X-Request-Id": "<script>" + "x" * 80})
    assert given.status_code == 200 and given.headers["X-Request-Id"] == "phone-42.a"
    assert len(made.headers["X-Request-Id"]) == 32 and made.headers["X-Request-Id"] != "phone-42.a"
    assert "<" not in junk.headers["X-Request-Id"] and len(junk.headers["X-Request-Id"]) == 32
    requests = [line for line in lines() if line["logger"] == "volunteer.requests"]
    assert [(r["request_id"], r["status"], r["endpoint"]) for r in requests] == [
        ("phone-42.a", 200, "accounts.me"), (made.headers["X-Request-Id"], 200, "health.health"),
        (junk.headers["X-Request-Id"], 200, "health.health")]
    assert requests[0]["user_id"] == place["resident"]["id"] and requests[1]["user_id"] is None
    assert {"time", "level", "message", "ms"} <= set(requests[0]) and requests[0]["level"] == "INFO"


def test_the_notification_a_request_causes_is_logged_when_sent_under_that_request(app, client, world, place, lines):
    person = world.volunteer(place["grid_id"], name="李娜")
    asked = client.post(f"/api/v1/users/{person['id']}/password-reset",
                        headers={**place["manager"]["headers"], "X-Request-Id": "reset-from-phone-7"})
    assert asked.status_code == 201, asked.json
    with app.app_context():
        (note,) = db.session.query(Notification).filter_by(user_id=person["id"]).all()
        assert note.request_id == "reset-from-phone-7"
    assert deliver_outbox(app) == 1
    sent = [line for line in lines() if line.get("notification_id") == note.id and line["message"].endswith("sent")]
    assert len(sent) == 1 and sent[0]["request_id"] == "reset-from-phone-7"
    assert sent[0]["sweep"].startswith("deliver_outbox:") and sent[0]["user_id"] == person["id"]
    delivered = [line for line in lines() if line["logger"] == "volunteer.notify"
                 and line["message"].startswith(f"notification {note.id} to user")]
    assert [d["request_id"] for d in delivered] == ["reset-from-phone-7"]


def test_a_sweep_run_logs_under_its_own_id_and_what_it_queues_keeps_it(app, place, lines):
    from volunteer.notify.services import notify
    with app.app_context():
        notify(place["resident"]["id"], "password_reset", "user:1", name="王芳", until_at=clock.now())
        db.session.commit()
    assert deliver_outbox(app) == 1
    (done,) = [line for line in lines() if line["message"] == "job deliver_outbox: 1 done"]
    assert done["request_id"].startswith("deliver_outbox:") and len(done["request_id"]) > len("deliver_outbox:")
    with logs.working_for("run-9"):
        with app.app_context():
            note = notify(place["resident"]["id"], "password_reset", "user:2", name="王芳", until_at=clock.now())
            db.session.commit()
            assert note.request_id == "run-9"
    assert logs.current() is None
