"""Organisations over HTTP: register, verify, find; members invited, applying, approved, removed."""
from flask_smorest import Blueprint

from volunteer.access import COMMUNITY_STAFF, allow, signed_in
from volunteer.auth import current_user
from volunteer.organisations import schemas, services
from volunteer.schemas import Page, ReasonArgsSchema

bp = Blueprint("organisations", __name__, description="Social organisations, volunteer teams, units in the community")


@bp.get("/organisations")
@signed_in
@bp.arguments(schemas.OrganisationListArgsSchema, location="query")
@bp.response(200, Page(schemas.OrganisationSchema))
def list_organisations(args):
    """Staff: the organisations of their communities, any status. Others: verified ones and
    those they belong to."""
    return services.list_organisations(current_user(), **args)


@bp.post("/organisations")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.OrganisationSchema)
@bp.response(201, schemas.OrganisationSchema)
def register(args):
    """Community staff register an organisation serving their communities, naming its leader."""
    actor = current_user()
    return services.get_organisation(actor, services.register(actor, **args).id)


@bp.get("/organisations/<int:organisation_id>")
@signed_in
@bp.response(200, schemas.OrganisationSchema)
def get_organisation(organisation_id):
    return services.get_organisation(current_user(), organisation_id)


@bp.patch("/organisations/<int:organisation_id>")
@allow(*COMMUNITY_STAFF)
@bp.arguments(schemas.OrganisationChangeSchema)
@bp.response(200, schemas.OrganisationSchema)
def change(args, organisation_id):
    """Staff change its name, code, contacts or the communities it serves."""
    actor = current_user()
    return services.get_organisation(actor, services.update(actor, organisation_id, **args).id)


@bp.post("/organisations/<int:organisation_id>/verify")
@allow(*COMMUNITY_STAFF)
@bp.response(200, schemas.OrganisationSchema)
def verify(organisation_id):
    """Staff have checked it: members may apply and it may be given needs."""
    actor = current_user()
    return services.get_organisation(actor, services.verify(actor, organisation_id).id)


@bp.post("/organisations/<int:organisation_id>/suspend")
@allow(*COMMUNITY_STAFF)
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.OrganisationSchema)
def suspend(args, organisation_id):
    actor = current_user()
    return services.get_organisation(actor, services.suspend(actor, organisation_id, args["reason"]).id)


@bp.get("/organisations/<int:organisation_id>/members")
@signed_in
@bp.arguments(schemas.MemberListArgsSchema, location="query")
@bp.response(200, Page(schemas.MemberSchema))
def members(args, organisation_id):
    """Leaders and staff: every member with the hours served with the team; members: the others' names."""
    return services.members(current_user(), organisation_id, **args)


@bp.post("/organisations/<int:organisation_id>/members")
@signed_in
@bp.arguments(schemas.InviteSchema)
@bp.response(201, schemas.MembershipSchema)
def invite(args, organisation_id):
    """A leader (or staff) invites a person by their mobile number."""
    return services.invite(current_user(), organisation_id, args["phone"])


@bp.post("/organisations/<int:organisation_id>/join")
@signed_in
@bp.response(200, schemas.MembershipSchema)
def join(organisation_id):
    """I accept an invitation, or apply to join a verified organisation."""
    return services.join(current_user(), organisation_id)


@bp.post("/organisations/<int:organisation_id>/members/<int:user_id>/approve")
@signed_in
@bp.response(200, schemas.MembershipSchema)
def approve(organisation_id, user_id):
    """A leader (or staff) takes in someone who applied."""
    return services.approve(current_user(), organisation_id, user_id)


@bp.post("/organisations/<int:organisation_id>/members/<int:user_id>/remove")
@signed_in
@bp.response(200, schemas.MembershipSchema)
def remove(organisation_id, user_id):
    """A leader removes a member, refuses an application or withdraws an invitation; a member leaves."""
    return services.remove(current_user(), organisation_id, user_id)


@bp.post("/organisations/<int:organisation_id>/members/<int:user_id>/leader")
@signed_in
@bp.response(200, schemas.MembershipSchema)
def make_leader(organisation_id, user_id):
    """A leader (or staff) makes an active member a leader too."""
    return services.make_leader(current_user(), organisation_id, user_id)
