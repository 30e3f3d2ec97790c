"""Projects bought by government (政府购买服务): staff of the communities served set one up
with its funder, delivering organisation, period, budget and targets, and put needs and
activities under it; its page shows progress against the targets.

Its evaluation pack lists every standing service record of its needs (hours, who
confirmed, the resident's rating, anomaly flags), each chained by hash to the one before
(see rules.py). The pack is kept as issued, with its head hash, so anyone holding a copy
can check it against the server, and the server can say whether the records still say
the same.
"""
import secrets
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from models import Assignment, Community, Feedback, HoursEntry, Need, ServiceRecord, User, db
from models.activities import Activity
from models.organisations import MemberRole, MemberStatus, Organisation, OrganisationMember, OrganisationStatus
from models.projects import EvaluationPack, Project
from models.records import RecordStatus
from volunteer import audit, clock
from volunteer.access import is_street_admin, leads_organisation, serves_community
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.masking import mask_name
from volunteer.messages import field_code
from volunteer.paging import page_of
from volunteer.projects import rules
from volunteer.records.anomalies import flags_of

SATISFIED = 4  # a rating of 4 or 5 counts as satisfied, as on the dashboards


def create(actor: User, name: str, funder: str, organisation_id: int, community_ids: list[int],
           starts_on: date, ends_on: date, budget: Decimal, target_people: int, target_hours: Decimal,
           target_satisfaction: int) -> Project:
    communities = list(db.session.scalars(select(Community).where(Community.id.in_(community_ids))))
    if len(communities) != len(set(community_ids)):
        raise InvalidInput(fields={"community_ids": field_code("no_such_community")})
    if not all(serves_community(actor, c.id) for c in communities):
        raise Forbidden()
    org = db.session.get(Organisation, organisation_id)
    if org is None or org.status != OrganisationStatus.verified \
            or not {c.id for c in org.communities} & {c.id for c in communities}:
        raise InvalidInput(fields={"organisation_id": field_code("team_not_serving")})
    project = Project(name=name, funder=funder, organisation_id=org.id, starts_on=starts_on, ends_on=ends_on,
                      budget=budget, target_people=target_people, target_hours=target_hours,
                      target_satisfaction=target_satisfaction, created_by_id=actor.id, created_at=clock.now(),
                      communities=communities)
    db.session.add(project)
    db.session.flush()
    audit.record(actor.id, "create_project", f"project:{project.id}", organisation_id=org.id)
    db.session.commit()
    return project


def add_need(actor: User, project_id: int, need_id: int) -> Project:
    """Put a need under the project: one of its communities', posted by the caller's reach."""
    project = _managed(actor, project_id)
    need = db.session.get(Need, need_id)
    if need is None or need.grid.community_id not in {c.id for c in project.communities} \
            or not serves_community(actor, need.grid.community_id):
        raise InvalidInput(fields={"need_id": field_code("not_in_project_communities")})
    _put_under(project, [need], actor)
    return project


def add_activity(actor: User, project_id: int, activity_id: int) -> Project:
    project = _managed(actor, project_id)
    activity = db.session.get(Activity, activity_id)
    if activity is None or activity.grid.community_id not in {c.id for c in project.communities} \
            or not serves_community(actor, activity.grid.community_id):
        raise InvalidInput(fields={"activity_id": field_code("not_in_project_communities")})
    _put_under(project, list(activity.sessions), actor)
    return project


def _put_under(project: Project, needs: list[Need], actor: User) -> None:
    if any(n.project_id not in (None, project.id) for n in needs):
        raise Conflict("need_in_another_project")
    for need in needs:
        need.project_id = project.id
    audit.record(actor.id, "add_to_project", f"project:{project.id}", need_ids=[n.id for n in needs])
    db.session.commit()


