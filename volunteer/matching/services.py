"""Candidates for a need: an indexed box query in SQL, then the pure rules, nearest first."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from models import Need, SocialWorkerProfile, User, VolunteerProfile, db, volunteer_skills
from models.assignments import HOLDS_SLOT, Assignment
from models.people import VolunteerStatus
from volunteer import clock
from volunteer.geo import Point, bounding_box, distance_m
from volunteer.matching import rules


@dataclass(frozen=True)
class Match:
    profile: VolunteerProfile
    distance_m: float
    is_social_worker: bool


def need_facts(need: Need) -> rules.NeedFacts:
    return rules.NeedFacts(
        radius_m=need.radius_m, skill_ids=frozenset(s.id for s in need.skills),
        needs_social_worker=need.needs_social_worker,
        starts_local=clock.local(need.starts_at), ends_local=clock.local(need.ends_at),
    )


def volunteer_facts(profile: VolunteerProfile, is_social_worker: bool, busy) -> rules.VolunteerFacts:
    return rules.VolunteerFacts(
        user_id=profile.user_id, radius_m=profile.service_radius_m,
        skill_ids=frozenset(s.id for s in profile.skills), is_social_worker=is_social_worker,
        ready=profile.status == VolunteerStatus.verified and profile.on_duty and profile.user.active,
        windows=tuple((a.weekday, a.start_minute, a.end_minute) for a in profile.availability),
        busy=tuple(busy),
    )


def busy_windows(user_ids: list[int], need: Need) -> dict[int, list]:
    """Time windows of other needs these people already hold a slot on, overlapping this one."""
    rows = db.session.execute(
        select(Assignment.user_id, Need.starts_at, Need.ends_at)
        .join(Need, Need.id == Assignment.need_id)
        .where(Assignment.user_id.in_(user_ids), Assignment.status.in_(HOLDS_SLOT),
               Assignment.need_id != need.id,
               Need.starts_at < need.ends_at, Need.ends_at > need.starts_at)
    )
    busy: dict[int, list] = {}
    for user_id, starts, ends in rows:
        busy.setdefault(user_id, []).append((starts, ends))
    return busy


def social_worker_ids(user_ids: list[int]) -> set[int]:
    return set(db.session.scalars(
        select(SocialWorkerProfile.user_id).where(SocialWorkerProfile.user_id.in_(user_ids))))


def find_candidates(need: Need, limit: int | None = None) -> list[Match]:
    """Everyone who may serve `need` now, nearest first, each with their distance."""
    limit = limit or current_app.config["CANDIDATE_LIMIT"]
    centre = Point(need.lat, need.lng)
    min_lat, max_lat, min_lng, max_lng = bounding_box(centre, need.radius_m)
    skill_ids = [s.id for s in need.skills]
    holding_all_skills = (
        select(volunteer_skills.c.volunteer_id)
        .where(volunteer_skills.c.skill_id.in_(skill_ids))
        .group_by(volunteer_skills.c.volunteer_id)
        .having(func.count() == len(skill_ids))
    )
    already_on_need = select(Assignment.user_id).where(Assignment.need_id == need.id)
    query = (
        select(VolunteerProfile).join(User, User.id == VolunteerProfile.user_id)
        .where(VolunteerProfile.lat.between(min_lat, max_lat),
               VolunteerProfile.lng.between(min_lng, max_lng),
               VolunteerProfile.status == VolunteerStatus.verified,
               VolunteerProfile.on_duty.is_(True), User.active.is_(True),
               VolunteerProfile.id.in_(holding_all_skills),
               VolunteerProfile.user_id.not_in(already_on_need))
    )
    if need.needs_social_worker:
        query = query.where(VolunteerProfile.user_id.in_(select(SocialWorkerProfile.user_id)))
    profiles = list(db.session.scalars(query))
    user_ids = [p.user_id for p in profiles]
    busy = busy_windows(user_ids, need)
    workers = social_worker_ids(user_ids)
    facts = need_facts(need)
    matches = []
    for profile in profiles:
        distance = distance_m(centre, Point(profile.lat, profile.lng))
        vf = volunteer_facts(profile, profile.user_id in workers, busy.get(profile.user_id, ()))
        if rules.refusal(facts, vf, distance) is None:
            matches.append(Match(profile, distance, profile.user_id in workers))
    matches.sort(key=lambda m: (m.distance_m, m.profile.user_id))
    return matches[:limit]


def refusal_for(need: Need, profile: VolunteerProfile) -> str | None:
    """Why this one person may not take `need` (an error code), or None."""
    distance = distance_m(Point(need.lat, need.lng), Point(profile.lat, profile.lng))
    busy = busy_windows([profile.user_id], need).get(profile.user_id, ())
    facts = volunteer_facts(profile, bool(social_worker_ids([profile.user_id])), busy)
    return rules.refusal(need_facts(need), facts, distance)


def distance_to(need: Need, profile: VolunteerProfile) -> float:
    return distance_m(Point(need.lat, need.lng), Point(profile.lat, profile.lng))
