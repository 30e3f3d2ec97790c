"""Requests and needs: shape and format only.

The exact address and the resident's phone are dumped only when the service says the
viewer may see them (assignees, the resident, staff of the grid); others get the
rounded public place.
"""
import marshmallow as ma
from marshmallow import validate

from models.assignments import HOLDS_SLOT, AssignmentStatus
from models.needs import NeedStatus, RequestStatus, Urgency
from models.people import LicenceLevel
from volunteer.accounts.schemas import PHONE
from volunteer.masking import mask_phone
from volunteer.schemas import Choice, Day, Id, LocalDateTime, PageArgsSchema, PositionSchema
from volunteer.messages import field_code


class ServedGroupSchema(ma.Schema):
    code = ma.fields.String()
    name_zh = ma.fields.String()
    name_en = ma.fields.String()


class ComingSchema(ma.Schema):
    """Someone holding a place on the need made of a request, as its resident sees them."""

    name = ma.fields.String()
    phone = ma.fields.String(metadata={"description": "Masked: 138****1234"})
    status = Choice(AssignmentStatus)
    checkin_at = ma.fields.DateTime(allow_none=True)
    checkout_at = ma.fields.DateTime(allow_none=True)


def _coming(need) -> list[dict]:
    if need is None:
        return []
    return [{"name": a.user.name, "phone": mask_phone(a.user.phone), "status": a.status,
             "checkin_at": a.checkin_at, "checkout_at": a.checkout_at}
            for a in need.assignments if a.status in HOLDS_SLOT]


class HelpRequestSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    resident_id = Id(load_default=None, metadata={
        "description": "Grid managers: the resident asked for; omitted: yourself"})
    grid_id = Id(load_default=None, metadata={"description": "Default: the resident's grid"})
    skill = ma.fields.String(load_default=None, metadata={"description": "Skill code, if known"})
    description = ma.fields.String(required=True, validate=validate.Length(1, 2000))
    address = ma.fields.String(required=True, validate=validate.Length(1, 200))
    position = ma.fields.Nested(PositionSchema, required=True)
    contact_phone = ma.fields.String(load_default=None, validate=validate.Regexp(PHONE))
    urgency = ma.fields.Enum(Urgency, load_default=Urgency.normal)
    preferred_start = LocalDateTime(load_default=None)
    status = ma.fields.Enum(RequestStatus, dump_only=True)
    need_id = Id(dump_only=True, allow_none=True)
    decline_reason = ma.fields.String(dump_only=True, allow_none=True, metadata={
        "description": "Why staff declined it, or why the resident took it back"})
    coming = ma.fields.List(ma.fields.Nested(ComingSchema), dump_only=True, metadata={
        "description": "Who holds a place on the need, once it is made: the resident sees who comes"})
    starts_at = ma.fields.DateTime(dump_only=True, allow_none=True, metadata={"description": "The need's start"})
    rating = ma.fields.Nested(lambda: RatingSchema(), dump_only=True, allow_none=True, metadata={
        "description": "The resident's rating of the service, once given; null before"})
    created_at = ma.fields.DateTime(dump_only=True)
    resident_name = ma.fields.String(dump_only=True, metadata={"description": "Who the help is for"})
    grid_name = ma.fields.String(dump_only=True)

    @ma.pre_dump
    def from_model(self, req, **kwargs):
        feedback = req.need.feedback if req.need else None
        return {
            "id": req.id, "resident_id": req.resident_id, "grid_id": req.grid_id,
            "resident_name": req.resident.name, "grid_name": req.grid.name,
            "skill": req.skill.code if req.skill else None, "description": req.description,
            "address": req.address, "position": {"lat": req.lat, "lng": req.lng, "crs": "wgs84"},
            "contact_phone": req.contact_phone, "urgency": req.urgency,
            "preferred_start": req.preferred_start, "status": req.status,
            "need_id": req.need.id if req.need else None, "decline_reason": req.decline_reason,
            "rating": feedback, "coming": _coming(req.need),
            "starts_at": req.need.starts_at if req.need else None,
            "created_at": req.created_at,
        }


class WindowMixin:
    @ma.validates_schema
    def ordered_window(self, data, **kwargs):
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            raise ma.ValidationError(field_code("ends_before_start"), "ends_at")


class NeedCreateSchema(WindowMixin, ma.Schema):
    request_id = Id(load_default=None, metadata={
        "description": "The help request this need answers; its place and resident carry over"})
    grid_id = Id(load_default=None)
    title = ma.fields.String(required=True, validate=validate.Length(1, 100))
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "For volunteers to read (a request's own words are not copied: they stay private)"})
    skills = ma.fields.List(ma.fields.String(), required=True, validate=validate.Length(min=1, max=10))
    needs_social_worker = ma.fields.Boolean(load_default=False)
    min_licence_level = ma.fields.Enum(LicenceLevel, load_default=None, metadata={
        "description": "A social worker of at least this licence level (implies needs_social_worker)"})
    slots = ma.fields.Integer(load_default=1, validate=validate.Range(1, 100))
    address = ma.fields.String(load_default=None, validate=validate.Length(1, 200))
    public_place = ma.fields.String(load_default=None, validate=validate.Length(1, 100))
    contact_phone = ma.fields.String(load_default=None, validate=validate.Regexp(PHONE))
    position = ma.fields.Nested(PositionSchema, load_default=None)
    radius_m = ma.fields.Integer(load_default=None, validate=validate.Range(100, 50_000))
    checkin_radius_m = ma.fields.Integer(load_default=None, validate=validate.Range(50, 5000))
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    urgency = ma.fields.Enum(Urgency, load_default=None, metadata={
        "description": "Default: the request's urgency when made from one, else normal"})
    social_worker_id = Id(load_default=None)
    resident_id = Id(load_default=None)
    served_groups = ma.fields.List(ma.fields.String(), load_default=list, validate=validate.Length(max=14), metadata={
        "description": "Who it serves: codes of GET /api/v1/served-groups (空巢老人, 留守儿童...)"})


