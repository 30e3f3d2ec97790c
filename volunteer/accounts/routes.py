"""Accounts over HTTP: register, login (cookie or token), logout, me, role grants."""
import json

from flask import Response, current_app, g, request, session
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from models import Role, db
from volunteer.accounts import personal_data, schemas, services
from volunteer import audit
from volunteer.access import STAFF, allow, public, signed_in, while_temporary
from volunteer.auth import current_user, issue_token, start_session
from volunteer.extensions import limiter
from volunteer.masking import mask_name

bp = Blueprint("accounts", __name__, description="Accounts and sessions")


def own_password_guesses(scope: str):
    """Wrong guesses of one's own password (asked again to change it or delete the account)
    are limited per account and per address, like sign-in."""
    per_account = limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_PHONE"],
                                key_func=lambda: f"user:{g.user.id}", scope=f"{scope}-user",
                                deduct_when=lambda answer: answer.status_code == 422)
    per_address = limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"], scope=f"{scope}-address",
                                deduct_when=lambda answer: answer.status_code == 422)
    return lambda view: per_account(per_address(view))


def _phone_asked() -> str:
    """The phone a sign-in names: wrong passwords count against it, whoever sends them."""
    body = request.get_json(silent=True)
    phone = body.get("phone") if isinstance(body, dict) else None
    return f"phone:{phone}" if isinstance(phone, str) else "phone:"


@bp.post("/auth/register")
@public
@limiter.limit(lambda: current_app.config["REGISTRATIONS_PER_ADDRESS"], scope="register-address")
@bp.arguments(schemas.RegisterSchema)
@bp.response(202, schemas.RegisteredSchema)
def register(args):
    """Register with phone, password and real name (as a resident), then sign in. The answer
    is the same for a phone that already has an account (which is left as it was), so it
    tells no one which phones are registered; signing in is what succeeds or not."""
    services.register(**args)
    return {"phone": args["phone"], "next": "sign_in"}


@bp.get("/privacy-notice")
@public
@bp.response(200, schemas.PrivacyNoticeSchema)
def privacy_notice():
    """The personal-information notice one accepts at registration: its version and page."""
    return {"version": current_app.config["PRIVACY_NOTICE_VERSION"], "url": "/privacy"}


@bp.put("/me/privacy-consent")
@signed_in
@bp.arguments(schemas.ConsentSchema)
@bp.response(200, schemas.UserSchema)
def accept_privacy_notice(args):
    """Accept the current notice (accounts made by staff, or when a new version comes)."""
    return services.accept_privacy_notice(current_user(), args["version"])


@bp.post("/auth/login")
@public
@limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_PHONE"], key_func=lambda: _phone_asked(),
               scope="login-phone", deduct_when=lambda answer: answer.status_code == 401)
@limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"], scope="login-address",
               deduct_when=lambda answer: answer.status_code == 401)
@bp.arguments(schemas.LoginSchema)
@bp.response(200, schemas.SessionSchema)
def login(args):
    """Sign in: sets an HttpOnly session cookie; with token=true also returns a bearer token."""
    user = services.authenticate(args["phone"], args["password"])
    start_session(user)
    token = issue_token(user) if args["token"] else None
    db.session.commit()
    return {"user": user, "csrf_token": generate_csrf(), "token": token}


@bp.post("/auth/logout")
@signed_in
@while_temporary
@bp.response(204)
def logout():
    """Sign out: ends this browser's session, or revokes the bearer token used."""
    current_user()
    g.token.revoked = True
    db.session.commit()
    session.clear()


@bp.put("/me/password")
@signed_in
@while_temporary
@own_password_guesses("password")
@bp.arguments(schemas.PasswordChangeSchema)
@bp.response(204)
def change_password(args):
    """Change my password; every other session and token of mine is signed out."""
    services.change_password(current_user(), args["current_password"], args["new_password"], keep=g.token)


@bp.get("/me")
@signed_in
@while_temporary
@bp.response(200, schemas.SessionSchema)
def me():
    """Who I am, with a fresh CSRF token for the browser."""
    return {"user": current_user(), "csrf_token": generate_csrf(), "token": None}


@bp.put("/me/home-grid")
@signed_in
@bp.arguments(schemas.HomeGridSchema)
@bp.response(200, schemas.UserSchema)
def set_home_grid(args):
    """Place myself in the grid I live in; my requests for help go to its queue."""
    return services.set_home_grid(current_user(), args["grid_id"])


def _audit_page(total, rows, page, per_page, masked: bool) -> dict:
    return {"total": total, "page": page, "per_page": per_page, "items": [
        {"id": e.id, "at": e.at, "action": e.action, "via": (e.detail or {}).get("via"), "actor_id": e.actor_id,
         "actor_name": (mask_name(actor.name) if masked else actor.name) if actor else None}
        for e, actor in rows]}


@bp.get("/me/data")
@signed_in
@bp.doc(responses={"200": {"description": "Everything held about me, as a JSON file",
                           "content": {"application/json": {"schema": {"type": "object"}}}}})
def my_data():
    """Everything the service holds about me, to download (个人信息保护法: the right to a copy)."""
    body = json.dumps(personal_data.everything_about(current_user()), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="my-data.json"', "Cache-Control": "no-store"})


@bp.post("/me/deletion")
@signed_in
@own_password_guesses("deletion")
@bp.arguments(schemas.DeletionSchema)
@bp.response(204)
def delete_me(args):
    """Delete my account: my name, phone, password, home position and addresses go; the service
    records and points the record rules keep stay, no longer saying whose they were."""
    personal_data.delete_account(current_user(), args["password"])
    session.clear()


@bp.get("/me/audit")
@signed_in
@bp.arguments(schemas.AuditArgsSchema, location="query")
@bp.response(200, schemas.AuditPageSchema)
def my_audit(args):
    """Who was shown my phone and address, and what was changed of me (个人信息保护法: the right to know)."""
    total, rows = audit.events_about(current_user().id, args["page"], args["per_page"], args["action"])
    return _audit_page(total, rows, args["page"], args["per_page"], masked=True)


@bp.get("/users/<int:user_id>/audit")
@allow(*STAFF)
@bp.arguments(schemas.AuditArgsSchema, location="query")
@bp.response(200, schemas.AuditPageSchema)
def person_audit(args, user_id):
    """Staff: who read the phone and address of a person in their reach, and what was changed."""
    total, rows = services.audit_about(current_user(), user_id, args["page"], args["per_page"], args["action"])
    return _audit_page(total, rows, args["page"], args["per_page"], masked=False)


@bp.post("/users/<int:user_id>/roles")
@allow(Role.admin)
@bp.arguments(schemas.RoleSchema)
@bp.response(200, schemas.UserSchema)
def grant_role(args, user_id):
    """Admin: give a person a role, scoped to a grid or community."""
    actor = current_user()
    return services.grant_role(actor, user_id, **args)


@bp.post("/users/<int:user_id>/password-reset")
@allow(*STAFF)
@bp.response(201, schemas.TemporaryPasswordSchema)
def reset_password(user_id):
    """Staff of a resident's or volunteer's home grid: a temporary password to tell them in
    person; it works for PASSWORD_RESET_HOURS and only to choose a new one. Every session
    of theirs ends, and they are told who did it."""
    temporary, until = services.reset_password(current_user(), user_id)
    return {"temporary_password": temporary, "valid_until": until}
