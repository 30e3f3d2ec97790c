"""Candidates for a need: the search table gives the nearest, the pure rules decide who
may serve, the score decides the order.

The search table holds only volunteers who may serve at all (verified, on duty, active)
with every required skill and the licence asked for; the rules that depend on the need's
time (weekly availability, slots already held, certificates) are checked here on the top
rows the index returns, a few more than asked for, refilled when some fall out.
"""
import math
from dataclasses import dataclass, field, replace
from datetime import timedelta
from itertools import islice

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from models import (
    Assignment, Availability, Certification, Grid, HoursEntry, Need, SocialWorkerProfile,
    VolunteerProfile, db,
)
from models.assignments import HOLDS_SLOT, AssignmentStatus
from models.people import LICENCE_RANK, VolunteerStatus, social_worker_specialties
from models.types import UTCDateTime
from volunteer import clock
from volunteer.geo import Point, distance_m
from volunteer.matching import rules, search_index

RECENT = timedelta(days=30)


@dataclass(frozen=True)
class Match:
    volunteer_id: int
    user_id: int
    distance_m: float
    is_social_worker: bool
    score: float = 0.0
    parts: tuple[dict, ...] = ()  # the reasons, language-neutral (see rules.explain)
    loaded: VolunteerProfile | None = field(default=None, compare=False, repr=False)

    @property
    def profile(self) -> VolunteerProfile:
        return self.loaded or db.session.get(VolunteerProfile, self.volunteer_id)

    @property
    def explanation(self) -> str:
        return rules.explain(self.parts, "zh")

    def explain(self, lang: str) -> str:
        return rules.explain(self.parts, lang)


def need_facts(need: Need) -> rules.NeedFacts:
    return rules.NeedFacts(
        radius_m=need.radius_m, skill_ids=frozenset(s.id for s in need.skills),
        needs_social_worker=bool(need.needs_social_worker or need.min_licence_level),
        starts_local=clock.local(need.starts_at), ends_local=clock.local(need.ends_at),
        min_licence_rank=LICENCE_RANK[need.min_licence_level] if need.min_licence_level else 0,
        certified_skill_ids=frozenset(s.id for s in need.skills if s.needs_certification),
    )


def weights() -> rules.Weights:
    c = current_app.config
    return rules.Weights(distance=c["MATCH_WEIGHT_DISTANCE"], skill_fit=c["MATCH_WEIGHT_SKILL_FIT"],
                         fairness=c["MATCH_WEIGHT_FAIRNESS"], reliability=c["MATCH_WEIGHT_RELIABILITY"],
                         locality=c["MATCH_WEIGHT_LOCALITY"], fair_hours=c["MATCH_FAIR_HOURS"])


@dataclass
class History:
    """What the database knows of one candidate beyond the search row."""

    windows: list
    busy: tuple = ()
    on_need: bool = False
    completed: int = 0
    no_shows: int = 0
    recent_hours: float = 0.0
    certified: frozenset[int] = frozenset()
    specialties: frozenset[int] = frozenset()


def find_candidates(need: Need, limit: int | None = None) -> list[Match]:
    """Who may serve `need` now: the nearest few who pass every rule, best score first."""
    limit = limit or current_app.config["CANDIDATE_LIMIT"]
    pool = max(limit, math.ceil(limit * current_app.config["CANDIDATE_POOL_FACTOR"]))
    facts = need_facts(need)
    if not facts.skill_ids:
        return []
    min_rank = max(facts.min_licence_rank, 1 if facts.needs_social_worker else 0)
    hits = search_index.nearest(db.session.connection(), Point(need.lat, need.lng), need.radius_m,
                                sorted(facts.skill_ids), min_rank, first_batch=2 * pool + 20)
    eligible: list[tuple[search_index.Hit, History]] = []
    read = 0
    while len(eligible) < pool:
        # Ask for as many more as the share that passed so far says will fill the pool.
        share = max(len(eligible) / read, 0.25) if read else 1.0
        chunk = list(islice(hits, math.ceil((pool - len(eligible)) / share) + 5))
        if not chunk:
            break
        read += len(chunk)
        history = histories(chunk, need, facts)
        for hit in chunk:
            h = history[hit.volunteer_id]
            if not h.on_need and rules.refusal(facts, _facts_of(hit, h, facts), hit.distance_m) is None:
                eligible.append((hit, h))
    return _ranked(need, facts, eligible)[:limit]


