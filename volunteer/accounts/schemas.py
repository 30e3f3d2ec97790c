"""Accounts: shape and format only."""
import re

import marshmallow as ma
from marshmallow import validate

from models import Role
from volunteer.schemas import Id, PageArgsSchema
from volunteer.messages import field_code

PHONE = re.compile(r"^1[3-9]\d{9}$")
# Chinese names (with the middle dot of minority names) or Latin names with spaces. Han characters
# run past the basic block: extension A, compatibility ideographs, and extensions B-H (李𬌗).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\U00030000-\U000323af"
NAME = re.compile(rf"^[{HAN}\u00b7A-Za-z][{HAN}\u00b7A-Za-z .'-]{{1,29}}$")


class RegisterSchema(ma.Schema):
    phone = ma.fields.String(required=True, validate=validate.Regexp(
        PHONE, error=field_code("mobile_number")))
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(
        min=8, max=128, error=field_code("password_length")))
    name = ma.fields.String(required=True, validate=validate.Regexp(
        NAME, error=field_code("real_name")))
    grid_id = Id(required=True, error_messages={"required": field_code("choose_grid"), "null": field_code("choose_grid")},
                 metadata={"description": "The grid one lives in (see GET /grids/near); requests go to its staff"})
    privacy_version = ma.fields.String(
        required=True, validate=validate.Length(1, 20), error_messages={"required": field_code("accept_privacy")},
        metadata={"description": "The version of the notice at /privacy the person accepted (GET /privacy-notice)"})


class RegisteredSchema(ma.Schema):
    phone = ma.fields.String()
    next = ma.fields.String(metadata={"description": "Always sign_in: POST /auth/login with the same phone and password"})


class LoginSchema(ma.Schema):
    phone = ma.fields.String(required=True)
    password = ma.fields.String(required=True, load_only=True)
    token = ma.fields.Boolean(load_default=False, metadata={
        "description": "true: also issue a bearer token for an API client"})


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, load_only=True)
    new_password = ma.fields.String(required=True, load_only=True, validate=validate.Length(
        min=8, max=128, error=field_code("password_length")))


class DeletionSchema(ma.Schema):
    password = ma.fields.String(required=True, load_only=True, metadata={"description": "Asked again, to be sure"})


class RoleSchema(ma.Schema):
    role = ma.fields.Enum(Role, required=True)
    grid_id = Id(allow_none=True)
    community_id = Id(allow_none=True)


class HomeGridSchema(ma.Schema):
    grid_id = Id(required=True, metadata={"description": "The grid one lives in (see GET /grids/near)"})


class UserSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    phone = ma.fields.String()
    name = ma.fields.String()
    roles = ma.fields.List(ma.fields.Nested(RoleSchema))
    privacy_version = ma.fields.String(allow_none=True, metadata={"description": "The notice version accepted; null: not yet"})
    privacy_accepted_at = ma.fields.DateTime(allow_none=True)
    must_change_password = ma.fields.Function(
        lambda user: user.password_temporary_until is not None, dump_only=True, metadata={
            "description": "Signed in with a temporary password: only choosing a new one is open"})


class TemporaryPasswordSchema(ma.Schema):
    temporary_password = ma.fields.String(metadata={"description": "Shown once: tell it to the person face to face"})
    valid_until = ma.fields.DateTime()


class PrivacyNoticeSchema(ma.Schema):
    version = ma.fields.String(metadata={"description": "The current notice; accepting an older one is refused"})
    url = ma.fields.String()


class ConsentSchema(ma.Schema):
    version = ma.fields.String(required=True, validate=validate.Length(1, 20))


class SessionSchema(ma.Schema):
    user = ma.fields.Nested(UserSchema)
    csrf_token = ma.fields.String(metadata={"description": "Send as X-CSRF-Token on cookie-session writes"})
    token = ma.fields.String(allow_none=True, metadata={"description": "Bearer token, when asked for"})


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer()
    at = ma.fields.DateTime()
    action = ma.fields.String(metadata={"description": "read_personal: shown the phone and address; else a change"})
    via = ma.fields.String(allow_none=True, metadata={"description": "Where it was read, e.g. need:12"})
    actor_id = ma.fields.Integer(allow_none=True)
    actor_name = ma.fields.String(allow_none=True, metadata={"description": "Masked for the person's own view"})


class AuditArgsSchema(PageArgsSchema):
    action = ma.fields.String(load_default=None, validate=validate.Length(1, 40), metadata={
        "description": "Only events of this action, e.g. read_personal"})


class AuditPageSchema(ma.Schema):
    total = ma.fields.Integer()
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    items = ma.fields.List(ma.fields.Nested(AuditEventSchema))
