"""Stars and no-shows: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.records import StarChangeKind
from volunteer.hours.schemas import NOT_BLANK
from volunteer.schemas import Choice, Hours, Id


class EligibleSchema(ma.Schema):
    user_id = Id()
    name = ma.fields.String()
    star_level = ma.fields.Integer()
    eligible_level = ma.fields.Integer()
    hours = Hours()
    home_grid_id = Id(allow_none=True)
    you_may_approve = ma.fields.Boolean()


class ApproveArgsSchema(ma.Schema):
    level = ma.fields.Integer(load_default=None, validate=validate.Range(1, 10),
                              metadata={"description": "Default: the next level"})


class StarAwardSchema(ma.Schema):
    id = ma.fields.Integer()
    volunteer_id = Id()
    level = ma.fields.Integer()
    kind = Choice(StarChangeKind)
    hours_at_award = Hours()
    approved_by_id = Id(allow_none=True)
    awarded_at = ma.fields.DateTime()


class NoShowArgsSchema(ma.Schema):
    excused = ma.fields.Boolean(required=True)
    reason = ma.fields.String(required=True, validate=[validate.Length(1, 200), NOT_BLANK])


class NoShowSchema(ma.Schema):
    id = ma.fields.Integer()
    assignment_id = Id()
    volunteer_id = Id()
    excused = ma.fields.Boolean()
    reason = ma.fields.String()
    marked_by_id = Id(allow_none=True)
    marked_at = ma.fields.DateTime()
    excused_by_id = Id(allow_none=True)
    excused_at = ma.fields.DateTime(allow_none=True)
