"""Activities over HTTP: publish, find, read (also without signing in), sign up, approve."""
from flask_smorest import Blueprint

from volunteer.access import public, signed_in
from volunteer.activities import schemas, services
from volunteer.auth import current_user
from volunteer.idempotency import key_from_request
from volunteer.records.routes import IDEMPOTENT
from volunteer.schemas import Page, ReasonArgsSchema

bp = Blueprint("activities", __name__, description="Activities (招募) with sessions and sign-up")


@bp.post("/activities")
@signed_in
@bp.arguments(schemas.ActivityCreateSchema)
@bp.response(201, schemas.ActivitySchema)
def publish(args):
    """Staff of the grid, or a leader of a verified organisation serving its community,
    publish an activity with its sessions, questions and sign-up mode."""
    user = current_user()
    return services.activity_view(services.publish(user, **args), user)


@bp.get("/activities")
@signed_in
@bp.arguments(schemas.ActivityListArgsSchema, location="query")
@bp.response(200, Page(schemas.ActivitySchema))
def list_activities(args):
    """Activities of my grids (staff) or my home community, newest first; or mine."""
    user = current_user()
    found = services.list_activities(user, **args)
    return {**found, "items": [services.activity_view(a, user) for a in found["items"]]}


@bp.get("/activities/<int:activity_id>")
@signed_in
@bp.response(200, schemas.ActivitySchema)
def get_activity(activity_id):
    user = current_user()
    return services.activity_view(services.get_activity(user, activity_id), user)


@bp.get("/public/activities/<string:slug>")
@public
@bp.response(200, schemas.PublicActivitySchema)
def public_activity(slug):
    """Anyone, signed in or not: the activity behind a short link, with no personal data."""
    return services.activity_view(services.by_slug(slug))


@bp.post("/activities/<int:activity_id>/signups")
@signed_in
@bp.arguments(schemas.SignupArgsSchema)
@bp.response(201, schemas.MySignupSchema)
@bp.doc(**IDEMPOTENT)
def sign_up(args, activity_id):
    """A volunteer signs up for a session, answering the questions."""
    return services.sign_up(current_user(), activity_id, args["need_id"], args["answers"], key_from_request())


@bp.get("/activities/<int:activity_id>/signups")
@signed_in
@bp.arguments(schemas.SignupListArgsSchema, location="query")
@bp.response(200, Page(schemas.SignupSchema))
def signups(args, activity_id):
    """Organisers: the sign-ups, oldest first, with the answers."""
    return services.signups(current_user(), activity_id, **args)


@bp.post("/activity-signups/<int:signup_id>/approve")
@signed_in
@bp.response(200, schemas.MySignupSchema)
def approve(signup_id):
    """Organisers: approve an application; the place is taken now."""
    return services.approve(current_user(), signup_id)


@bp.post("/activity-signups/<int:signup_id>/refuse")
@signed_in
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.MySignupSchema)
def refuse(args, signup_id):
    return services.refuse(current_user(), signup_id, args["reason"])
