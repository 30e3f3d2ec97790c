"""People: the skills taxonomy, volunteer and social-worker profiles."""
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError

from models import (
    Availability, Certification, Community, Grid, Role, Skill, SocialWorkerProfile, User, UserRole,
    VolunteerProfile, db,
)
from models.people import VolunteerStatus
from volunteer import audit, clock, idempotency
from volunteer.access import administers, is_street_admin, staffed_grid_filter, staffs_grid
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.geo import to_wgs84
from volunteer.people.schemas import minutes
from volunteer.people.taxonomy import NEEDS_CERTIFICATION, SKILLS
from volunteer.messages import field_code
from volunteer.notify.services import notify
from volunteer.paging import page_of
from volunteer.places.services import grid_staff_ids

# Who may apply again by saving their profile: those staff asked for more, or refused.
APPLY_AGAIN = (VolunteerStatus.more_info, VolunteerStatus.refused)


def ensure_skills() -> int:
    """Insert the taxonomy's skills that are missing; returns how many were added."""
    known = set(db.session.scalars(select(Skill.code)))
    added = 0
    for code, zh, en, category, needs_sw in SKILLS:
        if code not in known:
            db.session.add(Skill(code=code, name_zh=zh, name_en=en, category=category,
                                 needs_social_worker=needs_sw,
                                 needs_certification=code in NEEDS_CERTIFICATION))
            added += 1
    db.session.commit()
    return added


def list_skills() -> list[Skill]:
    return list(db.session.scalars(select(Skill).order_by(Skill.category, Skill.id)))


def skills_by_codes(codes: list[str], field: str = "skills") -> list[Skill]:
    """The skills named, or InvalidInput naming the unknown codes."""
    wanted = list(dict.fromkeys(codes))
    found = {s.code: s for s in db.session.scalars(select(Skill).where(Skill.code.in_(wanted)))}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        raise InvalidInput("unknown_skill", fields={field: field_code("unknown_codes", codes=", ".join(unknown))},
                           codes=", ".join(unknown))
    return [found[c] for c in wanted]


def get_volunteer_profile(user: User) -> VolunteerProfile:
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    if profile is None:
        raise NotFound()
    return profile


def save_volunteer_profile(user: User, position: dict, skills: list[str], availability: list[dict],
                           service_radius_m: int, on_duty: bool, home_grid_id: int | None = None,
                           consent: bool = False, party_member: bool = False,
                           party_unit: str | None = None) -> VolunteerProfile:
    """Apply to volunteer, or update the profile. A first save needs consent to the
    service-record rules and waits for staff; after staff asked for more or refused, saving
    applies again. The home grid's staff are told of each application.

    Two first saves at once both insert; the one that loses saves again over the winner's row.
    """
    skill_rows = skills_by_codes(skills)
    if home_grid_id is not None and db.session.get(Grid, home_grid_id) is None:
        raise InvalidInput("unknown_grid", fields={"home_grid_id": field_code("no_such_grid")})
    point = to_wgs84(position["lat"], position["lng"], position["crs"])
    args = (user, point, availability, service_radius_m, on_duty, home_grid_id, consent,
            party_member, party_unit if party_member else None)
    try:
        profile, applied = _write_volunteer_profile(skill_rows, *args)
    except IntegrityError:
        db.session.rollback()
        profile, applied = _write_volunteer_profile(skills_by_codes(skills), *args)
    audit.record(user.id, "save_volunteer_profile", f"volunteer:{profile.id}")
    if applied and profile.home_grid_id is not None:
        for person in sorted(grid_staff_ids(db.session.get(Grid, profile.home_grid_id)) - {user.id}):
            notify(person, "volunteer_applied", f"volunteer:{user.id}", name=user.name)
    db.session.commit()
    return profile


def _write_volunteer_profile(skill_rows, user: User, point, availability: list[dict], service_radius_m: int,
                             on_duty: bool, home_grid_id: int | None, consent: bool,
                             party_member: bool, party_unit: str | None) -> tuple[VolunteerProfile, bool]:
    """Write the profile; returns it and whether this save is an application."""
    profile = db.session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.user_id == user.id).with_for_update())
    applied = profile is None or profile.status in APPLY_AGAIN
    if profile is None:
        if not consent:
            raise InvalidInput("consent_needed", fields={"consent": field_code("must_consent")})
        profile = VolunteerProfile(user_id=user.id, status=VolunteerStatus.pending, star_level=0)
        db.session.add(profile)
        if not user.has_role(Role.volunteer):
            user.roles.append(UserRole(role=Role.volunteer))
    if consent and profile.consented_at is None:
        profile.consented_at = clock.now()
    if applied:
        profile.status, profile.applied_at = VolunteerStatus.pending, clock.now()
    profile.home_grid_id = home_grid_id
    profile.lat, profile.lng = point.lat, point.lng
    profile.service_radius_m = service_radius_m
    profile.on_duty = on_duty
    profile.party_member, profile.party_unit = party_member, party_unit
    profile.skills = skill_rows
    profile.availability = [
        Availability(weekday=a["weekday"], start_minute=minutes(a["start"]),
                     end_minute=minutes(a["end"])) for a in availability
    ]
    db.session.flush()
    return profile, applied


