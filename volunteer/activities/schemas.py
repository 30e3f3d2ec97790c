"""Activities: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.activities import SignupMode, SignupStatus
from models.needs import NeedStatus
from volunteer.masking import mask_phone
from volunteer.messages import field_code
from volunteer.needs.schemas import WindowMixin
from volunteer.schemas import Id, LocalDateTime, PageArgsSchema, PositionSchema


class SessionArgsSchema(WindowMixin, ma.Schema):
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    slots = ma.fields.Integer(required=True, validate=validate.Range(1, 500))


class ActivityCreateSchema(ma.Schema):
    title = ma.fields.String(required=True, validate=validate.Length(1, 100))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    grid_id = Id(required=True, metadata={"description": "Where it happens; its staff run it with the organiser"})
    organisation_id = Id(load_default=None, metadata={"description": "Published by (or for) this organisation"})
    address = ma.fields.String(load_default=None, validate=validate.Length(1, 200))
    position = ma.fields.Nested(PositionSchema, load_default=None)
    skills = ma.fields.List(ma.fields.String(), load_default=list, validate=validate.Length(max=10))
    mode = ma.fields.Enum(SignupMode, load_default=SignupMode.first_come, metadata={
        "description": "first_come: a place is taken at once; approval: the organiser approves each"})
    questions = ma.fields.List(ma.fields.String(validate=validate.Length(1, 100)), load_default=list,
                               validate=validate.Length(max=5), metadata={"description": "Asked at sign-up"})
    sessions = ma.fields.List(ma.fields.Nested(SessionArgsSchema), required=True, validate=validate.Length(
        1, 20, error=field_code("sessions_between", min=1, max=20)))


class ActivitySessionSchema(ma.Schema):
    need_id = ma.fields.Integer(metadata={"description": "A session is a need: check in on it as on any"})
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    place = ma.fields.String(metadata={"description": "The rounded public place"})
    slots = ma.fields.Integer()
    taken = ma.fields.Integer()
    left = ma.fields.Integer()
    status = ma.fields.Enum(NeedStatus)


class PublicActivitySchema(ma.Schema):
    """What anyone may read, signed in or not: no personal data."""

    slug = ma.fields.String()
    path = ma.fields.String(metadata={"description": "The short link's path, /a/<slug>"})
    title = ma.fields.String()
    description = ma.fields.String()
    organiser = ma.fields.String(metadata={"description": "The organisation, or the community and grid"})
    mode = ma.fields.Enum(SignupMode)
    questions = ma.fields.List(ma.fields.String())
    skills = ma.fields.List(ma.fields.String())
    sessions = ma.fields.List(ma.fields.Nested(ActivitySessionSchema))


class MySignupSchema(ma.Schema):
    id = ma.fields.Integer()
    need_id = ma.fields.Integer()
    status = ma.fields.Enum(SignupStatus)
    assignment_id = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)


class ActivitySchema(PublicActivitySchema):
    id = ma.fields.Integer()
    grid_id = ma.fields.Integer()
    organisation_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String()
    organises = ma.fields.Boolean(metadata={"description": "The caller runs it: sees sign-ups, approves, shows the code"})
    my_signups = ma.fields.List(ma.fields.Nested(MySignupSchema))
    created_at = ma.fields.AwareDateTime()


class ActivityListArgsSchema(PageArgsSchema):
    mine = ma.fields.Boolean(load_default=False, metadata={"description": "Those I organise or signed up for"})
    upcoming = ma.fields.Boolean(load_default=True, metadata={"description": "Only those with a session still to end"})


class SignupArgsSchema(ma.Schema):
    need_id = Id(required=True, metadata={"description": "The session"})
    answers = ma.fields.List(ma.fields.String(validate=validate.Length(max=200)), load_default=list,
                             validate=validate.Length(max=5))


class SignupListArgsSchema(PageArgsSchema):
    status = ma.fields.Enum(SignupStatus, load_default=None)


class SignupSchema(ma.Schema):
    """A sign-up as the organisers see it: the name, the phone masked, the answers."""

    id = ma.fields.Integer()
    activity_id = ma.fields.Integer()
    need_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    name = ma.fields.String()
    phone = ma.fields.String()
    answers = ma.fields.List(ma.fields.String())
    status = ma.fields.Enum(SignupStatus)
    assignment_id = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()

    @ma.pre_dump
    def from_model(self, signup, **kwargs):
        return {"id": signup.id, "activity_id": signup.activity_id, "need_id": signup.need_id,
                "user_id": signup.user_id, "name": signup.user.name, "phone": mask_phone(signup.user.phone),
                "answers": signup.answers, "status": signup.status, "assignment_id": signup.assignment_id,
                "reason": signup.reason, "created_at": signup.created_at}
