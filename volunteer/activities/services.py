"""Activities (招募): staff of a grid, or a leader of a verified organisation serving its
community, publish an activity with sessions; volunteers sign up on the phone, answering
its questions; in approval mode the organiser approves each one.

A session is a Need, so a place is taken by the same conditional UPDATE and the same rules
(skills, window, distance) as any sign-up, and attendance is the need's check-in by
position or rotating code. The public view holds no personal data: titles, times, the
rounded place, places left, and the organiser's name.
"""
import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from models import Grid, Need, User, VolunteerProfile, db
from models.activities import Activity, ActivitySignup, ActivityStatus, SignupMode, SignupStatus
from models.assignments import AssignmentSource
from models.needs import NeedStatus, Urgency
from models.organisations import Organisation, OrganisationStatus
from volunteer import audit, clock, idempotency
from volunteer.access import leads_organisation, staffs_grid, staffed_grid_filter
from volunteer.assignments.services import join_need
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.matching.services import refusal_for
from volunteer.messages import field_code
from volunteer.needs.services import build_need
from volunteer.notify.services import notify
from volunteer.organisations.services import leader_ids
from volunteer.paging import page_of

SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud or typed from paper


def publish(actor: User, title: str, grid_id: int, sessions: list[dict], mode: SignupMode,
            skills: list[str], questions: list[str], description: str = "", address: str | None = None,
            position: dict | None = None, organisation_id: int | None = None) -> Activity:
    grid = db.session.get(Grid, grid_id)
    if grid is None:
        raise InvalidInput(fields={"grid_id": field_code("no_such_grid")})
    if organisation_id is not None:
        org = db.session.get(Organisation, organisation_id)
        if org is None or org.status != OrganisationStatus.verified \
                or grid.community_id not in {c.id for c in org.communities}:
            raise InvalidInput(fields={"organisation_id": field_code("team_not_serving")})
        if not (leads_organisation(actor, org.id) or staffs_grid(actor, grid)):
            raise Forbidden()
    elif not staffs_grid(actor, grid):
        raise Forbidden()
    activity = Activity(slug=_slug(), title=title, description=description, grid_id=grid.id,
                        organisation_id=organisation_id, mode=mode, questions=questions,
                        status=ActivityStatus.published, created_by_id=actor.id, created_at=clock.now())
    db.session.add(activity)
    db.session.flush()
    for session in sessions:
        build_need(actor, grid, title, skills, session["starts_at"], session["ends_at"], Urgency.normal,
                   slots=session["slots"], address=address, position=position, description=description,
                   activity_id=activity.id)
    audit.record(actor.id, "publish_activity", f"activity:{activity.id}", sessions=len(sessions))
    db.session.commit()
    return activity


def list_activities(actor: User, page: int, per_page: int, mine: bool = False, upcoming: bool = True) -> dict:
    """Published activities: staff see their grids'; everyone else those of their home
    community. `mine`: those I organise (staff, leaders) or signed up for."""
    query = select(Activity).where(Activity.status == ActivityStatus.published)
    if mine:
        signed = select(ActivitySignup.activity_id).where(ActivitySignup.user_id == actor.id)
        query = query.where((Activity.created_by_id == actor.id) | Activity.id.in_(signed))
    else:
        scope = staffed_grid_filter(actor)
        home = db.session.scalar(select(Grid.community_id).join(VolunteerProfile, VolunteerProfile.home_grid_id == Grid.id)
                                 .where(VolunteerProfile.user_id == actor.id))
        reach = select(Grid.id).where(Grid.community_id == home)
        if scope is not None:
            query = query.where(Activity.grid_id.in_(select(Grid.id).where(scope)) | Activity.grid_id.in_(reach))
    if upcoming:
        last = select(func.max(Need.ends_at)).where(Need.activity_id == Activity.id).scalar_subquery()
        query = query.where(last > clock.now())
    return page_of(query.order_by(Activity.id.desc()), page, per_page)


def get_activity(actor: User | None, activity_id: int) -> Activity:
    activity = db.session.get(Activity, activity_id)
    if activity is None:
        raise NotFound()
    return activity


def by_slug(slug: str) -> Activity:
    activity = db.session.scalar(select(Activity).where(Activity.slug == slug))
    if activity is None or activity.status != ActivityStatus.published:
        raise NotFound()
    return activity


def organises(actor: User, activity: Activity) -> bool:
    """Who runs an activity: whoever published it, the grid's staff, the organisation's leaders."""
    return (actor.id == activity.created_by_id or staffs_grid(actor, activity.grid)
            or (activity.organisation_id is not None and leads_organisation(actor, activity.organisation_id)))