def list_projects(actor: User, page: int, per_page: int) -> dict:
    """Staff: the projects of their communities; leaders: those their organisation delivers."""
    query = select(Project).order_by(Project.id.desc())
    if not is_street_admin(actor):
        served = [r.community_id for r in actor.roles if r.community_id and serves_community(actor, r.community_id)]
        led = select(OrganisationMember.organisation_id).where(
            OrganisationMember.user_id == actor.id, OrganisationMember.role == MemberRole.leader,
            OrganisationMember.status == MemberStatus.active)
        query = query.where(Project.communities.any(Community.id.in_(served)) | Project.organisation_id.in_(led))
    found = page_of(query, page, per_page)
    found["items"] = [view(p) for p in found["items"]]
    return found


def get_project(actor: User, project_id: int) -> dict:
    return view(_readable(actor, project_id))


def view(project: Project) -> dict:
    """The project with its progress against each target."""
    figures = progress(project.id)
    return {
        "id": project.id, "name": project.name, "funder": project.funder,
        "organisation_id": project.organisation_id, "organisation": project.organisation.name,
        "communities": [{"id": c.id, "name": c.name} for c in project.communities],
        "starts_on": project.starts_on, "ends_on": project.ends_on, "budget": project.budget,
        "targets": {"people": project.target_people, "hours": project.target_hours,
                    "satisfaction": project.target_satisfaction},
        "progress": {**figures,
                     "people_percent": rules.percent(figures["people"], project.target_people),
                     "hours_percent": rules.percent(float(figures["hours"]), float(project.target_hours) or 0),
                     "satisfaction_met": figures["satisfaction"] is not None
                     and figures["satisfaction"] >= project.target_satisfaction},
    }


def progress(project_id: int) -> dict:
    needs = select(Need.id).where(Need.project_id == project_id)
    verified = select(ServiceRecord.id).where(ServiceRecord.need_id.in_(needs), ServiceRecord.status == RecordStatus.verified)
    services = db.session.scalar(select(func.count()).select_from(verified.subquery()))
    hours = db.session.scalar(select(func.coalesce(func.sum(HoursEntry.hours), 0)).join(
        ServiceRecord, ServiceRecord.id == HoursEntry.record_id).where(ServiceRecord.need_id.in_(needs)))
    people = db.session.scalar(select(func.count(func.distinct(Need.resident_id))).where(
        Need.project_id == project_id, Need.resident_id.is_not(None),
        Need.id.in_(select(ServiceRecord.need_id).where(ServiceRecord.status == RecordStatus.verified))))
    ratings, satisfied = db.session.execute(select(
        func.count(Feedback.id), func.count(Feedback.id).filter(Feedback.score >= SATISFIED))
        .where(Feedback.need_id.in_(needs))).one()
    return {"needs": db.session.scalar(select(func.count()).select_from(needs.subquery())),
            "services": services, "hours": Decimal(hours or 0).quantize(Decimal("0.01")), "people": people,
            "ratings": ratings, "satisfaction": rules.percent(satisfied, ratings)}


# ---- Evaluation packs ---------------------------------------------------------------

def issue_pack(actor: User, project_id: int) -> EvaluationPack:
    """Issue the pack as the records stand now: entries chained by hash, kept with the head."""
    project = _readable(actor, project_id)
    if not _manages(actor, project):
        raise Forbidden()
    chained = rules.chain(_entries(project))
    now = clock.now()
    number = f"EP{clock.local(now):%Y%m%d}{secrets.token_hex(4).upper()}"
    content = {"number": number, "project": _project_facts(project), "issued_at": now.isoformat(),
               "totals": {k: str(v) if isinstance(v, Decimal) else v for k, v in progress(project.id).items()},
               "entries": chained, "head_hash": rules.head(chained)}
    pack = EvaluationPack(number=number, project_id=project.id, entries=len(chained),
                          hours=Decimal(content["totals"]["hours"]), head_hash=content["head_hash"],
                          content=content, issued_by_id=actor.id, issued_at=now)
    db.session.add(pack)
    audit.record(actor.id, "issue_evaluation_pack", f"project:{project.id}", number=number, entries=len(chained))
    db.session.commit()
    return pack


def pack_for(actor: User, number: str) -> EvaluationPack:
    pack = _pack(number)
    _readable(actor, pack.project_id)
    return pack


