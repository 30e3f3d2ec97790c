"""Help requests and needs over HTTP."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow, public, signed_in
from volunteer.auth import current_user
from volunteer.needs import groups, schemas, services
from volunteer.needs.schemas import need_view
from volunteer.schemas import Page, ReasonArgsSchema

bp = Blueprint("needs", __name__, description="Help requests and needs")


@bp.post("/requests")
@signed_in
@bp.arguments(schemas.HelpRequestSchema)
@bp.response(201, schemas.HelpRequestSchema)
def submit_request(args):
    """Ask for help (a resident), or ask on a resident's behalf (their grid manager)."""
    return services.submit_request(current_user(), **args)


@bp.get("/served-groups")
@public
@bp.response(200, schemas.ServedGroupSchema(many=True))
def list_served_groups():
    """Who a service may be for (空巢老人, 留守儿童...), in Chinese and English."""
    return [{"code": code, "name_zh": zh, "name_en": en} for code, zh, en in groups.SERVED_GROUPS]


@bp.get("/requests")
@signed_in
@bp.arguments(schemas.RequestListArgsSchema, location="query")
@bp.response(200, Page(schemas.HelpRequestSchema))
def list_requests(args):
    """My requests; for staff, the request queue of the grids they serve, filtered by status,
    grid, urgency and how long they have waited."""
    return services.list_requests(current_user(), **args)


@bp.get("/requests/<int:request_id>")
@signed_in
@bp.response(200, schemas.HelpRequestSchema)
def get_request(request_id):
    """One request, for its resident, whoever submitted it, and grid staff."""
    return services.get_request(current_user(), request_id)


@bp.post("/requests/<int:request_id>/decline")
@allow(*STAFF)
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.HelpRequestSchema)
def decline_request(args, request_id):
    """Staff: decline a request, with the reason the resident will read."""
    return services.decline_request(current_user(), request_id, args["reason"])


@bp.post("/requests/<int:request_id>/cancel")
@signed_in
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.HelpRequestSchema)
def cancel_request(args, request_id):
    """The resident, or whoever asked for them: take the request back before it is served
    (its need, if made, is cancelled and everyone on it told)."""
    return services.cancel_request(current_user(), request_id, args["reason"])


@bp.post("/needs")
@allow(*STAFF)
@bp.arguments(schemas.NeedCreateSchema)
@bp.response(201, schemas.NeedSchema)
def create_need(args):
    """Staff: post a need, or turn a help request into one (request_id)."""
    return need_view(services.create_need(current_user(), **args), private=True)


@bp.get("/needs")
@signed_in
@bp.arguments(schemas.NeedListArgsSchema, location="query")
@bp.response(200, Page(schemas.NeedSchema))
def list_needs(args):
    """Staff: their grids' needs, by status, grid and start day. Others: open needs, with the
    rounded place only."""
    user = current_user()
    found = services.list_needs(user, **args)
    return {**found, "items": [need_view(*v) for v in services.viewed(user, found["items"])]}


@bp.get("/needs/<int:need_id>")
@signed_in
@bp.response(200, schemas.NeedSchema)
def get_need(need_id):
    """One need; the exact address and phone only for assignees, the resident and grid staff."""
    user = current_user()
    return need_view(*services.viewed(user, [services.get_need(need_id)])[0])


@bp.patch("/needs/<int:need_id>")
@allow(*STAFF)
@bp.arguments(schemas.NeedChangeSchema)
@bp.response(200, schemas.NeedSchema)
def change_need(args, need_id):
    """Staff: change an open need. A new time or place is told to everyone on it, who may
    then withdraw at no cost."""
    return need_view(services.change_need(current_user(), need_id, args), private=True)


@bp.post("/needs/<int:need_id>/cancel")
@allow(*STAFF)
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.NeedSchema)
def cancel_need(args, need_id):
    """Staff: cancel a need, with a reason; everyone on it (and the resident) is told, and
    no one is ever marked absent for it."""
    return need_view(services.cancel_need(current_user(), need_id, args["reason"]), private=True)


@bp.post("/needs/<int:need_id>/rating")
@signed_in
@bp.arguments(schemas.RatingSchema)
@bp.response(201, schemas.RatingSchema)
def rate(args, need_id):
    """The resident served: rate the completed service (1-5 and a comment)."""
    return services.rate_need(current_user(), need_id, args["score"], args["comment"])
