"""People: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.people import LicenceLevel, VolunteerStatus
from volunteer.masking import mask_phone
from volunteer.schemas import Day, Id, PageArgsSchema, PositionSchema
from volunteer.messages import field_code


class SkillSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.String()
    name_zh = ma.fields.String()
    name_en = ma.fields.String()
    category = ma.fields.String()
    needs_social_worker = ma.fields.Boolean()
    needs_certification = ma.fields.Boolean()


class AvailabilitySchema(ma.Schema):
    weekday = ma.fields.Integer(required=True, validate=validate.Range(0, 6),
                                metadata={"description": "0 = Monday"})
    start = ma.fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$"),
                             metadata={"example": "08:00"})
    end = ma.fields.String(required=True, validate=validate.Regexp(r"^([01]\d|2[0-4]):[0-5]\d$"),
                           metadata={"example": "12:00"})

    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ma.ValidationError(field_code("ends_before_start"), "end")


class VolunteerProfileSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    user_id = Id(dump_only=True)
    home_grid_id = Id(allow_none=True, load_default=None)
    position = ma.fields.Nested(PositionSchema, required=True)
    service_radius_m = ma.fields.Integer(load_default=3000, validate=validate.Range(100, 50_000))
    skills = ma.fields.List(ma.fields.String(), required=True,
                            validate=validate.Length(min=1, error=field_code("choose_at_least_one")))
    availability = ma.fields.List(ma.fields.Nested(AvailabilitySchema), load_default=list)
    on_duty = ma.fields.Boolean(load_default=True)
    party_member = ma.fields.Boolean(load_default=False, metadata={
        "description": "A party member at work reporting to the community (在职党员到社区报到)"})
    party_unit = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 100), metadata={
        "description": "Their work unit, when a party member reporting"})
    consent = ma.fields.Boolean(load_only=True, load_default=False, metadata={
        "description": "Agreement to the service-record rules; needed on the first save"})
    status = ma.fields.Enum(VolunteerStatus, dump_only=True)
    star_level = ma.fields.Integer(dump_only=True)
    applied_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    consented_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    review_note = ma.fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Why staff asked for more or refused (while the status says so)"})
    certifications = ma.fields.List(ma.fields.Nested(lambda: CertificationSchema()), dump_only=True)

    @ma.pre_dump
    def from_model(self, profile, **kwargs):
        return _profile_fields(profile) | {
            "id": profile.id, "user_id": profile.user_id, "home_grid_id": profile.home_grid_id,
            "position": {"lat": profile.lat, "lng": profile.lng, "crs": "wgs84"},
            "service_radius_m": profile.service_radius_m,
            "skills": [s.code for s in profile.skills],
            "availability": [{"weekday": a.weekday, "start": _hhmm(a.start_minute),
                              "end": _hhmm(a.end_minute)} for a in profile.availability],
            "on_duty": profile.on_duty, "status": profile.status, "star_level": profile.star_level,
            "party_member": profile.party_member, "party_unit": profile.party_unit,
        }


def _profile_fields(profile) -> dict:
    """What the volunteer and the staff reviewing them both see of an application."""
    return {"applied_at": profile.applied_at, "consented_at": profile.consented_at,
            "review_note": profile.standing_note,
            "certifications": sorted(profile.certifications, key=lambda c: c.id)}


class RosterArgsSchema(PageArgsSchema):
    grid_id = Id(load_default=None)
    skill = ma.fields.String(load_default=None, validate=validate.Length(1, 40))
    status = ma.fields.Enum(VolunteerStatus, load_default=None)
    min_stars = ma.fields.Integer(load_default=None, validate=validate.Range(0, 5))
    on_duty = ma.fields.Boolean(load_default=None)
    q = ma.fields.String(load_default=None, validate=validate.Length(1, 50), metadata={
        "description": "Part of the name, or the last digits of the phone"})
    party_member = ma.fields.Boolean(load_default=None)
    to_review = ma.fields.Boolean(load_default=False, metadata={
        "description": "Only applications waiting for staff and certificates not yet seen (the verification queue)"})


class RosterEntrySchema(ma.Schema):
    """A volunteer as their grid's staff see them: no address, the phone masked."""

    user_id = ma.fields.Integer()
    name = ma.fields.String()
    phone = ma.fields.String(metadata={"example": "138****1234"})
    home_grid_id = ma.fields.Integer(allow_none=True)
    grid_name = ma.fields.String(allow_none=True)
    skills = ma.fields.List(ma.fields.String())
    service_radius_m = ma.fields.Integer()
    status = ma.fields.Enum(VolunteerStatus)
    star_level = ma.fields.Integer()
    on_duty = ma.fields.Boolean()
    party_member = ma.fields.Boolean()
    party_unit = ma.fields.String(allow_none=True)
    applied_at = ma.fields.AwareDateTime(allow_none=True)
    consented_at = ma.fields.AwareDateTime(allow_none=True)
    review_note = ma.fields.String(allow_none=True)
    certifications = ma.fields.List(ma.fields.Nested(lambda: CertificationSchema()))

    @ma.pre_dump
    def from_row(self, row, **kwargs):
        profile, user, grid = row
        return _profile_fields(profile) | {
            "user_id": user.id, "name": user.name, "phone": mask_phone(user.phone),
            "home_grid_id": profile.home_grid_id, "grid_name": grid.name if grid else None,
            "skills": [s.code for s in profile.skills], "service_radius_m": profile.service_radius_m,
            "status": profile.status, "star_level": profile.star_level, "on_duty": profile.on_duty,
            "party_member": profile.party_member, "party_unit": profile.party_unit,
        }


class SocialWorkerProfileSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    user_id = Id(dump_only=True)
    licence_level = ma.fields.Enum(LicenceLevel, required=True)
    licence_number = ma.fields.String(required=True, validate=validate.Length(1, 40))
    organisation = ma.fields.String(required=True, validate=validate.Length(1, 100))
    specialties = ma.fields.List(ma.fields.String(), load_default=list)
    community_ids = ma.fields.List(Id(), required=True, validate=validate.Length(min=1))

    @ma.pre_dump
    def from_model(self, profile, **kwargs):
        return {
            "id": profile.id, "user_id": profile.user_id, "licence_level": profile.licence_level,
            "licence_number": profile.licence_number, "organisation": profile.organisation,
            "specialties": [s.code for s in profile.specialties],
            "community_ids": [c.id for c in profile.communities],
        }


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


class CertificationSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    skill = ma.fields.String(required=True)
    number = ma.fields.String(required=True, validate=validate.Length(1, 40))
    issued_on = Day(required=True)
    expires_on = Day(required=True)
    checked = ma.fields.Boolean(dump_only=True, metadata={
        "description": "Seen by staff; a certificate counts in matching only once it is"})

    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("issued_on") and data.get("expires_on") and data["expires_on"] <= data["issued_on"]:
            raise ma.ValidationError(field_code("expires_before_issued"), "expires_on")

    @ma.pre_dump
    def from_model(self, cert, **kwargs):
        return {"id": cert.id, "skill": cert.skill.code, "number": cert.number,
                "issued_on": cert.issued_on, "expires_on": cert.expires_on, "checked": cert.checked}
