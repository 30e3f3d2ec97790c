"""Assignments: shape and format only."""
from datetime import timedelta

import marshmallow as ma
from flask import current_app

from models.assignments import AssignmentSource, AssignmentStatus
from volunteer.schemas import Id, PositionSchema
from volunteer.messages import field_code


class AssignArgsSchema(ma.Schema):
    user_id = Id(required=True)


class PositionArgsSchema(ma.Schema):
    position = ma.fields.Nested(PositionSchema, required=True)


class CheckInArgsSchema(ma.Schema):
    position = ma.fields.Nested(PositionSchema)
    code = ma.fields.String(validate=ma.validate.Regexp(r"^[0-9]{6}$", error=field_code("six_digits")),
                            metadata={"description": "The rotating code shown on the organiser's "
                                                     "or resident's phone, instead of a position"})

    @ma.validates_schema
    def position_or_code(self, data, **kwargs):
        if "position" not in data and "code" not in data:
            raise ma.ValidationError(field_code("position_or_code"), "position")


class CheckOutArgsSchema(PositionArgsSchema):
    content = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000),
                               metadata={"description": "What was done"})


class AssignmentSchema(ma.Schema):
    id = ma.fields.Integer()
    need_id = Id()
    user_id = Id()
    role = ma.fields.String()
    source = ma.fields.Enum(AssignmentSource)
    status = ma.fields.Enum(AssignmentStatus)
    distance_m = ma.fields.Integer(allow_none=True)
    checkin_at = ma.fields.DateTime(allow_none=True)
    checkout_at = ma.fields.DateTime(allow_none=True)
    expires_at = ma.fields.DateTime(allow_none=True, metadata={"description": "An offer's answer-by time"})
    reason = ma.fields.String(allow_none=True, metadata={"description": "Why it was withdrawn or cancelled"})
    withdrawn_late = ma.fields.Boolean(metadata={
        "description": "Withdrawn inside WITHDRAW_FREE_HOURS of the start (counts in reliability)"})
    withdraw_free_until = ma.fields.DateTime(allow_none=True, metadata={
        "description": "An accepted task: until when withdrawing costs nothing"})

    @ma.pre_dump
    def from_model(self, a, **kwargs):
        return {"id": a.id, "need_id": a.need_id, "user_id": a.user_id, "role": a.role,
                "source": a.source, "status": a.status,
                "distance_m": round(a.distance_m) if a.distance_m is not None else None,
                "checkin_at": a.checkin_at, "checkout_at": a.checkout_at, "expires_at": a.expires_at,
                "reason": a.reason, "withdrawn_late": a.withdrawn_late,
                "withdraw_free_until": a.need.starts_at - timedelta(hours=current_app.config["WITHDRAW_FREE_HOURS"])
                if a.status == AssignmentStatus.accepted else None}
