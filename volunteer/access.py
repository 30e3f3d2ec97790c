"""Who may do what, in one place.

Each operation declares its callers beside its route, once: `@public` (anyone),
`@signed_in` (any account) or `@allow(*roles)` (whoever holds one of the roles, at any
scope). `authorize` checks the declaration before anything of the request is read, and the
OpenAPI shows it on the operation as `x-access`. Services then check every id the caller
passes against the caller's reach with the scope rules below (grid, community, street, organisation);
no other module reads a role's scope.
"""
from flask import current_app, g, request
from flask_smorest import Blueprint

from sqlalchemy import select

from models import Grid, Role, User, db
from models.organisations import MemberRole, MemberStatus, OrganisationMember
from volunteer.errors import Forbidden, Unauthorised

PUBLIC = "public"
SIGNED_IN = "signed_in"
STAFF = (Role.grid_manager, Role.social_worker, Role.admin)
COMMUNITY_STAFF = (Role.social_worker, Role.admin)


def _declare(view, access):
    view = Blueprint.doc(**{"x-access": access})(view)
    view.access = access
    return view


def public(view):
    """Declare an operation open to callers who have not signed in."""
    return _declare(view, PUBLIC)


def signed_in(view):
    """Declare an operation open to any signed-in account (what it reaches, the service says)."""
    return _declare(view, SIGNED_IN)


def allow(*roles: Role):
    """Declare an operation open to holders of one of `roles`; everyone else is answered 403."""
    return lambda view: _declare(view, sorted(role.value for role in roles))


def while_temporary(view):
    """Open to a person signed in with a temporary password (who may only choose a new one)."""
    view.while_temporary = True
    return view


def authorize() -> None:
    """before_request, after the caller is known: 401 for an anonymous caller of a closed
    operation, 403 for a caller without a declared role; nothing of the request read yet.
    An operation that forgot to declare is treated as signed-in only (a test forbids it)."""
    if request.endpoint is None or not request.path.startswith("/api/v1/"):
        return
    access = getattr(current_app.view_functions.get(request.endpoint), "access", SIGNED_IN)
    if access == PUBLIC:
        return
    if g.get("user") is None:
        raise Unauthorised()
    view = current_app.view_functions.get(request.endpoint)
    if g.user.password_temporary_until is not None and not getattr(view, "while_temporary", False):
        raise Forbidden("password_change_required")
    if access != SIGNED_IN and not any(g.user.has_role(Role(role)) for role in access):
        raise Forbidden()


# Scope rules. A staff role is scoped to a grid (grid managers), a community (social workers,
# admins) or nothing: an admin with neither is the street's (or the city's) staff.

def is_street_admin(user: User) -> bool:
    """An admin with neither a grid nor a community: the street's (or the city's) staff."""
    return any(r.role == Role.admin and r.grid_id is None and r.community_id is None for r in user.roles)


def staffs_grid(user: User, grid: Grid) -> bool:
    """Whether `user` holds a staff role that reaches `grid`."""
    return is_street_admin(user) or any(
        r.role in STAFF and (r.grid_id == grid.id or r.community_id == grid.community_id) for r in user.roles)


def serves_community(user: User, community_id: int) -> bool:
    """Social workers and admins of the community, and street admins: who keep its trainings,
    rewards and social workers."""
    return is_street_admin(user) or any(
        r.role in COMMUNITY_STAFF and r.community_id == community_id for r in user.roles)


def administers(user: User, community_id: int | None) -> bool:
    """Whether `user` may manage people and places of the community (None: of the whole street)."""
    if is_street_admin(user):
        return True
    return community_id is not None and any(
        r.role == Role.admin and r.community_id == community_id for r in user.roles)


def reach_over(user: User, grid: Grid | None) -> str | None:
    """How far `user` reaches over a person of `grid`: "street", "community", "grid" or None
    (the widest of their roles; star approvals are limited by it)."""
    if is_street_admin(user):
        return "street"
    if grid is None:
        return None
    if any(r.role in COMMUNITY_STAFF and r.community_id == grid.community_id for r in user.roles):
        return "community"
    if any(r.role in STAFF and r.grid_id == grid.id for r in user.roles):
        return "grid"
    return None


def is_staff(user: User) -> bool:
    return any(user.has_role(role) for role in STAFF)


def staffed_grid_filter(user: User):
    """A SQL condition on Grid for the grids `user` staffs (None: all of them)."""
    if is_street_admin(user):
        return None
    grid_ids, community_ids = set(), set()
    for r in user.roles:
        if r.role not in STAFF:
            continue
        if r.grid_id is not None:
            grid_ids.add(r.grid_id)
        if r.community_id is not None:
            community_ids.add(r.community_id)
    return Grid.id.in_(grid_ids) | Grid.community_id.in_(community_ids)


def staffs_organisation(user: User, organisation) -> bool:
    """Social workers and admins of a community the organisation serves, and street admins:
    who register, verify and oversee it."""
    return is_street_admin(user) or any(serves_community(user, c.id) for c in organisation.communities)


def leads_organisation(user: User, organisation_id: int) -> bool:
    """Whether `user` is an active leader of the organisation (队长/负责人)."""
    return db.session.scalar(select(OrganisationMember.id).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.user_id == user.id,
        OrganisationMember.role == MemberRole.leader, OrganisationMember.status == MemberStatus.active)) is not None
