"""Reports: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.records import RecordStatus
from volunteer.schemas import Day
from volunteer.messages import field_code


class PeriodMixin:
    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ma.ValidationError(field_code("period_ends_before_start"), "to")


class SatisfactionArgsSchema(PeriodMixin, ma.Schema):
    level = ma.fields.String(load_default="grid", validate=validate.OneOf(("grid", "community", "street")))
    date_from = Day(load_default=None, data_key="from")
    date_to = Day(load_default=None, data_key="to")


class SatisfactionRowSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True, metadata={"description": "Grid or community id; none for a street"})
    name = ma.fields.String()
    code = ma.fields.String(allow_none=True, metadata={"description": "Grid code"})
    parent = ma.fields.String(metadata={"description": "Where it sits: community, or district and street"})
    ratings = ma.fields.Integer()
    satisfied = ma.fields.Integer(metadata={"description": "Ratings of 4 or 5"})
    share = ma.fields.Float(allow_none=True, metadata={"description": "satisfied / ratings"})
    meets_target = ma.fields.Boolean(allow_none=True)


class SatisfactionSchema(ma.Schema):
    level = ma.fields.String()
    target = ma.fields.Float(metadata={"description": "Share to reach, 0.8 by the plan"})
    rows = ma.fields.List(ma.fields.Nested(SatisfactionRowSchema))


class ExportArgsSchema(PeriodMixin, ma.Schema):
    date_from = Day(load_default=None, data_key="from")
    date_to = Day(load_default=None, data_key="to")
    status = ma.fields.Enum(RecordStatus, load_default=None)
