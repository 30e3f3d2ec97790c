"""Accounts: register, sign in, grant roles, staff-assisted password resets."""
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from models import ApiToken, Grid, Role, User, UserRole, VolunteerProfile, db
from volunteer import audit, clock
from volunteer.accounts.passwords import too_common
from volunteer.access import administers, is_street_admin, staffs_grid
from volunteer.auth import end_sessions
from volunteer.errors import Forbidden, InvalidInput, NotFound, ServiceError
from volunteer.messages import field_code
from volunteer.notify.services import notify

# A hash to compare against when the phone is unknown, so timing does not tell.
_DUMMY_HASH = None


def _current_notice(version: str, field: str) -> None:
    if version != current_app.config["PRIVACY_NOTICE_VERSION"]:
        raise InvalidInput(fields={field: field_code("accept_privacy")})


def accept_privacy_notice(user: User, version: str) -> User:
    """Record that `user` accepted the current personal-information notice."""
    _current_notice(version, "version")
    user.privacy_version, user.privacy_accepted_at = version, clock.now()
    audit.record(user.id, "accept_privacy_notice", f"user:{user.id}", version=version)
    db.session.commit()
    return user


def register(phone: str, password: str, name: str, privacy_version: str, grid_id: int | None = None) -> None:
    """A new resident account; other roles come from profiles or staff grants.

    The answer is the same whether the phone was free or not, and costs the same (one slow
    hash), so registering tells nobody which phones have accounts: a phone already taken
    keeps its account untouched, and the attempt is audited for its owner's staff."""
    _current_notice(privacy_version, "privacy_version")
    if too_common(password, phone):
        raise InvalidInput(fields={"password": field_code("password_too_common")})
    if grid_id is not None and db.session.get(Grid, grid_id) is None:
        raise InvalidInput("unknown_grid", fields={"grid_id": field_code("no_such_grid")})
    password_hash = hash_password(password)
    owner = db.session.scalar(select(User.id).where(User.phone == phone))
    if owner is None:
        user = User(phone=phone, name=name.strip(), password_hash=password_hash,
                    privacy_version=privacy_version, privacy_accepted_at=clock.now())
        user.roles.append(UserRole(role=Role.resident, grid_id=grid_id))
        db.session.add(user)
        try:
            db.session.flush()
            audit.record(user.id, "register", f"user:{user.id}", privacy_version=privacy_version)
            db.session.commit()
            return
        except IntegrityError:  # the same phone registered by a concurrent request
            db.session.rollback()
            owner = db.session.scalar(select(User.id).where(User.phone == phone))
    audit.record(None, "register_taken_phone", f"user:{owner}")
    db.session.commit()


def set_home_grid(actor: User, grid_id: int) -> User:
    """Place oneself in the grid one lives in."""
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise InvalidInput("unknown_grid", fields={"grid_id": field_code("no_such_grid")})
    place_in_grid(actor, grid)
    db.session.commit()
    return actor


def home_grid_id(user: User) -> int | None:
    """The grid a person lives in: the one their resident role names."""
    return next((r.grid_id for r in user.roles if r.role == Role.resident and r.grid_id), None)


def place_in_grid(user: User, grid: Grid) -> None:
    """A person has one home grid: the grid their resident role names."""
    homes = [r for r in user.roles if r.role == Role.resident]
    for extra in homes[1:]:
        user.roles.remove(extra)
    if not homes:
        user.roles.append(UserRole(role=Role.resident, grid_id=grid.id))
    elif homes[0].grid_id != grid.id:
        homes[0].grid_id = grid.id
    else:
        return
    audit.record(user.id, "set_home_grid", f"user:{user.id}", grid_id=grid.id)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_METHOD"])


def authenticate(phone: str, password: str) -> User:
    global _DUMMY_HASH
    user = db.session.scalar(select(User).where(User.phone == phone))
    if user is None or not user.active:
        _DUMMY_HASH = _DUMMY_HASH or hash_password("not a password")
        check_password_hash(_DUMMY_HASH, password)
        raise ServiceError("bad_credentials", 401)
    if not check_password_hash(user.password_hash, password):
        raise ServiceError("bad_credentials", 401)
    if user.password_temporary_until is not None and clock.now() >= user.password_temporary_until:
        raise ServiceError("temporary_password_expired", 401)
    return user


