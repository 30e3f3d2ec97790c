"""The outbox: each notification goes out once, across crashes and a second sender."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Notification, db
from models.notifications import DeliveryStatus
from volunteer import clock
from volunteer.notify.delivery import DeliveryFailed
from volunteer.notify.services import deliver_outbox, notify


class Recorder:
    """A backend that remembers what it delivered."""

    def __init__(self, fail_first: int = 0):
        self.sent: list[int] = []
        self.fail_first = fail_first
        self.lock = threading.Lock()

    def deliver(self, notification, message):
        if self.fail_first:
            self.fail_first -= 1
            raise DeliveryFailed("push service said 503")
        with self.lock:
            self.sent.append(notification.id)


class Crash(BaseException):
    """The process dies: nothing after this point runs, nothing uncommitted survives."""


def _queue(app, user_id, n=1):
    with app.app_context():
        notes = [notify(user_id, "shift_reminder", f"assignment:{i}", title="看望独居老人",
                        starts_at=clock.now(), address="黄河路5号") for i in range(n)]
        db.session.commit()
        return [note.id for note in notes]


def _statuses(app):
    with app.app_context():
        return [s.value for s in db.session.scalars(select(Notification.status).order_by(Notification.id))]


def test_each_notification_is_sent_once_and_a_second_run_sends_nothing(app, place):
    ids = _queue(app, place["resident"]["id"], 3)
    backend = Recorder()
    with app.app_context():
        assert deliver_outbox(clock.now(), backend) == 3
        assert deliver_outbox(clock.now(), backend) == 0
    assert backend.sent == ids and _statuses(app) == ["sent"] * 3


def test_a_crash_between_claim_and_send_leaves_the_row_to_go_out_once_later(app, place):
    ids = _queue(app, place["resident"]["id"], 2)

    class CrashOnSecond(Recorder):
        def deliver(self, notification, message):
            if notification.id == ids[1]:
                raise Crash()
            super().deliver(notification, message)

    crashing = CrashOnSecond()
    with app.app_context():
        with pytest.raises(Crash):
            deliver_outbox(clock.now(), crashing)
        db.session.rollback()  # the dead process's transaction goes with it
    assert crashing.sent == [ids[0]] and _statuses(app) == ["sent", "pending"]
    restarted = Recorder()
    with app.app_context():
        assert deliver_outbox(clock.now(), restarted) == 1
        assert deliver_outbox(clock.now(), restarted) == 0
    assert restarted.sent == [ids[1]]


def test_two_senders_at_once_never_send_the_same_notification_twice(app, place):
    ids = _queue(app, place["resident"]["id"], 12)
    backend = Recorder()
    second_done = []

    def second_sender():
        with app.app_context():
            second_done.append(deliver_outbox(clock.now(), backend))

    class StartsASecondSender(Recorder):
        started = False

        def deliver(self, notification, message):
            if not self.started:  # the first row is claimed and held while the other starts
                self.started = True
                self.thread = threading.Thread(target=second_sender)
                self.thread.start()
            backend.deliver(notification, message)

    first = StartsASecondSender()
    with app.app_context():
        first_done = deliver_outbox(clock.now(), first)
    first.thread.join()
    assert sorted(backend.sent) == ids  # every one, and each once
    assert first_done + second_done[0] == 12


def test_a_failed_delivery_is_retried_later_not_at_once(app, place):
    _queue(app, place["resident"]["id"])
    backend = Recorder(fail_first=1)
    now = clock.now()
    with app.app_context():
        assert deliver_outbox(now, backend) == 0
        note = db.session.scalar(select(Notification))
        assert (note.status, note.attempts, note.last_error) == (
            DeliveryStatus.pending, 1, "push service said 503")
        assert deliver_outbox(now + timedelta(seconds=30), backend) == 0  # backing off
        assert deliver_outbox(now + timedelta(minutes=1), backend) == 1
    assert len(backend.sent) == 1


def test_in_app_list_unread_count_and_mark_read(app, client, place):
    mine = _queue(app, place["resident"]["id"], 3)
    theirs = _queue(app, place["manager"]["id"])
    headers = place["resident"]["headers"]
    listed = client.get("/api/v1/me/notifications", headers=headers).json["items"]
    assert [n["id"] for n in listed] == mine[::-1] and not any(n["read"] for n in listed)
    assert listed[0]["title"] == "服务即将开始"
    r = client.post("/api/v1/me/notifications/read", headers=headers, json={"ids": mine[:2] + theirs})
    assert r.status_code == 200 and r.json == {"marked": 2, "unread": 1}
    assert client.get("/api/v1/me/notifications/unread-count", headers=headers).json == {"unread": 1}
    assert client.get("/api/v1/me/notifications/unread-count",
                      headers=place["manager"]["headers"]).json == {"unread": 1}
    paged = client.get("/api/v1/me/notifications?per_page=1&page=2", headers=headers).json["items"]
    assert [n["id"] for n in paged] == [mine[1]] and paged[0]["read"] is True
    en = client.get("/api/v1/me/notifications", headers={**headers, "Accept-Language": "en"}).json["items"]
    assert en[0]["title"] == "Your shift is coming up"


def test_mark_read_needs_ids(client, place):
    r = client.post("/api/v1/me/notifications/read", headers=place["resident"]["headers"], json={})
    assert r.status_code == 422 and "ids" in r.json["error"]["fields"]
    r = client.post("/api/v1/me/notifications/read", headers=place["resident"]["headers"],
                    json={"ids": ["x"]})
    assert r.status_code == 422 and "ids" in r.json["error"]["fields"]


def test_a_row_that_cannot_be_rendered_is_failed_with_its_reason_and_the_rest_go_out(app, place):
    good = _queue(app, place["resident"]["id"], 1)
    with app.app_context():
        now = clock.now()
        bad = [Notification(user_id=place["resident"]["id"], kind=kind, subject="need:1", params=params,
                            status=DeliveryStatus.pending, attempts=0, created_at=now, next_attempt_at=now)
               for kind, params in [("no_such_kind", {}), ("shift_reminder", {"title": "x"})]]
        db.session.add_all(bad)
        db.session.commit()
        bad_ids = [note.id for note in bad]
    good += _queue(app, place["resident"]["id"], 1)
    backend = Recorder()
    with app.app_context():
        assert deliver_outbox(clock.now(), backend) == 2
        assert deliver_outbox(clock.now(), backend) == 0
        failed = [db.session.get(Notification, i) for i in bad_ids]
        assert [n.status for n in failed] == [DeliveryStatus.failed] * 2
        assert "no_such_kind" in failed[0].last_error and "starts_at" in failed[1].last_error
    assert backend.sent == good


def test_a_row_that_cannot_be_rendered_still_lists_without_a_500(app, client, place):
    with app.app_context():
        now = clock.now()
        db.session.add(Notification(user_id=place["resident"]["id"], kind="no_such_kind", subject="need:1",
                                    params={}, status=DeliveryStatus.failed, attempts=1, created_at=now,
                                    next_attempt_at=now))
        db.session.commit()
    answer = client.get("/api/v1/me/notifications", headers=place["resident"]["headers"])
    assert answer.status_code == 200
    assert answer.get_json()["items"][0]["title"] == "通知"


def test_queueing_an_unknown_kind_or_missing_params_is_refused(app, place):
    from volunteer.notify.texts import CannotRender

    with app.app_context():
        with pytest.raises(CannotRender):
            notify(place["resident"]["id"], "shift_remindr", "assignment:1", title="x")
        with pytest.raises(CannotRender):
            notify(place["resident"]["id"], "shift_reminder", "assignment:1", title="x")