def sign_up(actor: User, activity_id: int, need_id: int, answers: list[str], key: str | None) -> ActivitySignup:
    """Sign up for one session, answering the questions. First come: the place is taken now
    (or 409 slot_full). Approval: an application the organisers are told of."""
    action = f"activity_sign_up:{need_id}"
    if (done := idempotency.replayed(actor.id, key, action)) is not None:
        return db.session.get(ActivitySignup, done)
    activity = get_activity(actor, activity_id)
    need = db.session.get(Need, need_id, with_for_update=True, populate_existing=True)
    if need is None or need.activity_id != activity.id:
        raise InvalidInput(fields={"need_id": field_code("not_a_session")})
    if activity.status != ActivityStatus.published or need.ends_at <= clock.now():
        raise Conflict("need_not_open")
    if len(answers) != len(activity.questions) or any(not a.strip() for a in answers):
        raise InvalidInput(fields={"answers": field_code("answer_every_question", n=len(activity.questions))})
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == actor.id))
    if profile is None:
        raise InvalidInput("not_a_volunteer", fields={"need_id": field_code("no_volunteer_profile")})
    signup = ActivitySignup(activity_id=activity.id, need_id=need.id, user_id=actor.id, answers=answers,
                            status=SignupStatus.applied, created_at=clock.now())
    db.session.add(signup)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if (done := idempotency.replayed(actor.id, key, action)) is not None:
            return db.session.get(ActivitySignup, done)
        raise Conflict("already_signed_up")
    if activity.mode == SignupMode.first_come:
        _approve(signup, need, profile, actor)
    else:
        if (reason := refusal_for(need, profile)) is not None:
            raise InvalidInput(reason)
        for person in _organiser_ids(activity):
            notify(person, "activity_applied", f"activity:{activity.id}", name=actor.name, title=activity.title)
    audit.record(actor.id, "activity_sign_up", f"activity:{activity.id}", need_id=need.id, mode=activity.mode.value)
    return db.session.get(ActivitySignup, idempotency.commit(actor.id, key, action, signup.id))


def approve(actor: User, signup_id: int) -> ActivitySignup:
    signup, activity = _organised_signup(actor, signup_id)
    if signup.status != SignupStatus.applied:
        raise Conflict("signup_not_pending")
    need = db.session.get(Need, signup.need_id, with_for_update=True, populate_existing=True)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == signup.user_id))
    _approve(signup, need, profile, actor)
    notify(signup.user_id, "activity_approved", f"activity:{activity.id}", title=activity.title,
           starts_at=need.starts_at)
    audit.record(actor.id, "approve_signup", f"activity:{activity.id}", signup_id=signup.id)
    db.session.commit()
    return signup


def refuse(actor: User, signup_id: int, reason: str) -> ActivitySignup:
    signup, activity = _organised_signup(actor, signup_id)
    if signup.status != SignupStatus.applied:
        raise Conflict("signup_not_pending")
    signup.status, signup.reason, signup.decided_by_id, signup.decided_at = (
        SignupStatus.refused, reason, actor.id, clock.now())
    notify(signup.user_id, "activity_refused", f"activity:{activity.id}", title=activity.title, reason=reason)
    audit.record(actor.id, "refuse_signup", f"activity:{activity.id}", signup_id=signup.id, reason=reason)
    db.session.commit()
    return signup


def signups(actor: User, activity_id: int, page: int, per_page: int, status: SignupStatus | None = None) -> dict:
    """Organisers: who signed up, for which session, with their answers (names; phones masked)."""
    activity = get_activity(actor, activity_id)
    if not organises(actor, activity):
        raise Forbidden()
    query = (select(ActivitySignup).where(ActivitySignup.activity_id == activity.id)
             .order_by(ActivitySignup.created_at, ActivitySignup.id))
    if status is not None:
        query = query.where(ActivitySignup.status == status)
    return page_of(query, page, per_page)


def my_signups(actor: User, activity_id: int) -> list[ActivitySignup]:
    return list(db.session.scalars(select(ActivitySignup).where(
        ActivitySignup.activity_id == activity_id, ActivitySignup.user_id == actor.id).order_by(ActivitySignup.id)))


def activity_view(activity: Activity, user: User | None = None) -> dict:
    """An activity as the caller may see it; without `user`, the public view."""
    shown = {"slug": activity.slug, "path": f"/a/{activity.slug}", "title": activity.title,
             "description": activity.description, "organiser": organiser_name(activity),
             "mode": activity.mode, "questions": activity.questions,
             "skills": sorted({s.code for n in activity.sessions for s in n.skills}),
             "sessions": sessions_of(activity)}
    if user is None:
        return shown
    return {**shown, "id": activity.id, "grid_id": activity.grid_id, "organisation_id": activity.organisation_id,
            "status": activity.status.value, "organises": organises(user, activity),
            "my_signups": my_signups(user, activity.id), "created_at": activity.created_at}


def sessions_of(activity: Activity) -> list[dict]:
    """The sessions as anyone may read them: times, rounded place, places left, status."""
    return [{"need_id": n.id, "starts_at": n.starts_at, "ends_at": n.ends_at, "place": n.public_place,
             "slots": n.slots, "taken": n.taken, "left": max(n.slots - n.taken, 0), "status": n.status}
            for n in activity.sessions]


def organiser_name(activity: Activity) -> str:
    if activity.organisation is not None:
        return activity.organisation.name
    return f"{activity.grid.community.name}·{activity.grid.name}"


def _approve(signup: ActivitySignup, need: Need, profile: VolunteerProfile, actor: User) -> None:
    """Take the place: an assignment on the session, by the rules any sign-up meets."""
    if need.status not in (NeedStatus.open,):
        raise Conflict("slot_full" if need.status == NeedStatus.filled else "need_not_open")
    assignment = join_need(need, profile, AssignmentSource.signup, actor)
    signup.status, signup.assignment_id = SignupStatus.approved, assignment.id
    signup.decided_by_id, signup.decided_at = actor.id, clock.now()


def _organised_signup(actor: User, signup_id: int) -> tuple[ActivitySignup, Activity]:
    signup = db.session.get(ActivitySignup, signup_id, with_for_update=True, populate_existing=True)
    if signup is None:
        raise NotFound()
    activity = db.session.get(Activity, signup.activity_id)
    if not organises(actor, activity):
        raise NotFound()
    return signup, activity


def _organiser_ids(activity: Activity) -> set[int]:
    people = {activity.created_by_id}
    if activity.organisation_id is not None:
        people |= set(leader_ids(activity.organisation_id))
    return people


def _slug() -> str:
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(8))
