"""Certificates: shape and format only."""
import marshmallow as ma

from volunteer.masking import mask_name
from volunteer.schemas import Day, Hours
from volunteer.messages import field_code


class PeriodArgsSchema(ma.Schema):
    """A period of local dates (Asia/Shanghai), both days included; by default this year to today."""

    date_from = Day(data_key="from", metadata={"description": "Default: 1 January of `to`'s year"})
    date_to = Day(data_key="to", metadata={"description": "Default: today in Asia/Shanghai"})

    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ma.ValidationError(field_code("period_ends_before_start"), "to")


class VerificationSchema(ma.Schema):
    number = ma.fields.String()
    valid = ma.fields.Boolean(metadata={"description": "The server issued this number"})
    matches_records = ma.fields.Boolean(metadata={
        "description": "The confirmed records of the period still hash to the certificate's content"})
    volunteer = ma.fields.String(metadata={"description": "Masked name"})
    period_from = ma.fields.Date()
    period_to = ma.fields.Date()
    hours = Hours()
    services = ma.fields.Integer()
    community = ma.fields.String(allow_none=True)
    issued_at = ma.fields.DateTime()
    content_hash = ma.fields.String()


def verification_view(found: dict) -> dict:
    c = found["certificate"]
    return {"number": c.number, "valid": True, "matches_records": found["matches_records"],
            "volunteer": mask_name(c.volunteer.name), "period_from": c.period_from,
            "period_to": c.period_to, "hours": c.hours, "services": c.services,
            "community": found["community"].name if found["community"] else None,
            "issued_at": c.issued_at, "content_hash": c.content_hash}