def _facts_of(hit: search_index.Hit, h: History, need: rules.NeedFacts) -> rules.VolunteerFacts:
    # The index row exists only for a ready volunteer holding every required skill.
    return rules.VolunteerFacts(
        user_id=hit.user_id, radius_m=hit.radius_m, skill_ids=need.skill_ids,
        is_social_worker=hit.licence_rank > 0, ready=True, windows=tuple(h.windows),
        busy=h.busy, licence_rank=hit.licence_rank, certified_skill_ids=h.certified)


def _ranked(need: Need, facts: rules.NeedFacts, eligible) -> list[Match]:
    community_grids = _community_grids(need) if any(
        hit.home_grid_id not in (None, need.grid_id) for hit, _ in eligible) else set()
    w = weights()
    matches = []
    for hit, h in eligible:
        proven = facts.skill_ids & (h.certified | h.specialties)
        scored = rules.score(rules.ScoreFacts(
            distance_m=hit.distance_m, radius_m=min(need.radius_m, hit.radius_m),
            required_skills=len(facts.skill_ids), proven_skills=len(proven),
            recent_hours=h.recent_hours, completed=h.completed, no_shows=h.no_shows,
            same_grid=hit.home_grid_id == need.grid_id,
            same_community=hit.home_grid_id in community_grids), w)
        matches.append(Match(hit.volunteer_id, hit.user_id, hit.distance_m, hit.licence_rank > 0,
                             scored.score, scored.parts))
    matches.sort(key=lambda m: (-m.score, m.distance_m, m.user_id))
    return matches


def _community_grids(need: Need) -> set[int]:
    community = select(Grid.community_id).where(Grid.id == need.grid_id).scalar_subquery()
    return set(db.session.scalars(select(Grid.id).where(Grid.community_id == community)))


def histories(hits: list[search_index.Hit], need: Need, facts: rules.NeedFacts) -> dict[int, History]:
    """Availability, held slots, record and certificates of these candidates, in a few queries."""
    by_user = {hit.user_id: hit.volunteer_id for hit in hits}
    result = {hit.volunteer_id: History(windows=[]) for hit in hits}
    volunteer_ids, user_ids = list(result), list(by_user)
    weekday = facts.starts_local.weekday()
    for vid, day, start, end in db.session.execute(
            select(Availability.volunteer_id, Availability.weekday, Availability.start_minute,
                   Availability.end_minute)
            .where(Availability.volunteer_id.in_(volunteer_ids),
                   Availability.weekday.in_((weekday, (weekday + 1) % 7)))):
        result[vid].windows.append((day, start, end))
    for uid, completed, no_shows, busy_from, busy_to, on_need in _assignment_counts(user_ids, need):
        h = result[by_user[uid]]
        h.completed, h.no_shows, h.on_need = int(completed or 0), int(no_shows or 0), bool(on_need)
        if busy_from is not None:
            h.busy = ((busy_from, busy_to),)
    for uid, hours in db.session.execute(
            select(HoursEntry.volunteer_id, func.sum(HoursEntry.hours))
            .where(HoursEntry.volunteer_id.in_(user_ids), HoursEntry.created_at >= clock.now() - RECENT)
            .group_by(HoursEntry.volunteer_id)):
        result[by_user[uid]].recent_hours = float(hours or 0)
    for vid, skills in certified_skills(volunteer_ids, facts).items():
        result[vid].certified = skills
    if facts.needs_social_worker:
        for uid, skill_id in db.session.execute(
                select(SocialWorkerProfile.user_id, social_worker_specialties.c.skill_id)
                .join(social_worker_specialties,
                      social_worker_specialties.c.social_worker_id == SocialWorkerProfile.id)
                .where(SocialWorkerProfile.user_id.in_(user_ids),
                       social_worker_specialties.c.skill_id.in_(facts.skill_ids))):
            h = result[by_user[uid]]
            h.specialties = h.specialties | {skill_id}
    return result


