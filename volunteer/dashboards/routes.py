"""The staff dashboard over HTTP."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow
from volunteer.auth import current_user
from volunteer.dashboards import schemas, services

bp = Blueprint("dashboards", __name__, description="Staff dashboards")


@bp.get("/dashboard")
@allow(*STAFF)
@bp.arguments(schemas.DashboardArgsSchema, location="query")
@bp.response(200, schemas.DashboardSchema)
def dashboard(args):
    """Staff: volunteer ratio against 10%/6%, hours per month, needs, response time, satisfaction."""
    actor = current_user()
    return services.dashboard(actor, **args)
