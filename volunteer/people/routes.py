"""People over HTTP: skills, my volunteer profile, verification, social workers."""
from flask_smorest import Blueprint

from models import Role
from volunteer.access import STAFF, allow, public, signed_in
from volunteer.auth import current_user
from volunteer.people import schemas, services

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
    """Register as a volunteer or update: home, radius, skills, weekly availability, duty."""
    return services.save_volunteer_profile(current_user(), **args)


@bp.post("/volunteers/<int:user_id>/verify")
@allow(*STAFF)
@bp.response(200, schemas.VolunteerProfileSchema)
def verify(user_id):
    """Staff: mark a volunteer's identity as checked."""
    return services.verify_volunteer(current_user(), user_id)


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
