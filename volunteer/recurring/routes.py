"""Recurring needs over HTTP (the scheduler makes their instances)."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow
from volunteer.auth import current_user
from volunteer.recurring import schemas, services
from volunteer.schemas import Page, PageArgsSchema

bp = Blueprint("recurring", __name__, description="Needs that come back every week")


@bp.post("/recurring-needs")
@allow(*STAFF)
@bp.arguments(schemas.RecurringNeedSchema)
@bp.response(201, schemas.RecurringNeedSchema)
def create(args):
    """Staff: a weekly rule, e.g. a visit to a left-behind elder every Tuesday 09:00 for 90 minutes."""
    return services.create_recurring_need(current_user(), **args)


@bp.get("/recurring-needs")
@allow(*STAFF)
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.RecurringNeedSchema))
def list_all(args):
    """Staff: the weekly rules of the grids they serve."""
    return services.list_recurring_needs(current_user(), **args)
