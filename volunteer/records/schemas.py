"""Service records, corrections, anomalies and check-in codes: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.people import VolunteerStatus
from models.records import RecordStatus, StarChangeKind
from volunteer.hours.schemas import NOT_BLANK
from volunteer.messages import field_code
from volunteer.records.rules import ANOMALY_REASONS
from volunteer.schemas import Choice, Hours, Id, LocalDateTime, PageArgsSchema


class CorrectionSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=[validate.Length(1, 200), NOT_BLANK],
                              metadata={"description": "Why the record is corrected (kept with it)"})
    started_at = LocalDateTime(load_default=None)
    ended_at = LocalDateTime(load_default=None)
    hours = Hours(load_default=None, validate=validate.Range(0, 24), metadata={
        "description": "Hours of actual service (travel not counted); default: the time between start and end"})
    content = ma.fields.String(load_default=None, validate=validate.Length(1, 2000))
    place = ma.fields.String(load_default=None, validate=validate.Length(1, 200))

    @ma.validates_schema
    def ordered_window(self, data, **kwargs):
        starts, ends = data.get("started_at"), data.get("ended_at")
        if starts and ends and ends <= starts:
            raise ma.ValidationError(field_code("ends_before_start"), "ended_at")


class BasicSchema(ma.Schema):
    user_id = Id()
    name = ma.fields.String()
    phone = ma.fields.String(metadata={"description": "Masked"})
    registered_at = ma.fields.DateTime()
    home_grid = ma.fields.String(allow_none=True)
    community = ma.fields.String(allow_none=True)
    skills = ma.fields.List(ma.fields.String())
    status = Choice(VolunteerStatus, allow_none=True)
    star_level = ma.fields.Integer()
    eligible_star_level = ma.fields.Integer(allow_none=True)
    service_hours = Hours()
    training_hours = Hours()


class ServiceEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    need_id = Id()
    need_title = ma.fields.String()
    organiser = ma.fields.String(metadata={"description": "Community · grid"})
    date = ma.fields.String(metadata={"description": "Local date (Asia/Shanghai)"})
    started_at = ma.fields.DateTime()
    ended_at = ma.fields.DateTime()
    hours = Hours(metadata={"description": "Actual service, travel not counted"})
    content = ma.fields.String()
    place = ma.fields.String()
    status = Choice(RecordStatus)
    confirmed_by_id = Id(allow_none=True)
    confirmed_at = ma.fields.DateTime(allow_none=True)
    reject_reason = ma.fields.String(allow_none=True)
    corrects_id = Id(allow_none=True)
    corrected_by_id = Id(allow_none=True)
    correction_reason = ma.fields.String(allow_none=True)
    superseded_by_id = Id(allow_none=True)
    team_id = Id(allow_none=True, metadata={"description": "The team it was served with"})
    team_name = ma.fields.String(allow_none=True)
    waiting_on = ma.fields.List(ma.fields.Nested(lambda: WaitingOnSchema()), metadata={
        "description": "A pending record: who may confirm it (the resident's name masked)"})
    reminded = ma.fields.Boolean(metadata={"description": "A pending record: its confirmers were reminded"})
    escalated = ma.fields.Boolean(metadata={"description": "A pending record: it went to all the grid's staff"})


class WaitingOnSchema(ma.Schema):
    role = ma.fields.String(metadata={"description": "social_worker, resident, or staff (who posted the need)"})
    name = ma.fields.String()


class TrainingEntrySchema(ma.Schema):
    training_id = Id()
    title = ma.fields.String()
    community = ma.fields.String()
    place = ma.fields.String()
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime()
    hours = Hours()


class StarChangeSchema(ma.Schema):
    level = ma.fields.Integer()
    kind = Choice(StarChangeKind)
    hours = Hours()
    at = ma.fields.DateTime()
    approved_by_id = Id(allow_none=True)
    reason = ma.fields.String(allow_none=True)


class CommendationSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(1, 100))
    issuer = ma.fields.String(required=True, validate=validate.Length(1, 100))
    awarded_on = LocalDateTime(required=True)


class CommendationsSchema(ma.Schema):
    stars = ma.fields.List(ma.fields.Nested(StarChangeSchema))
    commendations = ma.fields.List(ma.fields.Nested(CommendationSchema))


class RecordRatingSchema(ma.Schema):
    need_id = Id()
    score = ma.fields.Integer()
    comment = ma.fields.String()
    at = ma.fields.DateTime()


class EvaluationSchema(ma.Schema):
    ratings = ma.fields.List(ma.fields.Nested(RecordRatingSchema))
    average_score = ma.fields.Float(allow_none=True)
    no_shows_last_year = ma.fields.Integer()
    excused_absences_last_year = ma.fields.Integer()
    rejected_records = ma.fields.Integer()


class RecordBookSchema(ma.Schema):
    """The five categories of a volunteer's service record."""

    basic = ma.fields.Nested(BasicSchema)
    services = ma.fields.List(ma.fields.Nested(ServiceEntrySchema), metadata={
        "description": "Newest first, at most 1,000 (services_total counts them all)"})
    services_total = ma.fields.Integer()
    teams = ma.fields.List(ma.fields.Nested(lambda: TeamServedSchema()), metadata={
        "description": "The teams served with: services and confirmed hours with each"})
    training = ma.fields.List(ma.fields.Nested(TrainingEntrySchema))
    commendations = ma.fields.Nested(CommendationsSchema)
    evaluation = ma.fields.Nested(EvaluationSchema)


class TeamServedSchema(ma.Schema):
    organisation_id = Id()
    name = ma.fields.String()
    services = ma.fields.Integer()
    hours = Hours(metadata={"description": "Confirmed hours served with the team"})


class CheckinCodeSchema(ma.Schema):
    code = ma.fields.String()
    valid_for_s = ma.fields.Integer(metadata={"description": "Seconds before the next code"})
    link = ma.fields.String(metadata={"description": "Opens the app and checks in with this code"})
    qr_svg = ma.fields.String(metadata={"description": "The link as a QR code (SVG) to show for scanning"})


class AnomalyArgsSchema(PageArgsSchema):
    since = LocalDateTime(load_default=None, metadata={"description": "Default: 30 days before `until`"})
    until = LocalDateTime(load_default=None, metadata={"description": "Default: now"})

    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ma.ValidationError(field_code("period_reversed"), "until")


class ReasonSchema(ma.Schema):
    code = Choice(ANOMALY_REASONS)
    message_zh = ma.fields.String()
    message_en = ma.fields.String()
    detail = ma.fields.Dict()


class AnomalySchema(ma.Schema):
    record_id = Id()
    volunteer_id = Id()
    volunteer_name = ma.fields.String()
    need_id = Id()
    need_title = ma.fields.String()
    grid_id = Id()
    started_at = ma.fields.DateTime()
    ended_at = ma.fields.DateTime()
    hours = Hours()
    status = Choice(RecordStatus)
    reasons = ma.fields.List(ma.fields.Nested(ReasonSchema))
