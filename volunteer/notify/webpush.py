"""Web Push (RFC 8030/8291/8292) through pywebpush, signed with our VAPID key.

The VAPID key pair is made on first use and kept under the instance folder (never in the
repository); every web worker and the scheduler read the same file.
"""
import base64
import json
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from flask import Flask
from py_vapid import Vapid
from pywebpush import WebPushException, webpush
from sqlalchemy import select

from models import PushSubscription, db
from models.notifications import Notification
from volunteer.notify.delivery import DeliveryFailed, LogBackend
from volunteer.notify.texts import Message

GONE = (404, 410)  # the browser dropped the subscription
TIMEOUT_S = 10


def vapid_key_path(app: Flask) -> Path:
    return Path(app.config["VAPID_PRIVATE_KEY_PATH"] or Path(app.instance_path) / "vapid_private.pem")


def ensure_vapid_key(app: Flask) -> Vapid:
    """Our VAPID key, made and saved the first time; safe when two processes race."""
    cached = app.extensions.get("vapid")
    if cached is not None:
        return cached
    path = vapid_key_path(app)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = Vapid()
        fresh.generate_keys()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".vapid-")
        try:
            os.write(fd, fresh.private_pem())
            os.close(fd)
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # atomic: the first process to get here wins
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    key = Vapid.from_file(str(path))
    app.extensions["vapid"] = key
    return key


def public_key(app: Flask) -> str:
    """The application server key browsers pass to pushManager.subscribe (base64url)."""
    raw = ensure_vapid_key(app).public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def payload(notification: Notification, message: Message) -> str:
    """What the service worker receives (static/sw.js shows it; a tap opens the app's list
    of notifications); the tag lets a browser fold a repeat into one."""
    return json.dumps({"id": notification.id, "kind": notification.kind, "title": message.title,
                       "body": message.body, "tag": f"notification-{notification.id}",
                       "url": "/#/notices"}, ensure_ascii=False)


class WebPushBackend:
    """Pushes to every browser the person subscribed, and logs like LogBackend."""

    def __init__(self, app: Flask):
        self.key = ensure_vapid_key(app)
        self.subject = app.config["VAPID_SUBJECT"]
        self.ttl = app.config["PUSH_TTL_S"]
        self.log = LogBackend()

    def deliver(self, notification: Notification, message: Message) -> None:
        self.log.deliver(notification, message)
        subscriptions = db.session.scalars(
            select(PushSubscription).where(PushSubscription.user_id == notification.user_id))
        for sub in subscriptions:
            self.send(sub, payload(notification, message))

    def send(self, sub: PushSubscription, data: str) -> None:
        info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
        try:
            webpush(info, data, vapid_private_key=self.key, vapid_claims={"sub": self.subject},
                    ttl=self.ttl, timeout=TIMEOUT_S)
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            if status in GONE:
                db.session.delete(sub)
                return
            raise DeliveryFailed(f"push to subscription {sub.id}: {status or error}") from error
        except OSError as error:  # refused, unreachable, timed out (requests' errors are OSErrors)
            raise DeliveryFailed(f"push to subscription {sub.id}: {error}") from error
