"""Trainings: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from volunteer.schemas import Hours, Id, LocalDateTime, PageArgsSchema
from volunteer.messages import field_code


class TrainingSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    community_id = Id(required=True)
    title = ma.fields.String(required=True, validate=validate.Length(1, 100))
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    place = ma.fields.String(required=True, validate=validate.Length(1, 200))
    capacity = ma.fields.Integer(required=True, validate=validate.Range(1, 1000))
    attended = ma.fields.Integer(dump_only=True)
    created_by_id = Id(dump_only=True)

    @ma.validates_schema
    def ordered_window(self, data, **kwargs):
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            raise ma.ValidationError(field_code("ends_before_start"), "ends_at")


class TrainingListArgsSchema(PageArgsSchema):
    community_id = Id(load_default=None)


class AttendanceArgsSchema(ma.Schema):
    user_id = Id(required=True)
    hours = Hours(load_default=None, validate=validate.Range(min=0, min_inclusive=False, max=24),
                  metadata={"description": "Hours of training; default: the whole training"})


class AttendanceSchema(ma.Schema):
    id = ma.fields.Integer()
    training_id = Id()
    volunteer_id = Id()
    hours = Hours()
    marked_by_id = Id()
    marked_at = ma.fields.DateTime()


class MyTrainingSchema(ma.Schema):
    training_id = Id()
    title = ma.fields.String()
    place = ma.fields.String()
    community_id = Id()
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime()
    hours = Hours()

    @ma.pre_dump
    def from_rows(self, row, **kwargs):
        attendance, training = row
        return {"training_id": training.id, "title": training.title, "place": training.place,
                "community_id": training.community_id, "starts_at": training.starts_at,
                "ends_at": training.ends_at, "hours": attendance.hours}
