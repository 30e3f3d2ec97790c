"""Hours, stars and points: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.records import RecordStatus
from volunteer.schemas import Hours, Id, PageArgsSchema
from volunteer.messages import field_code


class ServiceRecordSchema(ma.Schema):
    id = ma.fields.Integer()
    assignment_id = Id()
    need_id = Id()
    volunteer_id = Id()
    started_at = ma.fields.DateTime()
    ended_at = ma.fields.DateTime()
    hours = Hours()
    content = ma.fields.String()
    place = ma.fields.String()
    status = ma.fields.Enum(RecordStatus)
    confirmed_by_id = Id(allow_none=True)
    confirmed_at = ma.fields.DateTime(allow_none=True)
    reject_reason = ma.fields.String(allow_none=True)
    corrects_id = Id(allow_none=True)
    corrected_by_id = Id(allow_none=True)
    correction_reason = ma.fields.String(allow_none=True)


class RecordListArgsSchema(PageArgsSchema):
    status = ma.fields.Enum(RecordStatus, load_default=RecordStatus.pending)


NOT_BLANK = validate.Regexp(r"\s*\S", error=field_code("give_reason"))


class RejectSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=[validate.Length(1, 200), NOT_BLANK])


class SummarySchema(ma.Schema):
    hours = Hours(metadata={"description": "Confirmed hours, all time"})
    star_level = ma.fields.Integer(metadata={"description": "Approved star level"})
    eligible_star_level = ma.fields.Integer(
        allow_none=True, metadata={"description": "Level the hours reach, waiting for staff approval"})
    next_star_hours = ma.fields.Integer(allow_none=True, metadata={"description": "Threshold of the next star"})
    points = ma.fields.Integer(metadata={"description": "Points balance (time bank)"})
    pending_records = ma.fields.Integer()
