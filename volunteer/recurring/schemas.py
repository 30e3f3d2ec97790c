"""Recurring needs: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.needs import Urgency
from volunteer.accounts.schemas import PHONE
from volunteer.schemas import Day, Id, PositionSchema
from volunteer.messages import field_code

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"


class RecurringNeedSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    grid_id = Id(required=True)
    title = ma.fields.String(required=True, validate=validate.Length(1, 100))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    skills = ma.fields.List(ma.fields.String(), required=True, validate=validate.Length(min=1, max=10))
    slots = ma.fields.Integer(load_default=1, validate=validate.Range(1, 100))
    address = ma.fields.String(required=True, validate=validate.Length(1, 200))
    public_place = ma.fields.String(load_default=None, validate=validate.Length(1, 100))
    contact_phone = ma.fields.String(load_default=None, validate=validate.Regexp(PHONE))
    position = ma.fields.Nested(PositionSchema, load_default=None)
    urgency = ma.fields.Enum(Urgency, load_default=Urgency.normal)
    resident_id = Id(load_default=None)
    weekdays = ma.fields.List(ma.fields.Integer(validate=validate.Range(0, 6)), required=True,
                              validate=validate.Length(1, 7), metadata={"description": "0 = Monday"})
    start = ma.fields.String(required=True, validate=validate.Regexp(HHMM), metadata={"example": "09:00"})
    duration_minutes = ma.fields.Integer(required=True, validate=validate.Range(15, 720))
    starts_on = Day(required=True)
    ends_on = Day(load_default=None)
    active = ma.fields.Boolean(dump_only=True)

    @ma.validates_schema
    def ordered_dates(self, data, **kwargs):
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            raise ma.ValidationError(field_code("rule_ends_before_start"), "ends_on")

    @ma.pre_dump
    def from_model(self, t, **kwargs):
        return {"id": t.id, "grid_id": t.grid_id, "title": t.title, "description": t.description,
                "skills": [s.code for s in t.skills], "slots": t.slots, "address": t.address,
                "public_place": t.public_place, "contact_phone": t.contact_phone,
                "position": {"lat": t.lat, "lng": t.lng, "crs": "wgs84"}, "urgency": t.urgency,
                "resident_id": t.resident_id, "weekdays": t.weekdays,
                "start": f"{t.start_minute // 60:02d}:{t.start_minute % 60:02d}",
                "duration_minutes": t.duration_minutes, "starts_on": t.starts_on,
                "ends_on": t.ends_on, "active": t.active}
