"""Organisations over HTTP: register, verify, find; members invited, applying, approved, removed."""
from flask_smorest import Blueprint

from volunteer.access import COMMUNITY_STAFF, STAFF, allow, signed_in
from volunteer.assignments.schemas import AssignmentSchema
from volunteer.auth import current_user
from volunteer.organisations import schemas, services, teams
from volunteer.schemas import Page, PageArgsSchema, ReasonArgsSchema

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


# Teams in matching

@bp.get("/needs/<int:need_id>/candidate-teams")
@allow(*STAFF)
@bp.response(200, schemas.CandidateTeamSchema(many=True))
def candidate_teams(need_id):
    """Staff: teams serving the need's community, most fitting members first."""
    return teams.candidate_teams(current_user(), need_id)


@bp.get("/needs/<int:need_id>/teams")
@allow(*STAFF)
@bp.response(200, schemas.NeedTeamSchema(many=True))
def need_teams(need_id):
    """Staff: the teams this need was given to, and who of each is on it."""
    return teams.need_teams(current_user(), need_id)


@bp.post("/needs/<int:need_id>/teams")
@allow(*STAFF)
@bp.arguments(schemas.TeamOfferArgsSchema)
@bp.response(201, schemas.NeedTeamSchema)
def offer_to_team(args, need_id):
    """Staff: give some of the need's open slots to a verified team; its leaders are told."""
    actor = current_user()
    offer = teams.offer_to_team(actor, need_id, **args)
    return teams.need_team(actor, offer.id)


@bp.get("/organisations/<int:organisation_id>/needs")
@signed_in
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, Page(schemas.NeedTeamSchema))
def team_needs(args, organisation_id):
    """The leader (or staff): needs given to the team, newest first."""
    return teams.team_needs(current_user(), organisation_id, **args)


@bp.post("/need-teams/<int:need_team_id>/accept")
@signed_in
@bp.arguments(schemas.TeamAcceptArgsSchema)
@bp.response(200, schemas.NeedTeamSchema)
def accept_for_team(args, need_team_id):
    """The leader takes N of the offered slots for the team."""
    actor = current_user()
    return teams.need_team(actor, teams.accept(actor, need_team_id, args["slots"]).id)


@bp.post("/need-teams/<int:need_team_id>/decline")
@signed_in
@bp.arguments(ReasonArgsSchema)
@bp.response(200, schemas.NeedTeamSchema)
def decline_for_team(args, need_team_id):
    actor = current_user()
    return teams.need_team(actor, teams.decline(actor, need_team_id, args["reason"]).id)


@bp.post("/need-teams/<int:need_team_id>/members")
@signed_in
@bp.arguments(schemas.TeamAssignArgsSchema)
@bp.response(201, AssignmentSchema)
def assign_team_member(args, need_team_id):
    """The leader puts a member into one of the team's slots; they check in as anyone does."""
    return teams.assign_member(current_user(), need_team_id, args["user_id"])
