"""Teams in matching: staff give some of a need's slots to a team; its leader accepts N of
them for the team (taken from the need at once, by one conditional UPDATE) and puts members
into them. Each member then checks in and out as anyone does, and their record carries the
team. A member who withdraws gives the slot back to the team, not to the need.
"""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import Assignment, Community, Need, User, VolunteerProfile, db
from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus
from models.organisations import (
    MemberStatus, NeedTeam, Organisation, OrganisationMember, OrganisationStatus, TeamOfferStatus,
)
from volunteer import audit, clock
from volunteer.access import leads_organisation, staffs_grid
from volunteer.assignments.services import take_slots, take_team_seat, tell_coming
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.matching.services import distance_to, refusal_for
from volunteer.messages import field_code
from volunteer.needs.services import get_need
from volunteer.notify.services import notify
from volunteer.organisations.services import leader_ids, managed_by
from volunteer.paging import page_of

# How many teams the candidates list weighs, and how many fitting members it names for each.
TEAM_CANDIDATES = 20
NAMED_MEMBERS = 5


def offer_to_team(actor: User, need_id: int, organisation_id: int, slots: int) -> NeedTeam:
    """Staff of the need's grid give `slots` of its open slots to a verified team serving
    the need's community; the team's leaders are told."""
    need = _staffed_need(actor, need_id)
    if need.status not in (NeedStatus.open,):
        raise Conflict("need_not_open")
    org = db.session.get(Organisation, organisation_id)
    if org is None or org.status != OrganisationStatus.verified \
            or need.grid.community_id not in {c.id for c in org.communities}:
        raise InvalidInput(fields={"organisation_id": field_code("team_not_serving")})
    if slots > need.slots - need.taken:
        raise InvalidInput(fields={"slots": field_code("more_than_open", open=need.slots - need.taken)})
    offer = NeedTeam(need_id=need.id, organisation_id=org.id, slots=slots, assigned=0,
                     status=TeamOfferStatus.offered, offered_by_id=actor.id, created_at=clock.now())
    db.session.add(offer)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("team_already_offered")
    audit.record(actor.id, "offer_to_team", f"need:{need.id}", organisation_id=org.id, slots=slots)
    for leader_id in leader_ids(org.id):
        notify(leader_id, "team_offer", f"need_team:{offer.id}", organisation=org.name, title=need.title,
               slots=slots, starts_at=need.starts_at)
    db.session.commit()
    return offer


def accept(actor: User, need_team_id: int, slots: int) -> NeedTeam:
    """The leader takes `slots` (at most those offered) for the team, from the need at once."""
    offer = _led(actor, need_team_id)
    need = db.session.get(Need, offer.need_id, with_for_update=True, populate_existing=True)
    offer = db.session.get(NeedTeam, need_team_id, with_for_update=True, populate_existing=True)
    if offer.status != TeamOfferStatus.offered:
        raise Conflict("team_offer_answered")
    if slots > offer.slots:
        raise InvalidInput(fields={"slots": field_code("more_than_offered", offered=offer.slots)})
    take_slots(need, slots)
    offer.status, offer.slots, offer.decided_by_id, offer.decided_at = (
        TeamOfferStatus.accepted, slots, actor.id, clock.now())
    audit.record(actor.id, "team_accept", f"need_team:{offer.id}", slots=slots)
    notify(offer.offered_by_id, "team_accepted", f"need:{need.id}", organisation=offer.organisation.name,
           title=need.title, slots=slots)
    db.session.commit()
    return offer


def decline(actor: User, need_team_id: int, reason: str) -> NeedTeam:
    offer = _led(actor, need_team_id, lock=True)
    if offer.status != TeamOfferStatus.offered:
        raise Conflict("team_offer_answered")
    offer.status, offer.decided_by_id, offer.decided_at = TeamOfferStatus.declined, actor.id, clock.now()
    need = db.session.get(Need, offer.need_id)
    audit.record(actor.id, "team_decline", f"need_team:{offer.id}", reason=reason)
    notify(offer.offered_by_id, "team_declined", f"need:{need.id}", organisation=offer.organisation.name,
           title=need.title, reason=reason)
    db.session.commit()
    return offer


def assign_member(actor: User, need_team_id: int, user_id: int) -> Assignment:
    """The leader puts an active member into one of the team's slots. The member must fit
    the need as anyone signing up would (skills, certificates, window, distance); the
    assignment carries the team, and so will the record."""
    offer = _led(actor, need_team_id)
    need = db.session.get(Need, offer.need_id, with_for_update=True, populate_existing=True)
    if offer.status != TeamOfferStatus.accepted:
        raise Conflict("team_offer_not_accepted")
    if need.status not in (NeedStatus.open, NeedStatus.filled):
        raise Conflict("need_not_open")
    member = db.session.scalar(select(OrganisationMember).where(
        OrganisationMember.organisation_id == offer.organisation_id, OrganisationMember.user_id == user_id,
        OrganisationMember.status == MemberStatus.active))
    if member is None:
        raise InvalidInput(fields={"user_id": field_code("not_a_member")})
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
    if profile is None:
        raise InvalidInput("not_a_volunteer", fields={"user_id": field_code("no_volunteer_profile")})
    if db.session.scalar(select(Assignment.id).where(
            Assignment.need_id == need.id, Assignment.user_id == user_id)) is not None:
        raise Conflict("already_assigned")
    if (reason := refusal_for(need, profile)) is not None:
        raise InvalidInput(reason)
    take_team_seat(offer.id)
    assignment = Assignment(
        need_id=need.id, user_id=user_id, role="volunteer", source=AssignmentSource.team,
        status=AssignmentStatus.accepted, assigned_by_id=actor.id, team_id=offer.organisation_id,
        distance_m=distance_to(need, profile), created_at=clock.now())
    db.session.add(assignment)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("already_assigned")
    tell_coming(need, profile.user)
    notify(user_id, "team_assigned", f"assignment:{assignment.id}", organisation=offer.organisation.name,
           title=need.title, starts_at=need.starts_at)
    audit.record(actor.id, "team_assign", f"need_team:{offer.id}", user_id=user_id, assignment_id=assignment.id)
    db.session.commit()
    return assignment


