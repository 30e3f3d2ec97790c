"""Places: communities and their grids."""
from flask import current_app
from sqlalchemy import or_, select

from models import Community, Grid, Need, Role, User, UserRole, db
from volunteer import audit
from volunteer.access import administers, is_street_admin
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.geo import Point, bounding_box, precise_distance_m, to_wgs84
from volunteer.messages import field_code


def list_communities() -> list[Community]:
    return list(db.session.scalars(select(Community).order_by(Community.id)))


def list_grids(community_id: int | None = None) -> list[Grid]:
    query = select(Grid).order_by(Grid.code)
    if community_id is not None:
        query = query.where(Grid.community_id == community_id)
    return list(db.session.scalars(query))


def grids_near(lat: float, lng: float, crs: str = "wgs84") -> list[tuple[Grid, float]]:
    """The nearest grids to a position, with their metres away: for placing oneself in one."""
    here = to_wgs84(lat, lng, crs)
    within_m = current_app.config["NEAR_GRIDS_KM"] * 1000
    min_lat, max_lat, min_lng, max_lng = bounding_box(here, within_m)
    boxed = db.session.scalars(select(Grid).where(
        Grid.centre_lat.between(min_lat, max_lat), Grid.centre_lng.between(min_lng, max_lng)))
    near = [(grid, precise_distance_m(here, Point(grid.centre_lat, grid.centre_lng))) for grid in boxed]
    near = sorted((pair for pair in near if pair[1] <= within_m), key=lambda pair: (pair[1], pair[0].id))
    return near[:current_app.config["NEAR_GRIDS_LIMIT"]]


def get_grid(grid_id: int) -> Grid:
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise NotFound()
    return grid


def create_community(actor: User, **fields) -> Community:
    """The street's admin adds a community; a community's admin cannot make others."""
    if not is_street_admin(actor):
        raise Forbidden()
    community = Community(**fields)
    db.session.add(community)
    db.session.flush()
    audit.record(actor.id, "create_community", f"community:{community.id}")
    db.session.commit()
    return community


def create_grid(actor: User, code: str, name: str, community_id: int, households: int,
                centre: dict, manager_id: int | None = None) -> Grid:
    """A grid; its manager, if named, gets the grid_manager role for it."""
    if db.session.get(Community, community_id) is None:
        raise InvalidInput(fields={"community_id": field_code("no_such_community")})
    if not administers(actor, community_id):
        raise Forbidden()
    if db.session.scalar(select(Grid.id).where(Grid.code == code)) is not None:
        raise Conflict(fields={"code": field_code("already_used")})
    point = to_wgs84(centre["lat"], centre["lng"], centre["crs"])
    grid = Grid(code=code, name=name, community_id=community_id, households=households,
                centre_lat=point.lat, centre_lng=point.lng)
    db.session.add(grid)
    db.session.flush()
    if manager_id is not None:
        manager = db.session.get(User, manager_id)
        if manager is None:
            raise InvalidInput("unknown_user", fields={"manager_id": field_code("no_such_user")})
        grid.manager_id = manager.id
        manager.roles.append(UserRole(role=Role.grid_manager, grid_id=grid.id))
    audit.record(actor.id, "create_grid", f"grid:{grid.id}")
    db.session.commit()
    return grid


def grid_staff_ids(grid: Grid, need: Need | None = None) -> set[int]:
    """Who looks after a grid: its manager(s), the social workers of the grid or its
    community, and the need's own social worker."""
    people = set(db.session.scalars(select(UserRole.user_id).where(
        or_((UserRole.role == Role.grid_manager) & (UserRole.grid_id == grid.id),
            (UserRole.role == Role.social_worker)
            & or_(UserRole.grid_id == grid.id, UserRole.community_id == grid.community_id)))))
    people |= {i for i in (grid.manager_id, need.social_worker_id if need else None) if i is not None}
    return people
