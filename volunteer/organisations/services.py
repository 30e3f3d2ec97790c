"""Organisations (三社联动): community staff register and verify social organisations,
volunteer teams and units in the community; a leader invites, approves and removes members
and sees the hours the team served.

A membership moves only through `_move`, which knows the allowed moves. Staff reach an
organisation through the communities it serves; a leader through their own organisation;
a member sees what any member sees. Phones of people are masked; contact phones are shown
in full only to staff and active members.
"""
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from models import Community, HoursEntry, ServiceRecord, User, db
from models.organisations import (
    MemberRole, MemberStatus, Organisation, OrganisationKind, OrganisationMember, OrganisationStatus,
)
from volunteer import audit, clock
from volunteer.access import is_street_admin, leads_organisation, serves_community, staffs_organisation
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.masking import mask_phone
from volunteer.messages import field_code
from volunteer.notify.services import notify
from volunteer.paging import page_of

# The moves a membership may make, and who makes them ("leader": a leader or staff;
# "self": the member). Anything else is a 409 membership_not_pending.
MOVES = {
    (MemberStatus.invited, MemberStatus.active): "self",  # accepts the invitation
    (MemberStatus.invited, MemberStatus.removed): "either",  # declines, or the invitation is withdrawn
    (MemberStatus.applied, MemberStatus.active): "leader",  # approved
    (MemberStatus.applied, MemberStatus.removed): "either",  # refused, or the application withdrawn
    (MemberStatus.active, MemberStatus.removed): "either",  # removed, or leaves
    (MemberStatus.removed, MemberStatus.invited): "leader",  # invited again
    (MemberStatus.removed, MemberStatus.applied): "self",  # applies again
}


