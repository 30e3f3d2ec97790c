"""Recurring needs over HTTP (the scheduler makes their instances)."""
from flask_smorest import Blueprint

from models import Role
from volunteer.auth import require_role
from volunteer.recurring import schemas, services

bp = Blueprint("recurring", __name__, description="Needs that come back every week")
STAFF = (Role.social_worker, Role.grid_manager, Role.admin)


@bp.post("/recurring-needs")
@bp.arguments(schemas.RecurringNeedSchema)
@bp.response(201, schemas.RecurringNeedSchema)
def create(args):
    """Staff: a weekly rule, e.g. a visit to a left-behind elder every Tuesday 09:00 for 90 minutes."""
    return services.create_recurring_need(require_role(*STAFF), **args)


@bp.get("/recurring-needs")
@bp.response(200, schemas.RecurringNeedSchema(many=True))
def list_all():
    """Staff: the weekly rules of the grids they serve."""
    return services.list_recurring_needs(require_role(*STAFF))
