"""Notifications over HTTP: my in-app list, unread count, mark read, Web Push set-up."""
from flask import current_app
from flask_smorest import Blueprint

from volunteer.access import public, signed_in, while_temporary
from volunteer.auth import current_user
from volunteer.errors import language
from volunteer.notify import schemas, services, webpush
from volunteer.schemas import Page

bp = Blueprint("notify", __name__, description="Notifications and Web Push")


@bp.get("/me/notifications")
@signed_in
@while_temporary
@bp.arguments(schemas.NotificationListArgsSchema, location="query")
@bp.response(200, Page(schemas.NotificationSchema))
def my_notifications(args):
    """My notifications, newest first, in my language."""
    lang = language()
    found = services.list_for(current_user(), **args)
    return {**found, "items": [services.shown(n, lang) for n in found["items"]]}


@bp.get("/me/notifications/unread-count")
@signed_in
@while_temporary
@bp.response(200, schemas.UnreadCountSchema)
def unread_count():
    """How many of my notifications are unread (for the badge)."""
    return {"unread": services.unread_count(current_user())}


@bp.post("/me/notifications/read")
@signed_in
@while_temporary
@bp.arguments(schemas.MarkReadArgsSchema)
@bp.response(200, schemas.MarkedSchema)
def mark_read(args):
    """Mark some of my notifications read."""
    user = current_user()
    return {"marked": services.mark_read(user, args["ids"]), "unread": services.unread_count(user)}


@bp.get("/push/vapid-public-key")
@public
@bp.response(200, schemas.VapidKeySchema)
def vapid_public_key():
    """The key a browser subscribes with (pushManager.subscribe applicationServerKey)."""
    return {"public_key": webpush.public_key(current_app)}


@bp.post("/me/push-subscriptions")
@signed_in
@bp.arguments(schemas.PushSubscriptionSchema)
@bp.response(201, schemas.PushSubscriptionSchema)
def subscribe(args):
    """Keep this browser's push subscription so my notifications reach it."""
    return services.subscribe_push(current_user(), args["endpoint"], args["keys"]["p256dh"],
                                   args["keys"]["auth"])