def _assignment_counts(user_ids: list[int], need: Need):
    """Per person: completed, no-shows, the span of slots held that overlap the need, on this need."""
    overlapping = (Assignment.status.in_(HOLDS_SLOT) & (Need.starts_at < need.ends_at)
                   & (Need.ends_at > need.starts_at))
    if need.id is not None:
        overlapping = overlapping & (Assignment.need_id != need.id)
    return db.session.execute(
        select(Assignment.user_id,
               func.sum(case((Assignment.status == AssignmentStatus.completed, 1), else_=0)),
               func.sum(case((Assignment.status == AssignmentStatus.no_show, 1), else_=0)),
               func.min(case((overlapping, Need.starts_at)), type_=UTCDateTime),
               func.max(case((overlapping, Need.ends_at)), type_=UTCDateTime),
               func.sum(case((Assignment.need_id == need.id, 1), else_=0)) if need.id is not None
               else func.sum(0))
        .join(Need, Need.id == Assignment.need_id)
        .where(Assignment.user_id.in_(user_ids))
        .group_by(Assignment.user_id)).all()


def certified_skills(volunteer_ids: list[int], facts: rules.NeedFacts) -> dict[int, frozenset[int]]:
    """The need's skills each volunteer holds a certificate for, valid over the whole need."""
    found: dict[int, set[int]] = {}
    for vid, skill_id, issued, expires in db.session.execute(
            select(Certification.volunteer_id, Certification.skill_id, Certification.issued_on,
                   Certification.expires_on)
            .where(Certification.volunteer_id.in_(volunteer_ids),
                   Certification.skill_id.in_(facts.skill_ids))):
        if rules.certificate_valid(issued, expires, facts.starts_local, facts.ends_local):
            found.setdefault(vid, set()).add(skill_id)
    return {vid: frozenset(skills) for vid, skills in found.items()}


def suggest(need: Need, limit: int | None = None) -> list[Match]:
    """Candidates for a social worker to pick from, their profiles loaded in one go."""
    matches = find_candidates(need, limit)
    profiles = {p.id: p for p in db.session.scalars(
        select(VolunteerProfile).options(selectinload(VolunteerProfile.user))
        .where(VolunteerProfile.id.in_([m.volunteer_id for m in matches])))} if matches else {}
    return [replace(m, loaded=profiles[m.volunteer_id]) for m in matches]


def licence_rank_of(user_id: int) -> int:
    level = db.session.scalar(select(SocialWorkerProfile.licence_level)
                              .where(SocialWorkerProfile.user_id == user_id))
    return LICENCE_RANK[level] if level else 0


def refusal_for(need: Need, profile: VolunteerProfile) -> str | None:
    """Why this one person may not take `need` (an error code), or None."""
    facts = need_facts(need)
    rows = _assignment_counts([profile.user_id], need)
    busy = ((rows[0][3], rows[0][4]),) if rows and rows[0][3] is not None else ()
    rank = licence_rank_of(profile.user_id)
    volunteer = rules.VolunteerFacts(
        user_id=profile.user_id, radius_m=profile.service_radius_m,
        skill_ids=frozenset(s.id for s in profile.skills), is_social_worker=rank > 0,
        ready=profile.status == VolunteerStatus.verified and profile.on_duty and profile.user.active,
        windows=tuple((a.weekday, a.start_minute, a.end_minute) for a in profile.availability),
        busy=busy, licence_rank=rank,
        certified_skill_ids=certified_skills([profile.id], facts).get(profile.id, frozenset()))
    return rules.refusal(facts, volunteer, distance_to(need, profile))


def distance_to(need: Need, profile: VolunteerProfile) -> float:
    return distance_m(Point(need.lat, need.lng), Point(profile.lat, profile.lng))
