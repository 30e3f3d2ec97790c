"""Places over HTTP."""
from flask_smorest import Blueprint

from models import Grid, Role
from volunteer.access import allow, public
from volunteer.auth import current_user
from volunteer.places import schemas, services

bp = Blueprint("places", __name__, description="Communities and grids")


def dump_grid(grid: Grid) -> dict:
    return {"id": grid.id, "code": grid.code, "name": grid.name,
            "community_id": grid.community_id, "households": grid.households,
            "centre": {"lat": grid.centre_lat, "lng": grid.centre_lng, "crs": "wgs84"},
            "manager_id": grid.manager_id}


@bp.get("/communities")
@public
@bp.response(200, schemas.CommunitySchema(many=True))
def list_communities():
    """All communities (urban and rural) with their street and district."""
    return services.list_communities()


@bp.post("/communities")
@allow(Role.admin)
@bp.arguments(schemas.CommunitySchema)
@bp.response(201, schemas.CommunitySchema)
def create_community(args):
    """Admin: add a community."""
    return services.create_community(current_user(), **args)


@bp.get("/grids")
@public
@bp.arguments(schemas.GridQuerySchema, location="query")
@bp.response(200, schemas.GridSchema(many=True))
def list_grids(args):
    """Grids, optionally of one community."""
    return [dump_grid(g) for g in services.list_grids(args.get("community_id"))]


@bp.get("/grids/near")
@public
@bp.arguments(schemas.NearGridArgsSchema, location="query")
@bp.response(200, schemas.NearGridSchema(many=True))
def grids_near(args):
    """The grids nearest a position (open to anyone, for registering): pick one's home grid."""
    return [{"id": g.id, "code": g.code, "name": g.name, "community_id": g.community_id,
             "community_name": g.community.name, "street": g.community.street,
             "distance_m": int(round(metres, -1))}
            for g, metres in services.grids_near(args["lat"], args["lng"], args["crs"])]


@bp.get("/grids/<int:grid_id>")
@public
@bp.response(200, schemas.GridSchema)
def get_grid(grid_id):
    """One grid."""
    return dump_grid(services.get_grid(grid_id))


@bp.post("/grids")
@allow(Role.admin)
@bp.arguments(schemas.GridSchema)
@bp.response(201, schemas.GridSchema)
def create_grid(args):
    """Admin: add a grid of 300-500 households, optionally naming its manager."""
    return dump_grid(services.create_grid(current_user(), **args))
