"""Notifications: queue them with the change they tell of, list them, deliver the outbox.

Delivery claims one outbox row at a time with a conditional UPDATE (pending -> sending),
hands it to the backend and marks it sent in that same transaction. A process that dies
between claim and send commits nothing, so the row is still pending and goes out once
later; a second sender finds the row claimed (its UPDATE matches nothing) and skips it.
"""
import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update

from models import Notification, PushSubscription, User, db
from models.notifications import DeliveryStatus
from volunteer import clock, logs
from volunteer.errors import Conflict, InvalidInput
from volunteer.notify.delivery import DeliveryBackend, DeliveryFailed, backend_for
from volunteer.notify.texts import CannotRender, Message, render
from volunteer.messages import field_code
from volunteer.paging import page_of

log = logging.getLogger("volunteer.notify")
MAX_ATTEMPTS = 6  # retries back off 1, 2, 4, 8, 16 minutes, then the row is marked failed


def notify(user_id: int, kind: str, subject: str, dedupe_key: str | None = None,
           **params) -> Notification | None:
    """Queue a message in the caller's transaction (the caller commits).

    With a dedupe_key, a message already queued under that key is not queued again. A kind
    without texts, or params its texts do not fit, is a mistake in the code: CannotRender.
    """
    stored = {k: _jsonable(v) for k, v in params.items()}
    render(kind, stored, "zh"), render(kind, stored, "en")
    if dedupe_key is not None and db.session.scalar(
            select(Notification.id).where(Notification.dedupe_key == dedupe_key)) is not None:
        return None
    now = clock.now()
    note = Notification(user_id=user_id, kind=kind, subject=subject, dedupe_key=dedupe_key,
                        params=stored, request_id=logs.current(),
                        status=DeliveryStatus.pending, attempts=0, created_at=now,
                        next_attempt_at=now)
    db.session.add(note)
    return note


def _jsonable(value):
    return value.isoformat() if isinstance(value, datetime) else value


UNRENDERABLE = (("通知", "该通知无法显示。"), ("Notification", "This notification cannot be shown."))


# In-app list ------------------------------------------------------------------------

def list_for(user: User, page: int, per_page: int) -> dict:
    return page_of(select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc()),
                   page, per_page)


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def mark_read(user: User, ids: list[int]) -> int:
    """Mark some of my notifications read; others' ids are ignored. Returns how many changed."""
    changed = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.id.in_(ids),
               Notification.read_at.is_(None))
        .values(read_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return changed


def shown(note: Notification, lang: str) -> dict:
    try:
        message = render(note.kind, note.params, lang)
    except CannotRender:  # an old row whose kind has gone: still listed, never a 500
        message = Message(*UNRENDERABLE[lang == "en"])
    return {"id": note.id, "kind": note.kind, "subject": note.subject, "title": message.title,
            "body": message.body, "created_at": note.created_at, "read": note.read_at is not None}


# Push subscriptions -----------------------------------------------------------------

def _check_endpoint(endpoint: str) -> None:
    """Only the push services configured may be called: an endpoint is a URL we will POST to."""
    url = urlsplit(endpoint)
    host = (url.hostname or "").lower()
    allowed = [h.strip().lower() for h in current_app.config["PUSH_ENDPOINT_HOSTS"] if h.strip()]
    known = any(host == h or host.endswith("." + h) for h in allowed)
    local = host in ("127.0.0.1", "localhost")
    if not known or (url.scheme != "https" and not (local and url.scheme == "http")):
        raise InvalidInput("push_endpoint_not_allowed", fields={"endpoint": field_code("unknown_push_service")})


def subscribe_push(user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Keep a browser's subscription; the same browser signed in as someone else moves to them.

    The same browser shows the same keys: only it holds its auth secret. An endpoint URL
    posted with other keys is someone else's subscription, and stays theirs.
    """
    _check_endpoint(endpoint)
    sub = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if sub is not None and sub.user_id != user.id and (sub.p256dh, sub.auth) != (p256dh, auth):
        raise Conflict("push_endpoint_taken")
    if sub is None:
        sub = PushSubscription(endpoint=endpoint, created_at=clock.now())
        db.session.add(sub)
    sub.user_id, sub.p256dh, sub.auth = user.id, p256dh, auth
    db.session.commit()
    return sub


# Outbox -----------------------------------------------------------------------------

def deliver_outbox(now: datetime, backend: DeliveryBackend | None = None, limit: int = 200) -> int:
    """Send what is due, each row once; returns how many were sent."""
    backend = backend or backend_for(current_app)
    due = list(db.session.scalars(
        select(Notification.id)
        .where(Notification.status == DeliveryStatus.pending, Notification.next_attempt_at <= now)
        .order_by(Notification.id).limit(limit)))
    db.session.commit()  # end the read: each row gets its own short transaction
    return sum(_deliver_one(note_id, now, backend) for note_id in due)


def _deliver_one(note_id: int, now: datetime, backend: DeliveryBackend) -> bool:
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.id == note_id, Notification.status == DeliveryStatus.pending)
        .values(status=DeliveryStatus.sending).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:  # another sender has it, or had it
        db.session.rollback()
        return False
    note = db.session.get(Notification, note_id, populate_existing=True)
    note.attempts += 1
    try:
        message = render(note.kind, note.params)
    except CannotRender as error:  # retrying cannot help; the rest of the outbox goes on
        note.status, note.last_error = DeliveryStatus.failed, str(error)[:1000]
        log.error("notification %s cannot be rendered: %s", note_id, error)
        db.session.commit()
        return False
    try:
        with logs.working_for(note.request_id):
            backend.deliver(note, message)
    except DeliveryFailed as error:
        note.last_error = str(error)[:1000]
        if note.attempts >= MAX_ATTEMPTS:
            note.status = DeliveryStatus.failed
        else:
            note.status = DeliveryStatus.pending
            note.next_attempt_at = now + timedelta(minutes=2 ** (note.attempts - 1))
        log.warning("notification %s not delivered: %s", note_id, error)
        db.session.commit()
        return False
    note.status, note.sent_at = DeliveryStatus.sent, now
    told = {"notification_id": note_id, "kind": note.kind, "user_id": note.user_id, "sweep": logs.current()}
    cause = note.request_id
    db.session.commit()
    with logs.working_for(cause):
        log.info("notification %s sent", note_id, extra=told)
    return True