class NeedChangeSchema(WindowMixin, ma.Schema):
    """What staff may change of an open need; a new time or place is told to everyone on it."""

    title = ma.fields.String(validate=validate.Length(1, 100))
    description = ma.fields.String(validate=validate.Length(max=2000))
    slots = ma.fields.Integer(validate=validate.Range(1, 100), metadata={"description": "Never below the places taken"})
    address = ma.fields.String(validate=validate.Length(1, 200))
    public_place = ma.fields.String(validate=validate.Length(1, 100))
    position = ma.fields.Nested(PositionSchema)
    starts_at = LocalDateTime()
    ends_at = LocalDateTime()
    served_groups = ma.fields.List(ma.fields.String(), validate=validate.Length(max=14))


class NeedSchema(ma.Schema):
    id = ma.fields.Integer()
    grid_id = Id()
    request_id = Id(allow_none=True)
    title = ma.fields.String()
    description = ma.fields.String(metadata={
        "description": "Written by staff for volunteers: no health details or other private words"})
    request_description = ma.fields.String(allow_none=True, metadata={
        "description": "The resident's own words from the request: only for assignees, the resident and grid staff"})
    skills = ma.fields.List(ma.fields.String())
    served_groups = ma.fields.List(ma.fields.String(), metadata={"description": "Who it serves"})
    needs_social_worker = ma.fields.Boolean()
    min_licence_level = ma.fields.Enum(LicenceLevel, allow_none=True)
    slots = ma.fields.Integer()
    taken = ma.fields.Integer()
    public_place = ma.fields.String()
    address = ma.fields.String(allow_none=True, metadata={"description": "Only for assignees and grid staff"})
    contact_phone = ma.fields.String(allow_none=True, metadata={"description": "Only for assignees and grid staff"})
    position = ma.fields.Nested(PositionSchema, allow_none=True, metadata={
        "description": "Exact: assignees and staff only"})
    distance_m = ma.fields.Integer(allow_none=True, metadata={"description": "From the caller's volunteer home"})
    radius_m = ma.fields.Integer()
    checkin_radius_m = ma.fields.Integer()
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime()
    checkin_opens_at = ma.fields.DateTime(metadata={
        "description": "Check-in (and its rotating code) is open from here until ends_at"})
    urgency = ma.fields.Enum(Urgency)
    status = ma.fields.Enum(NeedStatus)
    cancel_reason = ma.fields.String(allow_none=True, metadata={"description": "Why it was cancelled"})
    social_worker_id = Id(allow_none=True)
    resident_id = Id(allow_none=True)


def need_view(need, private: bool, distance_m: float | None = None) -> dict:
    """A need as the viewer may see it."""
    return {
        "id": need.id, "grid_id": need.grid_id, "request_id": need.request_id,
        "title": need.title, "description": need.description,
        "request_description": need.request.description if private and need.request else None,
        "skills": [s.code for s in need.skills], "served_groups": need.served_groups,
        "needs_social_worker": need.needs_social_worker,
        "min_licence_level": need.min_licence_level,
        "slots": need.slots, "taken": need.taken, "public_place": need.public_place,
        "address": need.address if private else None,
        "contact_phone": need.contact_phone if private else None,
        "position": {"lat": need.lat, "lng": need.lng, "crs": "wgs84"} if private else None,
        "distance_m": round(distance_m) if distance_m is not None else None,
        "radius_m": need.radius_m, "checkin_radius_m": need.checkin_radius_m,
        "starts_at": need.starts_at, "ends_at": need.ends_at, "checkin_opens_at": need.checkin_opens_at,
        "urgency": need.urgency,
        "status": need.status, "cancel_reason": need.cancel_reason, "social_worker_id": need.social_worker_id,
        "resident_id": need.resident_id if private else None,
    }


class NeedListArgsSchema(PageArgsSchema):
    status = ma.fields.Enum(NeedStatus, load_default=None)
    grid_id = Id(load_default=None)
    starts_from = Day(load_default=None, metadata={"description": "Needs starting on this local day or later"})
    starts_until = Day(load_default=None, metadata={"description": "Needs starting on this local day or earlier"})

    @ma.validates_schema
    def ordered(self, data, **kwargs):
        if data.get("starts_from") and data.get("starts_until") and data["starts_until"] < data["starts_from"]:
            raise ma.ValidationError(field_code("ends_before_start"), "starts_until")


class RequestListArgsSchema(PageArgsSchema):
    status = ma.fields.Enum(RequestStatus, load_default=None)
    grid_id = Id(load_default=None)
    urgency = ma.fields.Enum(Urgency, load_default=None)
    waited_hours = ma.fields.Integer(load_default=None, validate=validate.Range(0, 24 * 365), metadata={
        "description": "Only requests asked at least this many hours ago"})
    oldest_first = ma.fields.Boolean(load_default=False)


class RatingSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    need_id = Id(dump_only=True)
    score = ma.fields.Integer(required=True, validate=validate.Range(1, 5))
    comment = ma.fields.String(load_default="", validate=validate.Length(max=1000))
    created_at = ma.fields.DateTime(dump_only=True)
