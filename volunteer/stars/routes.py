"""Stars and no-shows over HTTP."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow
from volunteer.auth import current_user
from volunteer.idempotency import key_from_request
from volunteer.records.routes import IDEMPOTENT
from volunteer.stars import schemas, services
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("stars", __name__, description="Star approval and no-shows")


@bp.get("/stars/eligible")
@allow(*STAFF)
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.EligibleSchema))
def eligible(args):
    """Staff: volunteers in my grids whose hours reach the next star, waiting for approval."""
    return services.eligible(current_user(), **args)


@bp.post("/stars/<int:user_id>/approve")
@allow(*STAFF)
@bp.arguments(schemas.ApproveArgsSchema)
@bp.response(201, schemas.StarAwardSchema)
@bp.doc(**IDEMPOTENT)
def approve(args, user_id):
    """Staff of the right level: approve the volunteer's next star (no level is skipped)."""
    return services.approve(current_user(), user_id, args["level"], key_from_request())


@bp.post("/assignments/<int:assignment_id>/no-show")
@allow(*STAFF)
@bp.arguments(schemas.NoShowArgsSchema)
@bp.response(201, schemas.NoShowSchema)
@bp.doc(**IDEMPOTENT)
def no_show(args, assignment_id):
    """Staff: mark a no-show (excused or not, with the reason), or excuse one already marked."""
    return services.mark_no_show(current_user(), assignment_id, args["excused"], args["reason"],
                                 key_from_request())