def reports_as_party_member(user_id: int) -> bool:
    """Whether the person serves as a party member reporting to the community (在职党员报到)."""
    return bool(db.session.scalar(select(VolunteerProfile.party_member).where(VolunteerProfile.user_id == user_id)))


def verify_volunteer(actor: User, user_id: int) -> VolunteerProfile:
    """Staff of the volunteer's home grid confirm their identity (实名核验) and have seen the
    certificates they declared; the volunteer is told. Verifying a suspended volunteer
    brings them back."""
    profile = _profile_staffed_by(actor, user_id)
    was = profile.status
    _reviewed(profile, VolunteerStatus.verified, None)
    for cert in profile.certifications:
        cert.checked = True
    audit.record(actor.id, "verify_volunteer", f"volunteer:{profile.id}")
    if was != VolunteerStatus.verified:
        notify(profile.user_id, "volunteer_verified", f"volunteer:{profile.user_id}")
    db.session.commit()
    return profile


def ask_for_more(actor: User, user_id: int, reason: str) -> VolunteerProfile:
    """Staff ask an applicant for more (a clearer certificate, another skill...); saving the
    profile applies again."""
    profile = _profile_staffed_by(actor, user_id)
    if profile.status != VolunteerStatus.pending:
        raise Conflict("application_not_pending")
    _reviewed(profile, VolunteerStatus.more_info, reason)
    audit.record(actor.id, "ask_volunteer_for_more", f"volunteer:{profile.id}", reason=reason)
    notify(profile.user_id, "volunteer_more_info", f"volunteer:{profile.user_id}", reason=reason)
    db.session.commit()
    return profile


def refuse_volunteer(actor: User, user_id: int, reason: str) -> VolunteerProfile:
    """Staff refuse an application, saying why; the applicant may change it and apply again."""
    profile = _profile_staffed_by(actor, user_id)
    if profile.status not in (VolunteerStatus.pending, VolunteerStatus.more_info):
        raise Conflict("application_not_pending")
    _reviewed(profile, VolunteerStatus.refused, reason)
    audit.record(actor.id, "refuse_volunteer", f"volunteer:{profile.id}", reason=reason)
    notify(profile.user_id, "volunteer_refused", f"volunteer:{profile.user_id}", reason=reason)
    db.session.commit()
    return profile


def _reviewed(profile: VolunteerProfile, status: VolunteerStatus, note: str | None) -> None:
    profile.status, profile.review_note, profile.reviewed_at = status, note, clock.now()


def roster(actor: User, page: int, per_page: int, grid_id: int | None = None, skill: str | None = None,
           status: VolunteerStatus | None = None, min_stars: int | None = None,
           on_duty: bool | None = None, q: str | None = None, to_review: bool = False,
           party_member: bool | None = None) -> dict:
    """Staff: the volunteers of the grids they staff (street admins: everyone), filtered and
    paged; the verification queue is `to_review`, oldest application first."""
    query = (select(VolunteerProfile, User, Grid).join(User, User.id == VolunteerProfile.user_id)
             .outerjoin(Grid, Grid.id == VolunteerProfile.home_grid_id).where(User.active.is_(True)))
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(Grid.id.is_not(None), scope)
    if grid_id is not None:
        query = query.where(VolunteerProfile.home_grid_id == grid_id)
    if skill is not None:
        skill_id = skills_by_codes([skill], "skill")[0].id
        query = query.where(VolunteerProfile.skills.any(Skill.id == skill_id))
    if status is not None:
        query = query.where(VolunteerProfile.status == status)
    if min_stars is not None:
        query = query.where(VolunteerProfile.star_level >= min_stars)
    if on_duty is not None:
        query = query.where(VolunteerProfile.on_duty.is_(on_duty))
    if party_member is not None:
        query = query.where(VolunteerProfile.party_member.is_(party_member))
    if q is not None:
        text = q.strip()
        query = query.where(or_(User.name.contains(text, autoescape=True), User.phone.endswith(text, autoescape=True)))
    if to_review:
        unseen = exists().where(and_(Certification.volunteer_id == VolunteerProfile.id,
                                     Certification.checked.is_(False)))
        # Applications waiting for staff, and verified volunteers' certificates not yet seen
        # (an applicant's are seen when the application is verified).
        query = query.where(or_(VolunteerProfile.status == VolunteerStatus.pending,
                                and_(VolunteerProfile.status == VolunteerStatus.verified, unseen)))
        query = query.order_by(VolunteerProfile.applied_at.is_(None), VolunteerProfile.applied_at,
                               VolunteerProfile.id)
    else:
        query = query.order_by(User.name, VolunteerProfile.id)
    found = page_of(query, page, per_page, rows=True)
    audit.personal_reads(actor.id, [(user.id, f"volunteer:{profile.id}") for profile, user, _ in found["items"]])
    return found


