"""Notifications and push subscriptions: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from volunteer.notify.texts import TEXTS
from volunteer.schemas import Id, PageArgsSchema


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.String(metadata={"enum": sorted(TEXTS), "description": (
        "What happened; a row queued under a kind since retired still lists, titled 通知 / Notice")})
    subject = ma.fields.String(metadata={"description": 'What it is about, e.g. "need:12"'})
    title = ma.fields.String()
    body = ma.fields.String()
    created_at = ma.fields.DateTime()
    read = ma.fields.Boolean()


class NotificationListArgsSchema(PageArgsSchema):
    pass


class UnreadCountSchema(ma.Schema):
    unread = ma.fields.Integer()


class MarkReadArgsSchema(ma.Schema):
    ids = ma.fields.List(Id(), required=True, validate=validate.Length(1, 500))


class MarkedSchema(ma.Schema):
    marked = ma.fields.Integer()
    unread = ma.fields.Integer()


class VapidKeySchema(ma.Schema):
    public_key = ma.fields.String(metadata={"description": "applicationServerKey, base64url"})


class PushKeysSchema(ma.Schema):
    p256dh = ma.fields.String(required=True, validate=validate.Length(80, 200))
    auth = ma.fields.String(required=True, validate=validate.Length(16, 100))


class PushSubscriptionSchema(ma.Schema):
    """A browser PushSubscription as JSON (subscription.toJSON())."""

    id = ma.fields.Integer(dump_only=True)
    endpoint = ma.fields.Url(required=True, require_tld=False, schemes={"http", "https"},
                             validate=validate.Length(max=500))
    keys = ma.fields.Nested(PushKeysSchema, required=True, load_only=True)
