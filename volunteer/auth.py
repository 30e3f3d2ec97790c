"""Who is calling: a browser session cookie (CSRF-checked on writes) or a bearer token.

Staff roles are scoped: a grid manager to grids, a social worker or admin to communities
(an admin with no scope is street/district staff and reaches everything).
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy import select

from models import ApiToken, Grid, Role, User, db
from volunteer import clock
from volunteer.errors import Forbidden, Unauthorised
from volunteer.extensions import csrf

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
STAFF_ROLES = (Role.grid_manager, Role.social_worker, Role.admin)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User) -> str:
    """Make a bearer token; only its hash is kept. The caller commits."""
    raw = secrets.token_urlsafe(32)
    days = current_app.config["TOKEN_DAYS"]
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(raw),
                            expires_at=clock.now() + timedelta(days=days)))
    return raw


def load_caller() -> None:
    """before_request: find the caller; check CSRF when a cookie session writes."""
    g.user, g.token = None, None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = db.session.scalar(
            select(ApiToken).where(ApiToken.token_hash == hash_token(header[7:].strip()))
        )
        if token is None or token.revoked or token.expires_at <= clock.now() or not token.user.active:
            raise Unauthorised()
        g.user, g.token = token.user, token
        return
    user_id = session.get("user_id")
    if user_id is not None:
        user = db.session.get(User, user_id)
        if user is None or not user.active:
            session.clear()
            return
        g.user = user
        if request.method in WRITE_METHODS:
            csrf.protect()


def public(view):
    """Declare an operation open to callers who have not signed in (every other one is not)."""
    view.public = True
    return view


def require_sign_in() -> None:
    """before_request, after load_caller: an operation that is not public answers 401 to an
    anonymous caller before anything of the request is read."""
    if request.endpoint is None or not request.path.startswith("/api/v1/"):
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and not getattr(view, "public", False) and g.user is None:
        raise Unauthorised()


def current_user() -> User:
    if g.get("user") is None:
        raise Unauthorised()
    return g.user


def require_role(*roles: Role) -> User:
    """The caller, if they hold at least one of `roles`; otherwise 403."""
    user = current_user()
    if not any(user.has_role(r) for r in roles):
        raise Forbidden()
    return user


def staffs_grid(user: User, grid: Grid) -> bool:
    """Whether `user` holds a staff role that reaches `grid`."""
    for r in user.roles:
        if r.role not in STAFF_ROLES:
            continue
        if r.grid_id is None and r.community_id is None and r.role == Role.admin:
            return True
        if r.grid_id == grid.id or r.community_id == grid.community_id:
            return True
    return False


def is_street_admin(user: User) -> bool:
    """An admin with neither a grid nor a community: the street's (or the city's) staff."""
    return any(r.role == Role.admin and r.grid_id is None and r.community_id is None for r in user.roles)


def administers(user: User, community_id: int | None) -> bool:
    """Whether `user` may manage people and places of the community (None: of the whole street)."""
    if is_street_admin(user):
        return True
    return community_id is not None and any(
        r.role == Role.admin and r.community_id == community_id for r in user.roles)


def staffed_grid_filter(user: User):
    """A SQL condition on Grid for the grids `user` staffs (None: all of them)."""
    grid_ids, community_ids = set(), set()
    for r in user.roles:
        if r.role not in STAFF_ROLES:
            continue
        if r.role == Role.admin and r.grid_id is None and r.community_id is None:
            return None
        if r.grid_id is not None:
            grid_ids.add(r.grid_id)
        if r.community_id is not None:
            community_ids.add(r.community_id)
    return Grid.id.in_(grid_ids) | Grid.community_id.in_(community_ids)
