"""Offers, the response board and browse: shape and format only."""
import marshmallow as ma
from marshmallow import validate

from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus
from models.records import RecordStatus
from volunteer.schemas import Choice, Hours, Id, PageArgsSchema


class MakeOffersArgsSchema(ma.Schema):
    count = ma.fields.Integer(load_default=None, validate=validate.Range(1, 50), metadata={
        "description": "Offers kept out at once (default OFFER_BATCH)"})


class OfferSchema(ma.Schema):
    """An offer as its volunteer or the staff who made it sees it."""

    id = ma.fields.Integer()
    need_id = Id()
    user_id = Id()
    status = ma.fields.Enum(AssignmentStatus)
    distance_m = ma.fields.Integer(allow_none=True)
    offered_at = ma.fields.DateTime()
    expires_at = ma.fields.DateTime(allow_none=True)
    responded_at = ma.fields.DateTime(allow_none=True)

    @ma.pre_dump
    def from_model(self, a, **kwargs):
        return {"id": a.id, "need_id": a.need_id, "user_id": a.user_id, "status": a.status,
                "distance_m": round(a.distance_m) if a.distance_m is not None else None,
                "offered_at": a.created_at, "expires_at": a.expires_at,
                "responded_at": a.responded_at}


class NeedSummarySchema(ma.Schema):
    """What someone not yet on a need may see: the rounded place, never the address."""

    id = ma.fields.Integer()
    title = ma.fields.String()
    public_place = ma.fields.String()
    distance_m = ma.fields.Integer(metadata={"description": "From your home, to 100 m"})
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime()
    skills = ma.fields.List(ma.fields.String())
    urgency = ma.fields.String()
    slots = ma.fields.Integer()
    taken = ma.fields.Integer()


class MyOfferSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "The offer (assignment) id to accept or decline"})
    expires_at = ma.fields.DateTime()
    need = ma.fields.Nested(NeedSummarySchema)


class BoardRowSchema(ma.Schema):
    assignment_id = Id()
    user_id = Id()
    name = ma.fields.String()
    status = Choice(AssignmentStatus)
    source = Choice(AssignmentSource)
    distance_m = ma.fields.Integer(allow_none=True)
    offered_at = ma.fields.DateTime()
    responded_at = ma.fields.DateTime(allow_none=True)
    expires_at = ma.fields.DateTime(allow_none=True)
    hours = Hours(allow_none=True, metadata={"description": "The hours recorded for this person, once served"})
    record_status = Choice(RecordStatus, allow_none=True, metadata={"description": "pending, verified or rejected"})


class BoardRatingSchema(ma.Schema):
    score = ma.fields.Integer()
    comment = ma.fields.String()


class BoardCountsSchema(ma.Schema):
    offered = ma.fields.Integer(metadata={"description": "Waiting for an answer"})
    accepted = ma.fields.Integer()
    declined = ma.fields.Integer()
    expired = ma.fields.Integer(metadata={"description": "No answer in time (or withdrawn when full)"})


class BoardSchema(ma.Schema):
    need_id = Id()
    status = Choice(NeedStatus)
    slots = ma.fields.Integer()
    taken = ma.fields.Integer()
    offer_batch = ma.fields.Integer(allow_none=True)
    counts = ma.fields.Nested(BoardCountsSchema)
    people = ma.fields.List(ma.fields.Nested(BoardRowSchema))
    rating = ma.fields.Nested(BoardRatingSchema, allow_none=True, metadata={"description": "The resident's, once given"})


class PauseSchema(ma.Schema):
    day = ma.fields.Date(metadata={"description": "The local day with no more offers"})


class NearbyArgsSchema(PageArgsSchema):
    order = ma.fields.String(load_default="distance", validate=validate.OneOf(("distance", "start")))


class NearbyPageSchema(ma.Schema):
    total = ma.fields.Integer()
    page = ma.fields.Integer()
    per_page = ma.fields.Integer()
    items = ma.fields.List(ma.fields.Nested(NeedSummarySchema))