def need_team(actor: User, need_team_id: int) -> dict:
    """One team's share of a need, for its leaders and the need's staff."""
    offer = db.session.get(NeedTeam, need_team_id)
    if offer is None:
        raise NotFound()
    need = db.session.get(Need, offer.need_id)
    if not (leads_organisation(actor, offer.organisation_id) or staffs_grid(actor, need.grid)):
        raise NotFound()
    return _team_view(offer, need)


def need_teams(actor: User, need_id: int) -> list[dict]:
    """Staff: the teams a need was given to, with who of each is on it."""
    need = _staffed_need(actor, need_id)
    offers = db.session.scalars(select(NeedTeam).where(NeedTeam.need_id == need.id).order_by(NeedTeam.id)).all()
    return [_team_view(offer, need) for offer in offers]


def team_needs(actor: User, organisation_id: int, page: int, per_page: int) -> dict:
    """The leader (or staff): needs given to the team, newest first, with who is on each."""
    managed_by(actor, organisation_id)
    found = page_of(select(NeedTeam).where(NeedTeam.organisation_id == organisation_id)
                    .order_by(NeedTeam.id.desc()), page, per_page)
    found["items"] = [_team_view(offer, db.session.get(Need, offer.need_id)) for offer in found["items"]]
    return found


def candidate_teams(actor: User, need_id: int) -> list[dict]:
    """Staff: verified teams serving the need's community, with their members' fit: how
    many active members could take the need (each checked as a sign-up would be), and the
    nearest of them by name."""
    need = _staffed_need(actor, need_id)
    orgs = db.session.scalars(select(Organisation).where(
        Organisation.status == OrganisationStatus.verified,
        Organisation.communities.any(Community.id == need.grid.community_id))
        .order_by(Organisation.id).limit(TEAM_CANDIDATES)).all()
    offered = set(db.session.scalars(select(NeedTeam.organisation_id).where(NeedTeam.need_id == need.id)))
    found = []
    for org in orgs:
        rows = db.session.execute(
            select(VolunteerProfile, User).join(OrganisationMember, OrganisationMember.user_id == VolunteerProfile.user_id)
            .join(User, User.id == VolunteerProfile.user_id)
            .where(OrganisationMember.organisation_id == org.id, OrganisationMember.status == MemberStatus.active)).all()
        members = db.session.scalar(select(db.func.count()).select_from(OrganisationMember).where(
            OrganisationMember.organisation_id == org.id, OrganisationMember.status == MemberStatus.active))
        fitting = sorted(((distance_to(need, profile), user) for profile, user in rows
                          if refusal_for(need, profile) is None), key=lambda pair: (pair[0], pair[1].id))
        found.append({"organisation_id": org.id, "name": org.name, "kind": org.kind, "members": members,
                      "fitting": len(fitting), "offered": org.id in offered,
                      "nearest": [{"name": user.name, "distance_m": round(d)} for d, user in fitting[:NAMED_MEMBERS]]})
    return sorted(found, key=lambda t: (-t["fitting"], t["organisation_id"]))


def _team_view(offer: NeedTeam, need: Need) -> dict:
    on = db.session.execute(select(Assignment, User.name).join(User, User.id == Assignment.user_id).where(
        Assignment.need_id == need.id, Assignment.team_id == offer.organisation_id).order_by(Assignment.id)).all()
    return {"id": offer.id, "need_id": need.id, "need_title": need.title, "starts_at": need.starts_at,
            "ends_at": need.ends_at, "place": need.public_place, "organisation_id": offer.organisation_id,
            "organisation_name": offer.organisation.name, "slots": offer.slots, "assigned": offer.assigned,
            "status": offer.status, "created_at": offer.created_at,
            "members": [{"user_id": a.user_id, "name": name, "assignment_id": a.id, "status": a.status}
                        for a, name in on]}


def _staffed_need(actor: User, need_id: int) -> Need:
    need = get_need(need_id)
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    return need


def _led(actor: User, need_team_id: int, lock: bool = False) -> NeedTeam:
    """A team's offer, for one of its leaders; anyone else: not found."""
    offer = db.session.get(NeedTeam, need_team_id, with_for_update=lock, populate_existing=lock)
    if offer is None or not leads_organisation(actor, offer.organisation_id):
        raise NotFound()
    return offer
