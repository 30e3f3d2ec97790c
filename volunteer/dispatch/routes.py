"""Dispatch over HTTP: offers, the response board, "no more offers today", near me."""
from flask_smorest import Blueprint

from volunteer.assignments.routes import IDEMPOTENT
from models import Role
from volunteer.access import STAFF, allow, signed_in
from volunteer.assignments.schemas import AssignmentSchema
from volunteer.auth import current_user
from volunteer.dispatch import schemas, services
from volunteer.dispatch.rules import rounded_distance_m
from volunteer.idempotency import key_from_request
from volunteer.schemas import Page, PageArgsSchema, ReasonArgsSchema

bp = Blueprint("dispatch", __name__, description="Offers to the nearest volunteers, and browsing")


def need_summary(need, metres: float | None) -> dict:
    return {"id": need.id, "title": need.title, "public_place": need.public_place,
            "distance_m": rounded_distance_m(metres) if metres is not None else None,
            "starts_at": need.starts_at, "ends_at": need.ends_at,
            "skills": [s.code for s in need.skills], "urgency": need.urgency.value,
            "slots": need.slots, "taken": need.taken}


@bp.post("/needs/<int:need_id>/offers")
@allow(*STAFF)
@bp.arguments(schemas.MakeOffersArgsSchema)
@bp.response(201, schemas.OfferSchema(many=True))
def make_offers(args, need_id):
    """Staff: offer the need to its best N candidates at once; lapsed or declined offers pass on."""
    return services.make_offers(current_user(), need_id, args["count"])


@bp.get("/needs/<int:need_id>/offers")
@allow(*STAFF)
@bp.response(200, schemas.BoardSchema)
def offer_board(need_id):
    """Staff: the response board, offered / accepted / declined / no answer, per person."""
    need, counts, rows, records = services.offer_board(current_user(), need_id)
    return {"need_id": need.id, "status": need.status.value, "slots": need.slots,
            "taken": need.taken, "offer_batch": need.offer_batch, "counts": counts,
            "rating": need.feedback,
            "people": [{"assignment_id": a.id, "user_id": u.id, "name": u.name,
                        "status": a.status.value, "source": a.source.value,
                        "distance_m": round(a.distance_m) if a.distance_m is not None else None,
                        "offered_at": a.created_at, "responded_at": a.responded_at,
                        "expires_at": a.expires_at,
                        "hours": records[a.id].hours if a.id in records else None,
                        "record_status": records[a.id].status.value if a.id in records else None}
                       for a, u in rows]}


@bp.get("/me/offers")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.MyOfferSchema))
def my_offers(args):
    """My offers waiting for an answer, soonest to lapse first."""
    found = services.my_offers(current_user(), **args)
    return {**found, "items": [{"id": a.id, "expires_at": a.expires_at, "need": need_summary(n, a.distance_m)}
                               for a, n in found["items"]]}


@bp.post("/offers/<int:assignment_id>/accept")
@signed_in
@bp.response(200, schemas.OfferSchema)
@bp.doc(**IDEMPOTENT)
def accept_offer(assignment_id):
    """Take the offered slot: the first to accept wins; later ones get 409 slot_full."""
    return services.accept_offer(current_user(), assignment_id, key_from_request())


@bp.post("/offers/<int:assignment_id>/decline")
@signed_in
@bp.response(200, schemas.OfferSchema)
@bp.doc(**IDEMPOTENT)
def decline_offer(assignment_id):
    """Decline an offer; it passes on to the next candidate."""
    return services.decline_offer(current_user(), assignment_id, key_from_request())


@bp.post("/needs/<int:need_id>/waitlist")
@allow(Role.volunteer)
@bp.response(201, AssignmentSchema)
@bp.doc(**IDEMPOTENT)
def join_waitlist(need_id):
    """Volunteer: wait for a slot on a full need (409 need_has_room while one is free);
    a freed slot is offered to the first on the list who still fits."""
    return services.join_waitlist(current_user(), need_id, key_from_request())


@bp.post("/assignments/<int:assignment_id>/withdraw")
@signed_in
@bp.arguments(ReasonArgsSchema)
@bp.response(200, AssignmentSchema)
@bp.doc(**IDEMPOTENT)
def withdraw(args, assignment_id):
    """"I can't come": leave an accepted task or a waitlist, with a reason. Free until
    WITHDRAW_FREE_HOURS before the start, a late withdrawal after; never a no-show."""
    return services.withdraw(current_user(), assignment_id, args["reason"], key_from_request())


@bp.post("/me/offers/pause")
@signed_in
@bp.response(200, schemas.PauseSchema)
def pause_offers():
    """No more offers for me today (offers already made stay open to answer)."""
    return services.pause_offers(current_user())


@bp.get("/me/nearby-needs")
@signed_in
@bp.arguments(schemas.NearbyArgsSchema, location="query")
@bp.response(200, schemas.NearbyPageSchema)
def nearby_needs(args):
    """Open needs near my home that match my skills, by distance or start time, paged."""
    total, page = services.nearby_needs(current_user(), **args)
    return {"total": total, "page": args["page"], "per_page": args["per_page"],
            "items": [need_summary(n, m) for n, m in page]}
