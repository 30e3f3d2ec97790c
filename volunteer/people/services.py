"""People: the skills taxonomy, volunteer and social-worker profiles."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import (
    Availability, Certification, Community, Grid, Role, Skill, SocialWorkerProfile, User, UserRole,
    VolunteerProfile, db,
)
from models.people import VolunteerStatus
from volunteer import audit
from volunteer.access import administers, is_street_admin, staffs_grid
from volunteer.errors import Forbidden, InvalidInput, NotFound
from volunteer.geo import to_wgs84
from volunteer.people.schemas import minutes
from volunteer.people.taxonomy import NEEDS_CERTIFICATION, SKILLS
from volunteer.messages import field_code


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
                           service_radius_m: int, on_duty: bool,
                           home_grid_id: int | None = None) -> VolunteerProfile:
    """Register as a volunteer, or update the profile. New profiles wait for verification.

    Two first saves at once both insert; the one that loses saves again over the winner's row.
    """
    skill_rows = skills_by_codes(skills)
    if home_grid_id is not None and db.session.get(Grid, home_grid_id) is None:
        raise InvalidInput("unknown_grid", fields={"home_grid_id": field_code("no_such_grid")})
    point = to_wgs84(position["lat"], position["lng"], position["crs"])
    try:
        profile = _write_volunteer_profile(user, point, skill_rows, availability, service_radius_m,
                                           on_duty, home_grid_id)
    except IntegrityError:
        db.session.rollback()
        profile = _write_volunteer_profile(user, point, skills_by_codes(skills), availability,
                                           service_radius_m, on_duty, home_grid_id)
    audit.record(user.id, "save_volunteer_profile", f"volunteer:{profile.id}")
    db.session.commit()
    return profile


def _write_volunteer_profile(user: User, point, skill_rows, availability: list[dict], service_radius_m: int,
                             on_duty: bool, home_grid_id: int | None) -> VolunteerProfile:
    profile = db.session.scalar(
        select(VolunteerProfile).where(VolunteerProfile.user_id == user.id).with_for_update())
    if profile is None:
        profile = VolunteerProfile(user_id=user.id, status=VolunteerStatus.pending, star_level=0)
        db.session.add(profile)
        if not user.has_role(Role.volunteer):
            user.roles.append(UserRole(role=Role.volunteer))
    profile.home_grid_id = home_grid_id
    profile.lat, profile.lng = point.lat, point.lng
    profile.service_radius_m = service_radius_m
    profile.on_duty = on_duty
    profile.skills = skill_rows
    profile.availability = [
        Availability(weekday=a["weekday"], start_minute=minutes(a["start"]),
                     end_minute=minutes(a["end"])) for a in availability
    ]
    db.session.flush()
    return profile


def verify_volunteer(actor: User, user_id: int) -> VolunteerProfile:
    """Staff of the volunteer's home grid confirm their identity (实名核验)."""
    profile = _profile_staffed_by(actor, user_id)
    profile.status = VolunteerStatus.verified
    audit.record(actor.id, "verify_volunteer", f"volunteer:{profile.id}")
    db.session.commit()
    return profile


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
    """The volunteer's profile, if `actor` staffs their home grid (or is unscoped admin)."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user_id))
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
