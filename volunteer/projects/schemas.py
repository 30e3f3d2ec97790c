"""Projects and evaluation packs: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from volunteer.messages import field_code
from volunteer.organisations.schemas import CommunityRefSchema
from volunteer.schemas import Day, Hours, Id


class ProjectCreateSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=validate.Length(2, 100))
    funder = ma.fields.String(required=True, validate=validate.Length(2, 100), metadata={
        "description": "Who buys the service (购买方), e.g. 某区民政局"})
    organisation_id = Id(required=True, metadata={"description": "The verified organisation that delivers it"})
    community_ids = ma.fields.List(Id(), required=True, validate=validate.Length(1, 20))
    starts_on = Day(required=True)
    ends_on = Day(required=True)
    budget = Hours(required=True, validate=validate.Range(0, 100_000_000), metadata={
        "description": "Yuan, to the fen", "example": 200000})
    target_people = ma.fields.Integer(required=True, validate=validate.Range(0, 1_000_000))
    target_hours = Hours(required=True, validate=validate.Range(0, 10_000_000))
    target_satisfaction = ma.fields.Integer(load_default=80, validate=validate.Range(0, 100), metadata={
        "description": "Percent of ratings of 4 or 5 (the plan's target is 80)"})

    @ma.validates_schema
    def ordered_period(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ma.ValidationError(field_code("period_ends_before_start"), "ends_on")


class TargetsSchema(ma.Schema):
    people = ma.fields.Integer()
    hours = Hours()
    satisfaction = ma.fields.Integer(metadata={"description": "Percent"})


class ProgressSchema(ma.Schema):
    needs = ma.fields.Integer()
    services = ma.fields.Integer(metadata={"description": "Confirmed services"})
    hours = Hours(metadata={"description": "Confirmed hours"})
    people = ma.fields.Integer(metadata={"description": "Residents served (with a confirmed service)"})
    ratings = ma.fields.Integer()
    satisfaction = ma.fields.Float(allow_none=True, metadata={"description": "Percent of ratings of 4 or 5"})
    people_percent = ma.fields.Float(allow_none=True)
    hours_percent = ma.fields.Float(allow_none=True)
    satisfaction_met = ma.fields.Boolean()


class ProjectSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    funder = ma.fields.String()
    organisation_id = ma.fields.Integer()
    organisation = ma.fields.String()
    communities = ma.fields.List(ma.fields.Nested(CommunityRefSchema))
    starts_on = ma.fields.Date()
    ends_on = ma.fields.Date()
    budget = ma.fields.String(metadata={"description": "Yuan, two decimals", "example": "200000.00"})
    targets = ma.fields.Nested(TargetsSchema)
    progress = ma.fields.Nested(ProgressSchema)


class NeedRefArgsSchema(ma.Schema):
    need_id = Id(required=True)


class ActivityRefArgsSchema(ma.Schema):
    activity_id = Id(required=True)


class PackSchema(ma.Schema):
    """An issued pack: its number, how many entries, the head hash, where to verify it."""

    number = ma.fields.String()
    entries = ma.fields.Integer()
    hours = Hours()
    head_hash = ma.fields.String()
    issued_at = ma.fields.AwareDateTime()
    verify_url = ma.fields.String()


class PackVerificationSchema(ma.Schema):
    number = ma.fields.String()
    project = ma.fields.Dict(metadata={"description": "The project as the pack states it"})
    entries = ma.fields.Integer()
    hours = Hours()
    head_hash = ma.fields.String()
    issued_at = ma.fields.AwareDateTime()
    matches_records = ma.fields.Boolean(metadata={"description": "The records, rehashed now, give the same head"})


class PackCheckArgsSchema(ma.Schema):
    entries = ma.fields.List(ma.fields.Dict(), required=True, validate=validate.Length(max=200_000))
    head_hash = ma.fields.String(load_default=None, validate=validate.Length(64, 64))


class PackCheckSchema(ma.Schema):
    number = ma.fields.String()
    intact = ma.fields.Boolean(metadata={"description": "The copy is the pack as issued"})
    first_difference = ma.fields.Integer(allow_none=True, metadata={"description": "Index of the first entry that differs"})
    head_hash = ma.fields.String(metadata={"description": "The head the server issued"})
