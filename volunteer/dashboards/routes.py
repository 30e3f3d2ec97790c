"""The staff dashboard over HTTP."""
from flask_smorest import Blueprint

from models import Role
from volunteer.auth import require_role
from volunteer.dashboards import schemas, services

bp = Blueprint("dashboards", __name__, description="Staff dashboards")


@bp.get("/dashboard")
@bp.arguments(schemas.DashboardArgsSchema, location="query")
@bp.response(200, schemas.DashboardSchema)
def dashboard(args):
    """Staff: volunteer ratio against 10%/6%, hours per month, needs, response time, satisfaction."""
    actor = require_role(Role.grid_manager, Role.social_worker, Role.admin)
    return services.dashboard(actor, **args)
