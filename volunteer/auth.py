"""Who is calling: a browser session cookie (CSRF-checked on writes) or a bearer token.
What they may do is volunteer.access's.
"""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy import select

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


def current_user() -> User:
    if g.get("user") is None:
        raise Unauthorised()
    return g.user
