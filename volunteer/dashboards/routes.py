"""The staff dashboard over HTTP."""
from flask_smorest import Blueprint

from volunteer.access import STAFF, allow, public
from volunteer.auth import current_user
from volunteer.dashboards import boards, schemas, services

bp = Blueprint("dashboards", __name__, description="Staff dashboards")


@bp.get("/dashboard")
@allow(*STAFF)
@bp.arguments(schemas.DashboardArgsSchema, location="query")
@bp.response(200, schemas.DashboardSchema)
def dashboard(args):
    """Staff: volunteer ratio against 10%/6%, hours per month, needs, response time, satisfaction."""
    actor = current_user()
    return services.dashboard(actor, **args)


@bp.get("/boards/communities/<int:community_id>")
@public
@bp.response(200, schemas.PublicBoardSchema)
def community_board(community_id):
    """Anyone: the community's public board (公示), as the scheduler last computed it; no personal data."""
    return boards.board(community_id)


@bp.get("/boards/grids/<int:grid_id>")
@public
@bp.response(200, schemas.PublicBoardSchema)
def grid_board(grid_id):
    """Anyone: the grid's public board (公示)."""
    return boards.grid_board(grid_id)
