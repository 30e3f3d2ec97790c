"""Organisations: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.assignments import AssignmentStatus
from models.organisations import MemberRole, MemberStatus, OrganisationKind, OrganisationStatus, TeamOfferStatus
from volunteer.accounts.schemas import PHONE
from volunteer.messages import field_code
from volunteer.organisations.rules import is_credit_code
from volunteer.schemas import Hours, Id, PageArgsSchema

def _credit_code(value: str) -> bool:
    if not is_credit_code(value):
        raise ma.ValidationError(field_code("credit_code_format"))
    return True


def _phone():
    return validate.Regexp(PHONE, error=field_code("mobile_number"))


class CommunityRefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class OrganisationSchema(ma.Schema):
    """An organisation: what staff register, and how it is shown."""

    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(2, 100))
    kind = ma.fields.Enum(OrganisationKind, required=True, metadata={
        "description": "social_organisation 社会组织 · volunteer_team 志愿服务队 · resident_unit 驻社区单位"})
    credit_code = ma.fields.String(load_default=None, allow_none=True, validate=_credit_code, metadata={
        "description": "统一社会信用代码, 18 characters with a valid check character", "example": "91110000802100433B"})
    incubating = ma.fields.Boolean(load_default=False, metadata={
        "description": "A community-based organisation being incubated (培育中)"})
    contact_name = ma.fields.String(required=True, validate=validate.Length(1, 30))
    contact_phone = ma.fields.String(required=True, validate=validate.Length(5, 20), metadata={
        "description": "In full to staff and active members; masked to everyone else"})
    community_ids = ma.fields.List(Id(), required=True, load_only=True, validate=validate.Length(1, 20))
    leader_phone = ma.fields.String(required=True, load_only=True, validate=_phone(), metadata={
        "description": "The mobile of the person who leads it; they must have an account"})
    status = ma.fields.Enum(OrganisationStatus, dump_only=True)
    communities = ma.fields.List(ma.fields.Nested(CommunityRefSchema), dump_only=True)
    leaders = ma.fields.List(ma.fields.String(), dump_only=True)
    members = ma.fields.Integer(dump_only=True, metadata={"description": "Active members"})
    applications = ma.fields.Integer(dump_only=True, metadata={"description": "Applications waiting for a leader"})
    hours = Hours(dump_only=True, metadata={"description": "Confirmed hours served with the team"})
    verified_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True)
    my_role = ma.fields.Enum(MemberRole, dump_only=True, allow_none=True)
    my_status = ma.fields.Enum(MemberStatus, dump_only=True, allow_none=True)
    manages = ma.fields.Boolean(dump_only=True, metadata={"description": "The caller may manage its members"})


class OrganisationChangeSchema(ma.Schema):
    name = ma.fields.String(validate=validate.Length(2, 100))
    credit_code = ma.fields.String(allow_none=True, validate=_credit_code)
    incubating = ma.fields.Boolean()
    contact_name = ma.fields.String(validate=validate.Length(1, 30))
    contact_phone = ma.fields.String(validate=validate.Length(5, 20))
    community_ids = ma.fields.List(Id(), validate=validate.Length(1, 20))


class OrganisationListArgsSchema(PageArgsSchema):
    kind = ma.fields.Enum(OrganisationKind, load_default=None)
    community_id = Id(load_default=None)
    status = ma.fields.Enum(OrganisationStatus, load_default=None)
    q = ma.fields.String(load_default=None, validate=validate.Length(1, 50))
    mine = ma.fields.Boolean(load_default=False, metadata={"description": "Only those I belong to, was invited to or applied to"})


class MemberListArgsSchema(PageArgsSchema):
    status = ma.fields.Enum(MemberStatus, load_default=None)


class InviteSchema(ma.Schema):
    phone = ma.fields.String(required=True, validate=_phone())


class MemberSchema(ma.Schema):
    """A member as a leader sees them (phone masked, hours served with the team); other
    members see names and roles only."""

    user_id = ma.fields.Integer()
    name = ma.fields.String()
    phone = ma.fields.String(allow_none=True)
    role = ma.fields.Enum(MemberRole)
    status = ma.fields.Enum(MemberStatus)
    joined_at = ma.fields.AwareDateTime(allow_none=True)
    changed_at = ma.fields.AwareDateTime()
    hours = Hours(allow_none=True)


class MembershipSchema(ma.Schema):
    organisation_id = ma.fields.Integer()
    user_id = ma.fields.Integer()
    role = ma.fields.Enum(MemberRole)
    status = ma.fields.Enum(MemberStatus)
    joined_at = ma.fields.AwareDateTime(allow_none=True)
    changed_at = ma.fields.AwareDateTime()


class TeamOfferArgsSchema(ma.Schema):
    organisation_id = Id(required=True)
    slots = ma.fields.Integer(required=True, validate=validate.Range(1, 500))


class TeamAcceptArgsSchema(ma.Schema):
    slots = ma.fields.Integer(required=True, validate=validate.Range(1, 500), metadata={
        "description": "How many of the offered slots the team takes"})


class TeamAssignArgsSchema(ma.Schema):
    user_id = Id(required=True)


class TeamMemberOnNeedSchema(ma.Schema):
    user_id = ma.fields.Integer()
    name = ma.fields.String()
    assignment_id = ma.fields.Integer()
    status = ma.fields.Enum(AssignmentStatus)


class NeedTeamSchema(ma.Schema):
    """A need given to a team: the slots it holds, how many members are in them, and who."""

    id = ma.fields.Integer()
    need_id = ma.fields.Integer()
    need_title = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime()
    place = ma.fields.String(metadata={"description": "The rounded public place, as volunteers see it"})
    organisation_id = ma.fields.Integer()
    organisation_name = ma.fields.String()
    slots = ma.fields.Integer()
    assigned = ma.fields.Integer()
    status = ma.fields.Enum(TeamOfferStatus)
    created_at = ma.fields.AwareDateTime()
    members = ma.fields.List(ma.fields.Nested(TeamMemberOnNeedSchema))


class NearestMemberSchema(ma.Schema):
    name = ma.fields.String()
    distance_m = ma.fields.Integer()


class CandidateTeamSchema(ma.Schema):
    """A team that could take a need: its active members, how many of them fit the need
    (each checked as a sign-up would be), and the nearest who do."""

    organisation_id = ma.fields.Integer()
    name = ma.fields.String()
    kind = ma.fields.Enum(OrganisationKind)
    members = ma.fields.Integer()
    fitting = ma.fields.Integer()
    offered = ma.fields.Boolean(metadata={"description": "Already given this need"})
    nearest = ma.fields.List(ma.fields.Nested(NearestMemberSchema))