def verify_pack(number: str) -> dict:
    """Public: what the server holds for a pack, and whether the records still say the same."""
    pack = _pack(number)
    now = rules.head(rules.chain(_entries(pack.project)))
    return {"number": pack.number, "project": pack.content["project"], "entries": pack.entries,
            "hours": pack.hours, "head_hash": pack.head_hash, "issued_at": pack.issued_at,
            "matches_records": now == pack.head_hash}


def check_copy(number: str, entries: list, head_hash: str | None) -> dict:
    """Public: does a copy of the pack (its entries, as exported) rehash to the head issued?"""
    pack = _pack(number)
    broken = rules.first_break(entries)
    intact = broken is None and len(entries) == pack.entries and rules.head(entries) == pack.head_hash \
        and head_hash in (None, pack.head_hash)
    if broken is None and not intact:
        broken = min(len(entries), pack.entries)
    return {"number": pack.number, "intact": intact, "first_difference": broken, "head_hash": pack.head_hash}


def _entries(project: Project) -> list[dict]:
    """Every standing record of the project's needs, oldest first, as the pack lists it."""
    rows = db.session.execute(
        select(ServiceRecord, Need, Assignment, User)
        .join(Need, Need.id == ServiceRecord.need_id).join(Assignment, Assignment.id == ServiceRecord.assignment_id)
        .join(User, User.id == ServiceRecord.volunteer_id)
        .where(Need.project_id == project.id, ServiceRecord.status != RecordStatus.superseded)
        .order_by(ServiceRecord.started_at, ServiceRecord.id)).all()
    records = [r for r, *_ in rows]
    flags = flags_of([r for r in records if r.status in (RecordStatus.pending, RecordStatus.verified)])
    ratings = dict(db.session.execute(select(Feedback.need_id, Feedback.score).where(
        Feedback.need_id.in_({r.need_id for r in records}))).all())
    names = dict(db.session.execute(select(User.id, User.name).where(
        User.id.in_({r.confirmed_by_id for r in records if r.confirmed_by_id}))).all())
    teams = dict(db.session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_({r.team_id for r in records if r.team_id}))).all())
    return [{
        "record_id": r.id, "need_id": need.id, "need_title": need.title,
        "date": clock.local(r.started_at).date().isoformat(),
        "started_at": r.started_at.isoformat(), "ended_at": r.ended_at.isoformat(), "hours": str(r.hours),
        "volunteer": mask_name(person.name), "team": teams.get(r.team_id), "status": r.status.value,
        "confirmed_by": names.get(r.confirmed_by_id), "confirmed_at": r.confirmed_at.isoformat() if r.confirmed_at else None,
        "rating": ratings.get(need.id),
        "flags": sorted(set(flags.get(r.id, [])) | ({a.flag} if a.flag else set())
                        | ({"corrected"} if r.corrects_id else set()) | ({"checked_in_by_code"} if a.checkin_by_code else set())),
    } for r, need, a, person in rows]


def _project_facts(project: Project) -> dict:
    return {"id": project.id, "name": project.name, "funder": project.funder,
            "organisation": project.organisation.name, "communities": [c.name for c in project.communities],
            "period": [project.starts_on.isoformat(), project.ends_on.isoformat()], "budget": str(project.budget),
            "targets": {"people": project.target_people, "hours": str(project.target_hours),
                        "satisfaction": project.target_satisfaction}}


def _pack(number: str) -> EvaluationPack:
    pack = db.session.scalar(select(EvaluationPack).where(EvaluationPack.number == number))
    if pack is None:
        raise NotFound("pack_not_found")
    return pack


def _manages(actor: User, project: Project) -> bool:
    return is_street_admin(actor) or any(serves_community(actor, c.id) for c in project.communities)


def _readable(actor: User, project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None or not (_manages(actor, project) or leads_organisation(actor, project.organisation_id)):
        raise NotFound()
    return project


def _managed(actor: User, project_id: int) -> Project:
    project = _readable(actor, project_id)
    if not _manages(actor, project):
        raise Forbidden()
    return project