def change_password(user: User, current: str, new: str, keep: ApiToken | None) -> None:
    """A new password for `user`; every session but `keep` (the one asking) ends."""
    if not check_password_hash(user.password_hash, current):
        raise InvalidInput(fields={"current_password": field_code("wrong_password")})
    if too_common(new, user.phone):
        raise InvalidInput(fields={"new_password": field_code("password_too_common")})
    user.password_hash = hash_password(new)
    user.password_temporary_until = None
    ended = end_sessions(user, keep=keep)
    audit.record(user.id, "change_password", f"user:{user.id}", sessions_ended=ended)
    db.session.commit()


# Letters and digits no one misreads aloud or on a screen (no 0/O, 1/I/L).
TEMPORARY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def reset_password(actor: User, user_id: int) -> tuple[str, datetime]:
    """Staff of a person's home grid issue a temporary password, to tell them face to face
    (no SMS on an intranet): it works for PASSWORD_RESET_HOURS and only to choose a new
    password; every session of theirs ends, and they are told who reset it. Staff accounts
    are reset by their own admins, not here."""
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound()
    if user.id == actor.id or any(r.role in (Role.grid_manager, Role.social_worker, Role.admin) for r in user.roles):
        raise Forbidden("not_for_staff_accounts")
    grid_id = home_grid_id(user) or db.session.scalar(
        select(VolunteerProfile.home_grid_id).where(VolunteerProfile.user_id == user.id))
    grid = db.session.get(Grid, grid_id) if grid_id else None
    if not (is_street_admin(actor) or (grid is not None and staffs_grid(actor, grid))):
        raise Forbidden()
    raw = "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(8))
    temporary = f"{raw[:4]}-{raw[4:]}"
    until = clock.now() + timedelta(hours=current_app.config["PASSWORD_RESET_HOURS"])
    user.password_hash = hash_password(temporary)
    user.password_temporary_until = until
    ended = end_sessions(user)
    audit.record(actor.id, "reset_password", f"user:{user.id}", sessions_ended=ended)
    notify(user.id, "password_reset", f"user:{user.id}", name=actor.name, until_at=until)
    db.session.commit()
    return temporary, until


def _admin_reaches(actor: User, grid: Grid | None, community_id: int | None) -> bool:
    """A role is granted within the granter's reach: every scope it names, or the street's."""
    if grid is None and community_id is None:
        return is_street_admin(actor)
    return all(administers(actor, c) for c in {grid.community_id if grid else None, community_id} - {None})


def grant_role(actor: User, user_id: int, role: Role, grid_id: int | None = None,
               community_id: int | None = None) -> User:
    """Give a person a role, scoped to a grid or a community."""
    user = db.session.get(User, user_id)
    if user is None:
        raise InvalidInput("unknown_user", fields={"user_id": field_code("no_such_user")})
    grid = db.session.get(Grid, grid_id) if grid_id is not None else None
    if grid_id is not None and grid is None:
        raise InvalidInput("unknown_grid", fields={"grid_id": field_code("no_such_grid")})
    if not _admin_reaches(actor, grid, community_id):
        raise Forbidden()
    exists = any(r.role == role and r.grid_id == grid_id and r.community_id == community_id
                 for r in user.roles)
    if not exists:
        user.roles.append(UserRole(role=role, grid_id=grid_id, community_id=community_id))
        audit.record(actor.id, "grant_role", f"user:{user.id}", role=role.value,
                     grid_id=grid_id, community_id=community_id)
    db.session.commit()
    return user


def audit_about(actor: User, person_id: int, page: int, per_page: int, action: str | None = None) -> tuple[int, list]:
    """Staff: who read or changed a person in their reach, newest first."""
    person = db.session.get(User, person_id)
    home = home_grid_id(person) if person else None
    grid = db.session.get(Grid, home) if home else None
    if person is None or not (is_street_admin(actor) or (grid is not None and staffs_grid(actor, grid))):
        raise NotFound()
    return audit.events_about(person_id, page, per_page, action)
