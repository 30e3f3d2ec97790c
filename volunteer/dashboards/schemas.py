"""Dashboard: shape and format only."""
import marshmallow as ma
from marshmallow import validate
from models.places import CommunityKind
from volunteer.schemas import Choice, Hours, Id


class DashboardArgsSchema(ma.Schema):
    street = ma.fields.String(load_default=None, validate=validate.Length(1, 100),
                              metadata={"description": "街道 or 乡镇, as the communities name it"})
    community_id = Id(load_default=None)
    grid_id = Id(load_default=None)


class CommunityOptionSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    street = ma.fields.String()


class GridOptionSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    community_id = Id()


class FiltersSchema(ma.Schema):
    streets = ma.fields.List(ma.fields.String())
    communities = ma.fields.List(ma.fields.Nested(CommunityOptionSchema))
    grids = ma.fields.List(ma.fields.Nested(GridOptionSchema))


class ScopeSchema(ma.Schema):
    street = ma.fields.String(allow_none=True)
    community_id = Id(allow_none=True)
    grid_id = Id(allow_none=True)
    grids = ma.fields.Integer(metadata={"description": "How many grids the figures cover"})


class VolunteerRatioSchema(ma.Schema):
    """One row per community; with `grid_id` filtered, one row for that grid."""

    level = Choice(["community", "grid"])
    community_id = Id()
    grid_id = Id(allow_none=True, metadata={"description": "Set on a grid row"})
    name = ma.fields.String(metadata={"description": "The community's name, or the grid's on a grid row"})
    community_name = ma.fields.String()
    kind = Choice(CommunityKind)
    street = ma.fields.String()
    residents = ma.fields.Integer(metadata={"description": (
        "community: the community's residents; grid: the grid's households times the "
        "community's residents per household, rounded half up (grids record households only)")})
    residents_basis = Choice(["community", "grid_households"])
    volunteers = ma.fields.Integer(metadata={"description": "Registered, not suspended, living here"})
    ratio = ma.fields.Float(allow_none=True)
    target = ma.fields.Float(metadata={"description": "0.10 urban, 0.06 rural"})
    meets = ma.fields.Boolean()


class MonthHoursSchema(ma.Schema):
    month = ma.fields.String(metadata={"example": "2026-11"})
    hours = Hours(metadata={"description": "Confirmed hours"})


class ResponseSchema(ma.Schema):
    answered = ma.fields.Integer(metadata={"description": "Needs posted in the window that got someone"})
    median_minutes = ma.fields.Float(allow_none=True)
    p90_minutes = ma.fields.Float(allow_none=True)
    window_days = ma.fields.Integer()


class DashboardSatisfactionSchema(ma.Schema):
    ratings = ma.fields.Integer()
    satisfied = ma.fields.Integer(metadata={"description": "Ratings of 4 or 5"})
    rate = ma.fields.Float(allow_none=True)
    average = ma.fields.Float(allow_none=True)
    target = ma.fields.Float()
    meets = ma.fields.Boolean()


class ServedGroupFiguresSchema(ma.Schema):
    code = ma.fields.String()
    name_zh = ma.fields.String()
    name_en = ma.fields.String()
    needs = ma.fields.Integer(metadata={"description": "Needs for this group (a need may serve several)"})
    hours = Hours(metadata={"description": "Confirmed hours on those needs"})


class PartyMembersSchema(ma.Schema):
    volunteers = ma.fields.Integer(metadata={"description": "Verified volunteers reporting as party members"})
    hours = Hours(metadata={"description": "Confirmed hours served as party members"})


class DashboardSchema(ma.Schema):
    scope = ma.fields.Nested(ScopeSchema)
    filters = ma.fields.Nested(FiltersSchema)
    volunteer_ratio = ma.fields.List(ma.fields.Nested(VolunteerRatioSchema))
    hours_by_month = ma.fields.List(ma.fields.Nested(MonthHoursSchema))
    needs_by_status = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    response = ma.fields.Nested(ResponseSchema)
    satisfaction = ma.fields.Nested(DashboardSatisfactionSchema)
    served_groups = ma.fields.List(ma.fields.Nested(ServedGroupFiguresSchema), metadata={
        "description": "Every group, in the taxonomy's order, with none where none were served"})
    party_members = ma.fields.Nested(PartyMembersSchema)
    generated_at = ma.fields.DateTime()


class BoardVolunteersSchema(ma.Schema):
    registered = ma.fields.Integer()
    residents = ma.fields.Integer()
    ratio = ma.fields.Float(allow_none=True)
    target = ma.fields.Float(metadata={"description": "0.10 urban, 0.06 rural"})
    meets = ma.fields.Boolean()


class BoardRequestsSchema(ma.Schema):
    window_days = ma.fields.Integer()
    received = ma.fields.Integer(metadata={"description": "Requests from residents in the window"})
    answered = ma.fields.Integer(metadata={"description": "Of them, made into needs"})
    needs_answered = ma.fields.Integer(metadata={"description": "Needs that got someone on them"})
    median_minutes = ma.fields.Float(allow_none=True, metadata={"description": "From posting to the first person on it"})


class BoardSatisfactionSchema(ma.Schema):
    ratings = ma.fields.Integer()
    rate = ma.fields.Float(allow_none=True)
    target = ma.fields.Float()
    meets = ma.fields.Boolean()


class BoardSocialWorkersSchema(ma.Schema):
    count = ma.fields.Integer()
    by_level = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    meets = ma.fields.Boolean(metadata={"description": "At least one (一社区一社工)"})


class PublicBoardSchema(ma.Schema):
    """A public board (公示): figures only, no personal data."""

    level = ma.fields.String(metadata={"description": "community or grid"})
    community_id = ma.fields.Integer()
    grid_id = ma.fields.Integer(allow_none=True)
    community_name = ma.fields.String()
    name = ma.fields.String()
    kind = ma.fields.String()
    volunteers = ma.fields.Nested(BoardVolunteersSchema)
    hours = Hours(metadata={"description": "Confirmed hours served, all time"})
    requests = ma.fields.Nested(BoardRequestsSchema)
    satisfaction = ma.fields.Nested(BoardSatisfactionSchema)
    social_workers = ma.fields.Nested(BoardSocialWorkersSchema)
    computed_at = ma.fields.AwareDateTime(metadata={"description": "When the scheduler last computed it"})
