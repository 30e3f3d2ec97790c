"""Who is calling: a browser session cookie (CSRF-checked on writes) or a bearer token.
What they may do is volunteer.access's.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from models import ApiToken, User, db
from volunteer import clock
from volunteer.errors import Unauthorised
from volunteer.extensions import csrf

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User) -> str:
    """Make a bearer token; only its hash is kept. The caller commits."""
    raw = secrets.token_urlsafe(32)
    days = current_app.config["TOKEN_DAYS"]
    db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(raw),
                            expires_at=clock.now() + timedelta(days=days)))
    return raw


# One statement for the token, its user and their roles: every signed-in request pays for
# it. Built once, so SQLAlchemy keeps its cache key instead of working it out again on each
# request (with the eager loads, that took as long as the lookup itself).
_TOKEN_WITH_USER = (select(ApiToken).where(ApiToken.token_hash == bindparam("token_hash"))
                    .options(joinedload(ApiToken.user).joinedload(User.roles)))


def _live_token(raw: str) -> ApiToken | None:
    token = db.session.scalars(_TOKEN_WITH_USER, {"token_hash": hash_token(raw)}).unique().one_or_none()
    if token is None or token.revoked or token.expires_at <= clock.now() or not token.user.active:
        return None
    return token


def load_caller() -> None:
    """before_request: find the caller; check CSRF when a cookie session writes.

    A cookie session holds a token like a bearer's, kept on the server, so signing out or
    changing the password ends it even on a copy of the cookie."""
    g.user, g.token = None, None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = _live_token(header[7:].strip())
        if token is None:
            raise Unauthorised()
        g.user, g.token = token.user, token
        return
    raw = session.get("sid")
    if raw is not None:
        token = _live_token(raw) if isinstance(raw, str) else None
        if token is None:
            session.clear()
            return
        g.user, g.token = token.user, token
        if request.method in WRITE_METHODS:
            csrf.protect()


def start_session(user: User) -> None:
    """Sign `user` in on this browser: a fresh server-side session behind the cookie."""
    session.clear()
    session["sid"] = issue_token(user)


def end_sessions(user: User, keep: ApiToken | None = None) -> int:
    """Revoke every session and token of `user` but `keep`; how many were ended. The caller commits."""
    ended = 0
    for token in user.tokens:
        if token is not keep and not token.revoked:
            token.revoked, ended = True, ended + 1
    return ended


def current_user() -> User:
    if g.get("user") is None:
        raise Unauthorised()
    return g.user