def register(actor: User, name: str, kind: OrganisationKind, contact_name: str, contact_phone: str,
             community_ids: list[int], leader_phone: str, credit_code: str | None = None,
             incubating: bool = False) -> Organisation:
    """Staff of every community named register an organisation, naming its leader by phone."""
    communities = _communities(actor, community_ids)
    leader = _person_by_phone(leader_phone, "leader_phone")
    org = Organisation(name=name, kind=kind, credit_code=credit_code, incubating=incubating,
                       contact_name=contact_name, contact_phone=contact_phone, communities=communities,
                       status=OrganisationStatus.registered, registered_by_id=actor.id, created_at=clock.now())
    db.session.add(org)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvalidInput(fields={"credit_code": field_code("credit_code_taken")})
    now = clock.now()
    db.session.add(OrganisationMember(organisation_id=org.id, user_id=leader.id, role=MemberRole.leader,
                                      status=MemberStatus.active, invited_by_id=actor.id, decided_by_id=actor.id,
                                      joined_at=now, changed_at=now, created_at=now))
    audit.record(actor.id, "register_organisation", f"organisation:{org.id}", leader_id=leader.id)
    notify(leader.id, "organisation_leader", f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return org


def update(actor: User, organisation_id: int, **changes) -> Organisation:
    """Staff change what was registered: name, code, contacts, communities served."""
    org = _staffed(actor, organisation_id)
    if "community_ids" in changes:
        org.communities = _communities(actor, changes.pop("community_ids"))
    for field, value in changes.items():
        setattr(org, field, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvalidInput(fields={"credit_code": field_code("credit_code_taken")})
    audit.record(actor.id, "change_organisation", f"organisation:{org.id}", fields=sorted(changes))
    db.session.commit()
    return org


def verify(actor: User, organisation_id: int) -> Organisation:
    """Staff have checked the organisation (its code, its contacts): it may now take members
    who apply and be given needs. Its leaders are told."""
    org = _staffed(actor, organisation_id, lock=True)
    if org.status == OrganisationStatus.verified:
        raise Conflict("organisation_already_verified")
    org.status, org.verified_by_id, org.verified_at = OrganisationStatus.verified, actor.id, clock.now()
    audit.record(actor.id, "verify_organisation", f"organisation:{org.id}")
    for leader_id in leader_ids(org.id):
        notify(leader_id, "organisation_verified", f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return org


def suspend(actor: User, organisation_id: int, reason: str) -> Organisation:
    org = _staffed(actor, organisation_id, lock=True)
    if org.status == OrganisationStatus.suspended:
        raise Conflict("organisation_suspended")
    org.status = OrganisationStatus.suspended
    audit.record(actor.id, "suspend_organisation", f"organisation:{org.id}", reason=reason)
    db.session.commit()
    return org


def list_organisations(actor: User, page: int, per_page: int, kind: OrganisationKind | None = None,
                       community_id: int | None = None, status: OrganisationStatus | None = None,
                       q: str | None = None, mine: bool = False) -> dict:
    """Staff: the organisations of the communities they serve, in any status. Everyone else:
    verified organisations, and those they belong to. Newest first."""
    query = select(Organisation).order_by(Organisation.id.desc())
    member_of = select(OrganisationMember.organisation_id).where(
        OrganisationMember.user_id == actor.id, OrganisationMember.status != MemberStatus.removed)
    if mine:
        query = query.where(Organisation.id.in_(member_of))
    elif not is_street_admin(actor):
        served = [r.community_id for r in actor.roles if r.community_id is not None and serves_community(actor, r.community_id)]
        staffed = Organisation.communities.any(Community.id.in_(served))
        query = query.where(or_(staffed, Organisation.status == OrganisationStatus.verified,
                                Organisation.id.in_(member_of)))
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    if community_id is not None:
        query = query.where(Organisation.communities.any(Community.id == community_id))
    if status is not None:
        query = query.where(Organisation.status == status)
    if q is not None:
        query = query.where(Organisation.name.contains(q.strip(), autoescape=True))
    found = page_of(query, page, per_page)
    found["items"] = [_view(actor, org) for org in found["items"]]
    return found


def get_organisation(actor: User, organisation_id: int) -> dict:
    return _view(actor, _visible(actor, organisation_id))


def members(actor: User, organisation_id: int, page: int, per_page: int,
            status: MemberStatus | None = None) -> dict:
    """Leaders and staff: the members, each with the hours they served with the team.
    Active members see the active members (names, roles), no phones or hours of others."""
    org = _visible(actor, organisation_id)
    manages = _manages(actor, org)
    if not manages and _membership(org.id, actor.id, MemberStatus.active) is None:
        raise Forbidden()
    query = (select(OrganisationMember, User).join(User, User.id == OrganisationMember.user_id)
             .where(OrganisationMember.organisation_id == org.id)
             .order_by(OrganisationMember.role, OrganisationMember.id))
    if not manages:
        query = query.where(OrganisationMember.status == MemberStatus.active)
    elif status is not None:
        query = query.where(OrganisationMember.status == status)
    found = page_of(query, page, per_page, rows=True)
    hours = _hours_by_member(org.id, [m.user_id for m, _ in found["items"]]) if manages else {}
    found["items"] = [{
        "user_id": user.id, "name": user.name, "phone": mask_phone(user.phone) if manages else None,
        "role": member.role, "status": member.status, "joined_at": member.joined_at,
        "changed_at": member.changed_at, "hours": hours.get(user.id, Decimal("0")) if manages else None,
    } for member, user in found["items"]]
    return found


def invite(actor: User, organisation_id: int, phone: str) -> OrganisationMember:
    """A leader (or staff) invites a person by their phone; they are told and may accept."""
    org = managed_by(actor, organisation_id)
    person = _person_by_phone(phone, "phone")
    member = _membership(org.id, person.id, lock=True)
    if member is None:
        now = clock.now()
        member = OrganisationMember(organisation_id=org.id, user_id=person.id, role=MemberRole.member,
                                    status=MemberStatus.invited, invited_by_id=actor.id, changed_at=now, created_at=now)
        db.session.add(member)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise Conflict("already_member")
    elif member.status == MemberStatus.applied:
        _move(member, MemberStatus.active, actor)  # inviting someone who applied takes them in
    elif member.status == MemberStatus.removed:
        _move(member, MemberStatus.invited, actor)
        member.invited_by_id = actor.id
    else:
        raise Conflict("already_member")
    audit.record(actor.id, "invite_member", f"organisation:{org.id}", user_id=person.id)
    notify(person.id, "organisation_invited" if member.status == MemberStatus.invited else "organisation_approved",
           f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return member


def join(actor: User, organisation_id: int) -> OrganisationMember:
    """I accept an invitation, or apply to a verified organisation (its leaders are told)."""
    org = _visible(actor, organisation_id)
    member = _membership(org.id, actor.id, lock=True)
    if member is not None and member.status == MemberStatus.invited:
        _move(member, MemberStatus.active, actor)
        audit.record(actor.id, "accept_invitation", f"organisation:{org.id}")
        db.session.commit()
        return member
    if org.status != OrganisationStatus.verified:
        raise Conflict("organisation_not_verified")
    if member is None:
        now = clock.now()
        member = OrganisationMember(organisation_id=org.id, user_id=actor.id, role=MemberRole.member,
                                    status=MemberStatus.applied, changed_at=now, created_at=now)
        db.session.add(member)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            raise Conflict("already_member")
    elif member.status == MemberStatus.removed:
        _move(member, MemberStatus.applied, actor)
    else:
        raise Conflict("already_member")
    audit.record(actor.id, "apply_to_organisation", f"organisation:{org.id}")
    for leader_id in leader_ids(org.id):
        notify(leader_id, "organisation_applied", f"organisation:{org.id}", organisation=org.name, name=actor.name)
    db.session.commit()
    return member


def approve(actor: User, organisation_id: int, user_id: int) -> OrganisationMember:
    org = managed_by(actor, organisation_id)
    member = _member_of(org, user_id)
    _move(member, MemberStatus.active, actor)
    audit.record(actor.id, "approve_member", f"organisation:{org.id}", user_id=user_id)
    notify(user_id, "organisation_approved", f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return member


def remove(actor: User, organisation_id: int, user_id: int) -> OrganisationMember:
    """A leader or staff remove a member (or refuse an application, or withdraw an
    invitation); a member leaves. The last leader cannot go: staff name another first."""
    org = _visible(actor, organisation_id)
    member = _member_of(org, user_id) if actor.id != user_id else _membership(org.id, user_id, lock=True)
    if member is None:
        raise NotFound()
    if actor.id != user_id and not _manages(actor, org):
        raise Forbidden()
    if member.role == MemberRole.leader and member.status == MemberStatus.active and len(leader_ids(org.id)) == 1:
        raise Conflict("last_leader")
    _move(member, MemberStatus.removed, actor)
    audit.record(actor.id, "remove_member", f"organisation:{org.id}", user_id=user_id)
    if actor.id != user_id:
        notify(user_id, "organisation_removed", f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return member


def make_leader(actor: User, organisation_id: int, user_id: int) -> OrganisationMember:
    """Staff, or a leader, make an active member a leader too."""
    org = managed_by(actor, organisation_id)
    member = _member_of(org, user_id)
    if member.status != MemberStatus.active:
        raise Conflict("membership_not_active")
    if member.role == MemberRole.leader:
        raise Conflict("already_leader")
    member.role, member.changed_at = MemberRole.leader, clock.now()
    audit.record(actor.id, "name_leader", f"organisation:{org.id}", user_id=user_id)
    notify(user_id, "organisation_leader", f"organisation:{org.id}", organisation=org.name)
    db.session.commit()
    return member


def team_hours(organisation_id: int) -> Decimal:
    """Confirmed hours served with the team (records carry the team they were served with)."""
    return db.session.scalar(select(func.coalesce(func.sum(HoursEntry.hours), 0))
                             .join(ServiceRecord, ServiceRecord.id == HoursEntry.record_id)
                             .where(ServiceRecord.team_id == organisation_id)) or Decimal("0")


def _hours_by_member(organisation_id: int, user_ids: list[int]) -> dict[int, Decimal]:
    return dict(db.session.execute(
        select(HoursEntry.volunteer_id, func.sum(HoursEntry.hours))
        .join(ServiceRecord, ServiceRecord.id == HoursEntry.record_id)
        .where(ServiceRecord.team_id == organisation_id, HoursEntry.volunteer_id.in_(user_ids))
        .group_by(HoursEntry.volunteer_id)).all())


def _move(member: OrganisationMember, target: MemberStatus, actor: User) -> None:
    who = MOVES.get((member.status, target))
    by_self = actor.id == member.user_id
    if who is None or (who == "self" and not by_self) or (who == "leader" and by_self):
        raise Conflict("membership_not_pending")
    now = clock.now()
    if target == MemberStatus.active:
        member.joined_at = now
    if target == MemberStatus.removed:
        member.role = MemberRole.member
    member.status, member.changed_at, member.decided_by_id = target, now, actor.id


def _view(actor: User, org: Organisation) -> dict:
    """An organisation as the caller may see it, with the caller's own standing in it."""
    mine = _membership(org.id, actor.id)
    close = _manages(actor, org) or (mine is not None and mine.status == MemberStatus.active)
    counts = dict(db.session.execute(select(OrganisationMember.status, func.count())
                                     .where(OrganisationMember.organisation_id == org.id)
                                     .group_by(OrganisationMember.status)).all())
    return {
        "id": org.id, "name": org.name, "kind": org.kind, "credit_code": org.credit_code,
        "incubating": org.incubating, "status": org.status, "contact_name": org.contact_name,
        "contact_phone": org.contact_phone if close else mask_phone(org.contact_phone),
        "communities": [{"id": c.id, "name": c.name} for c in org.communities],
        "leaders": [name for name in db.session.scalars(
            select(User.name).join(OrganisationMember, OrganisationMember.user_id == User.id).where(
                OrganisationMember.organisation_id == org.id, OrganisationMember.role == MemberRole.leader,
                OrganisationMember.status == MemberStatus.active).order_by(OrganisationMember.id))],
        "members": counts.get(MemberStatus.active, 0), "applications": counts.get(MemberStatus.applied, 0),
        "hours": team_hours(org.id), "verified_at": org.verified_at, "created_at": org.created_at,
        "my_role": mine.role if mine is not None and mine.status == MemberStatus.active else None,
        "my_status": mine.status if mine is not None else None,
        "manages": _manages(actor, org),
    }


def _visible(actor: User, organisation_id: int) -> Organisation:
    """Staff of its communities and its members (invited or applied too) see it in any status;
    anyone signed in sees a verified organisation. Otherwise: not found."""
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound()
    if org.status == OrganisationStatus.verified or staffs_organisation(actor, org):
        return org
    mine = _membership(org.id, actor.id)
    if mine is None or mine.status == MemberStatus.removed:
        raise NotFound()
    return org


def _manages(actor: User, org: Organisation) -> bool:
    return staffs_organisation(actor, org) or leads_organisation(actor, org.id)


def managed_by(actor: User, organisation_id: int) -> Organisation:
    org = _visible(actor, organisation_id)
    if not _manages(actor, org):
        raise Forbidden()
    return org


def _staffed(actor: User, organisation_id: int, lock: bool = False) -> Organisation:
    org = db.session.get(Organisation, organisation_id, with_for_update=lock, populate_existing=lock)
    if org is None:
        raise NotFound()
    if not staffs_organisation(actor, org):
        if org.status == OrganisationStatus.verified or _membership(org.id, actor.id) is not None:
            raise Forbidden()
        raise NotFound()
    return org


def _membership(organisation_id: int, user_id: int, status: MemberStatus | None = None,
                lock: bool = False) -> OrganisationMember | None:
    query = select(OrganisationMember).where(OrganisationMember.organisation_id == organisation_id,
                                             OrganisationMember.user_id == user_id)
    if status is not None:
        query = query.where(OrganisationMember.status == status)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalar(query)


def _member_of(org: Organisation, user_id: int) -> OrganisationMember:
    member = _membership(org.id, user_id, lock=True)
    if member is None:
        raise NotFound()
    return member


def leader_ids(organisation_id: int) -> list[int]:
    return list(db.session.scalars(select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.role == MemberRole.leader,
        OrganisationMember.status == MemberStatus.active)))


def _communities(actor: User, community_ids: list[int]) -> list[Community]:
    communities = list(db.session.scalars(select(Community).where(Community.id.in_(community_ids))))
    if len(communities) != len(set(community_ids)):
        raise InvalidInput(fields={"community_ids": field_code("no_such_community")})
    if not all(serves_community(actor, c.id) for c in communities):
        raise Forbidden()
    return communities


def _person_by_phone(phone: str, field: str) -> User:
    person = db.session.scalar(select(User).where(User.phone == phone, User.active.is_(True)))
    if person is None:
        raise InvalidInput(fields={field: field_code("no_account_with_phone")})
    return person