def declare_certification(user: User, key: str | None, skill: str, number: str, issued_on,
                          expires_on) -> Certification:
    """A volunteer adds a certificate they hold; it counts once staff have seen it."""
    profile = get_volunteer_profile(user)
    if (done := idempotency.replayed(user.id, key, "declare_certification")) is not None:
        return db.session.get(Certification, done)
    skill_row = skills_by_codes([skill], "skill")[0]
    certification = Certification(volunteer_id=profile.id, skill_id=skill_row.id, number=number,
                                  issued_on=issued_on, expires_on=expires_on, checked=False)
    db.session.add(certification)
    db.session.flush()
    audit.record(user.id, "declare_certification", f"volunteer:{profile.id}", skill=skill, number=number)
    return db.session.get(Certification, idempotency.commit(user.id, key, "declare_certification",
                                                            certification.id))


def remove_my_certification(user: User, certification_id: int) -> None:
    """A volunteer takes back a certificate of theirs (expired, or entered wrong)."""
    profile = get_volunteer_profile(user)
    certification = db.session.get(Certification, certification_id)
    if certification is None or certification.volunteer_id != profile.id:
        raise NotFound()
    db.session.delete(certification)
    audit.record(user.id, "remove_certification", f"volunteer:{profile.id}", number=certification.number)
    db.session.commit()


def check_certification(actor: User, user_id: int, certification_id: int) -> Certification:
    """Staff of the volunteer's grid have seen a certificate the volunteer declared."""
    profile = _profile_staffed_by(actor, user_id)
    certification = db.session.get(Certification, certification_id)
    if certification is None or certification.volunteer_id != profile.id:
        raise NotFound()
    certification.checked = True
    audit.record(actor.id, "check_certification", f"volunteer:{profile.id}", number=certification.number)
    db.session.commit()
    return certification


def save_social_worker_profile(actor: User, user_id: int, licence_level, licence_number: str,
                               organisation: str, specialties: list[str],
                               community_ids: list[int]) -> SocialWorkerProfile:
    """Admin: record a licensed social worker and the communities they serve."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound()
    communities = list(db.session.scalars(select(Community).where(Community.id.in_(community_ids))))
    if len(communities) != len(set(community_ids)):
        raise InvalidInput(fields={"community_ids": field_code("no_such_community")})
    profile = db.session.scalar(select(SocialWorkerProfile).where(SocialWorkerProfile.user_id == user_id))
    held = {c.id for c in profile.communities} if profile is not None else set()
    if not all(administers(actor, c) for c in held | set(community_ids)):
        raise Forbidden()  # a community's admin names social workers of that community only
    if profile is None:
        profile = SocialWorkerProfile(user_id=user_id)
        db.session.add(profile)
    profile.licence_level = licence_level
    profile.licence_number = licence_number
    profile.organisation = organisation
    profile.specialties = skills_by_codes(specialties, "specialties")
    profile.communities = communities
    for community in communities:
        if not any(r.role == Role.social_worker and r.community_id == community.id for r in user.roles):
            user.roles.append(UserRole(role=Role.social_worker, community_id=community.id))
    db.session.flush()
    audit.record(actor.id, "save_social_worker_profile", f"social_worker:{profile.id}")
    db.session.commit()
    return profile


def _profile_staffed_by(actor: User, user_id: int) -> VolunteerProfile:
    """The volunteer's profile, locked, if `actor` staffs their home grid (or is unscoped admin)."""
    profile = db.session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.user_id == user_id).with_for_update())
    if profile is None:
        raise NotFound()
    grid = db.session.get(Grid, profile.home_grid_id) if profile.home_grid_id else None
    if not (is_street_admin(actor) and grid is None) and not (grid and staffs_grid(actor, grid)):
        raise Forbidden()
    return profile


def suspend_volunteer(actor: User, user_id: int) -> VolunteerProfile:
    """Staff take a volunteer out of matching until they are verified again."""
    profile = _profile_staffed_by(actor, user_id)
    profile.status = VolunteerStatus.suspended
    audit.record(actor.id, "suspend_volunteer", f"volunteer:{profile.id}")
    db.session.commit()
    return profile


def add_certification(actor: User, user_id: int, skill: str, number: str, issued_on,
                      expires_on) -> Certification:
    """Staff record a certificate they have seen, e.g. for basic health checks."""
    profile = _profile_staffed_by(actor, user_id)
    skill_row = skills_by_codes([skill], "skill")[0]
    certification = Certification(volunteer_id=profile.id, skill_id=skill_row.id, number=number,
                                  issued_on=issued_on, expires_on=expires_on)
    db.session.add(certification)
    db.session.flush()
    audit.record(actor.id, "add_certification", f"volunteer:{profile.id}", skill=skill, number=number)
    db.session.commit()
    return certification
