"""People over HTTP: skills, my volunteer profile, verification, the roster, social workers."""
from flask_smorest import Blueprint

from models import Role
from volunteer.access import STAFF, allow, public, signed_in
from volunteer.auth import current_user
from volunteer.idempotency import key_from_request
from volunteer.people import schemas, services
from volunteer.schemas import Page, ReasonArgsSchema

bp = Blueprint("people", __name__, description="Skills, volunteers and social workers")


@bp.get("/skills")
@public
@bp.response(200, schemas.SkillSchema(many=True))
def list_skills():
    """The skills taxonomy, in Chinese and English."""
    return services.list_skills()


@bp.get("/me/volunteer-profile")
@signed_in
@bp.response(200, schemas.VolunteerProfileSchema)
def get_my_profile():
    """My volunteer profile."""
    return services.get_volunteer_profile(current_user())


@bp.put("/me/volunteer-profile")
@signed_in
@bp.arguments(schemas.VolunteerProfileSchema)
@bp.response(200, schemas.VolunteerProfileSchema)
def save_my_profile(args):
    """Apply to volunteer (with consent) or update: home, radius, skills, weekly availability,
    duty. After staff asked for more or refused, saving applies again."""
    return services.save_volunteer_profile(current_user(), **args)


@bp.post("/me/volunteer-profile/certifications")
@signed_in
@bp.arguments(schemas.CertificationSchema)
@bp.response(201, schemas.CertificationSchema)
def declare_certification(args):
    """Add a certificate I hold (health check, rehabilitation...); it counts in matching once
    staff have seen it. Idempotency-Key: a retry adds nothing."""
    return services.declare_certification(current_user(), key_from_request(), **args)


@bp.delete("/me/volunteer-profile/certifications/<int:certification_id>")
@signed_in
@bp.response(204)
def remove_certification(certification_id):
    """Take back a certificate of mine."""
    services.remove_my_certification(current_user(), certification_id)


@bp.get("/volunteers")
@allow(*STAFF)
@bp.arguments(schemas.RosterArgsSchema, location="query")
@bp.response(200, Page(schemas.RosterEntrySchema))
def roster(args):
    """Staff: the volunteers of the grids I staff, filtered and paged; `to_review=true` is
    the verification queue, oldest application first."""
    return services.roster(current_user(), **args)


@bp.post("/volunteers/<int:user_id>/verify")
@allow(*STAFF)
@bp.response(200, schemas.VolunteerProfileSchema)
def verify(user_id):
    """Staff: the volunteer's identity and declared certificates are checked; they are told."""
    return services.verify_volunteer(current_user(), user_id)


@bp.post("/volunteers/<int:user_id>/ask-for-more")
@allow(*STAFF)
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.VolunteerProfileSchema)
def ask_for_more(args, user_id):
    """Staff: ask an applicant for more, saying what; they are told."""
    return services.ask_for_more(current_user(), user_id, args["reason"])


@bp.post("/volunteers/<int:user_id>/refuse")
@allow(*STAFF)
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.VolunteerProfileSchema)
def refuse(args, user_id):
    """Staff: refuse an application with a reason; they are told and may apply again."""
    return services.refuse_volunteer(current_user(), user_id, args["reason"])


@bp.post("/volunteers/<int:user_id>/certifications/<int:certification_id>/check")
@allow(*STAFF)
@bp.response(200, schemas.CertificationSchema)
def check_certification(user_id, certification_id):
    """Staff: I have seen this certificate the volunteer declared."""
    return services.check_certification(current_user(), user_id, certification_id)


@bp.put("/users/<int:user_id>/social-worker-profile")
@allow(Role.admin)
@bp.arguments(schemas.SocialWorkerProfileSchema)
@bp.response(200, schemas.SocialWorkerProfileSchema)
def save_social_worker(args, user_id):
    """Admin: record a licensed social worker and the communities they serve."""
    return services.save_social_worker_profile(current_user(), user_id, **args)


@bp.post("/volunteers/<int:user_id>/suspend")
@allow(*STAFF)
@bp.response(200, schemas.VolunteerProfileSchema)
def suspend(user_id):
    """Staff: take a volunteer out of matching (verify again to bring them back)."""
    actor = current_user()
    return services.suspend_volunteer(actor, user_id)


@bp.post("/volunteers/<int:user_id>/certifications")
@allow(*STAFF)
@bp.arguments(schemas.CertificationSchema)
@bp.response(201, schemas.CertificationSchema)
def add_certification(args, user_id):
    """Staff: record a volunteer's certificate for a skill that needs one."""
    actor = current_user()
    return services.add_certification(actor, user_id, **args)
