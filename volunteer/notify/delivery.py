"""Delivery adapters: how a notification leaves the outbox.

A backend has one method, `deliver(notification, message)`: it returns when the message
is handed over and raises DeliveryFailed to have it retried later. The in-app list needs
no backend: it reads the outbox rows themselves.
"""
import logging
from typing import Protocol

from flask import Flask

from models.notifications import Notification
from volunteer.notify.texts import Message

log = logging.getLogger("volunteer.notify")


class DeliveryFailed(Exception):
    """The message could not be handed over now; try again later."""


class DeliveryBackend(Protocol):
    def deliver(self, notification: Notification, message: Message) -> None: ...


class LogBackend:
    """Writes each message to the log: the embedded default, and for development."""

    def deliver(self, notification: Notification, message: Message) -> None:
        log.info("notification %s to user %s: %s | %s", notification.id, notification.user_id,
                 message.title, message.body)


def backend_for(app: Flask) -> DeliveryBackend:
    """The backend NOTIFY_BACKEND names, made once per app."""
    backend = app.extensions.get("notify_backend")
    if backend is None:
        name = app.config["NOTIFY_BACKEND"]
        if name == "webpush":
            from volunteer.notify.webpush import WebPushBackend

            backend = WebPushBackend(app)
        elif name == "log":
            backend = LogBackend()
        else:
            raise RuntimeError(f"NOTIFY_BACKEND must be log or webpush, not {name!r}")
        app.extensions["notify_backend"] = backend
    return backend
