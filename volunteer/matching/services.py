"""Candidates for a need: the search table gives the nearest, the pure rules decide who
may serve, the score decides the order.

The search table holds only volunteers who may serve at all (verified, on duty, active)
with every required skill and the licence asked for, and drops in SQL those whose weekly
windows cannot hold the need's time. The rules that need more (the exact windows, slots
already held, certificates) are checked here on the top rows the index returns, a few
more than asked for, read on when some fall out.
"""
import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import Integer, bindparam, case, func, or_, select

from models import (
    Assignment, Certification, Grid, HoursEntry, Need, Skill, SocialWorkerProfile, User, VolunteerProfile, db,
)
from models.assignments import HOLDS_SLOT, AssignmentStatus
from models.people import LICENCE_RANK, VolunteerStatus, social_worker_specialties
from models.types import UTCDateTime
from volunteer import clock
from volunteer.geo import Point, bounding_box, distance_m
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

    busy: tuple = ()
    on_need: bool = False
    completed: int = 0
    no_shows: int = 0
    late_withdrawals: int = 0
    recent_hours: float = 0.0
    same_community: bool = False
    certified: frozenset[int] = frozenset()
    specialties: frozenset[int] = frozenset()


def find_candidates(need: Need, limit: int | None = None) -> list[Match]:
    """Who may serve `need` now: the nearest few who pass every rule, best score first.

    One statement gives the nearest volunteers free at the need's time together with
    their record (search_index.nearest with `_with_history`); certificates and
    social-worker specialties are read only when some candidate has them to read.
    """
    return [match for match, _ in _candidates(need, limit)]


def suggest(need: Need, limit: int | None = None) -> list[tuple[Match, dict]]:
    """Candidates for a social worker to pick from, each with what the list shows of them
    (name, home grid, stars, skill codes), which their search rows carry."""
    return [(match, {"name": row.name, "home_grid_id": row.home_grid_id, "star_level": row.star_level,
                     "skills": row.skill_codes.split(",") if row.skill_codes else []})
            for match, row in _candidates(need, limit)]


def _candidates(need: Need, limit: int | None) -> list[tuple[Match, tuple]]:
    """find_candidates, each with its search row."""
    limit = limit or current_app.config["CANDIDATE_LIMIT"]
    pool = max(limit, math.ceil(limit * current_app.config["CANDIDATE_POOL_FACTOR"]))
    facts = need_facts(need)
    if not facts.skill_ids:
        return []
    min_rank = max(facts.min_licence_rank, 1 if facts.needs_social_worker else 0)
    hits = search_index.nearest(
        db.session.connection(), Point(need.lat, need.lng), need.radius_m, sorted(facts.skill_ids), min_rank,
        free=search_index.time_masks(facts.starts_local, facts.ends_local), extend=_with_history,
        params={**_need_values(need), "need_grid": need.grid_id or 0, "since": clock.now() - RECENT},
        first_batch=pool + 5)
    eligible: list[tuple[search_index.Hit, History]] = []
    pending: list[tuple[search_index.Hit, History]] = []
    for hit in hits:
        if facts.certified_skill_ids and not hit.has_certificates:
            continue
        h = _history_of(hit.row)
        # Certificates are looked up below, for the few who pass everything else.
        if h.on_need or rules.refusal(facts, _facts_of(hit, h, facts, facts.certified_skill_ids),
                                      hit.distance_m) is not None:
            continue
        pending.append((hit, h))
        if len(eligible) + len(pending) >= pool:
            eligible += _proven(pending, facts)
            pending = []
            if len(eligible) >= pool:
                break
    eligible += _proven(pending, facts)
    return _ranked(need, facts, eligible)[:limit]


def _held(people):
    """Per person in `people` (ids, or a SELECT of them): completed, no-shows, the span of
    slots held that overlap the need, and whether they are on the need already. The
    need's values are bound by name: see `_need_values`."""
    a, n = Assignment.__table__, Need.__table__
    need_id = bindparam("need_id", type_=Integer)
    # A slot holds its person from check-in (or the planned start) until check-out (or the
    # planned end): who has checked out is free at once.
    held_from = func.coalesce(a.c.checkin_at, n.c.starts_at)
    held_to = func.coalesce(a.c.checkout_at, n.c.ends_at)
    overlapping = (or_(*(a.c.status == s.value for s in HOLDS_SLOT)) & (a.c.need_id != need_id)
                   & (held_from < bindparam("need_ends", type_=UTCDateTime))
                   & (held_to > bindparam("need_starts", type_=UTCDateTime)))
    return (select(a.c.user_id,
                   func.sum(case((a.c.status == AssignmentStatus.completed.value, 1), else_=0)).label("completed"),
                   func.sum(case((a.c.status == AssignmentStatus.no_show.value, 1), else_=0)).label("no_shows"),
                   func.sum(case((a.c.withdrawn_late.is_(True), 1), else_=0)).label("late_withdrawals"),
                   func.min(case((overlapping, held_from)), type_=UTCDateTime).label("busy_from"),
                   func.max(case((overlapping, held_to)), type_=UTCDateTime).label("busy_to"),
                   func.sum(case((a.c.need_id == need_id, 1), else_=0)).label("on_need"))
            .join(n, n.c.id == a.c.need_id).where(a.c.user_id.in_(people))
            .group_by(a.c.user_id))


def _need_values(need: Need) -> dict:
    return {"need_id": need.id or 0, "need_starts": need.starts_at, "need_ends": need.ends_at}


def _with_history(top):
    """The top rows with each one's record: slots held, no-shows, recent hours, community."""
    e, g = HoursEntry.__table__, Grid.__table__
    people = select(top.c.user_id)
    held = _held(people).subquery("held")
    hours = (select(e.c.volunteer_id, func.sum(e.c.hours).label("recent_hours"))
             .where(e.c.volunteer_id.in_(people), e.c.created_at >= bindparam("since", type_=UTCDateTime))
             .group_by(e.c.volunteer_id).subquery("hours"))
    community = select(g.c.community_id).where(g.c.id == bindparam("need_grid", type_=Integer)).scalar_subquery()
    return (select(top, held.c.completed, held.c.no_shows, held.c.late_withdrawals, held.c.busy_from, held.c.busy_to, held.c.on_need,
                   hours.c.recent_hours, (g.c.community_id == community).label("same_community"))
            .outerjoin(held, held.c.user_id == top.c.user_id)
            .outerjoin(hours, hours.c.volunteer_id == top.c.user_id)
            .outerjoin(g, g.c.id == top.c.home_grid_id)
            .order_by(top.c.d2))


def _history_of(row) -> History:
    busy = (search_index.as_utc(row.busy_from), search_index.as_utc(row.busy_to))
    return History(busy=(busy,) if busy[0] is not None else (),
                   on_need=bool(row.on_need), completed=int(row.completed or 0), no_shows=int(row.no_shows or 0),
                   late_withdrawals=int(row.late_withdrawals or 0),
                   recent_hours=float(row.recent_hours or 0), same_community=bool(row.same_community))


def _proven(candidates, facts: rules.NeedFacts) -> list:
    """Those who hold the certificates the need asks for, each with the certificates and
    social-worker specialties that back the need's skills (read only for holders)."""
    if not candidates:
        return []
    holders = [hit.volunteer_id for hit, _ in candidates if hit.has_certificates]
    found = certified_skills(holders, facts) if holders else {}
    specialties: dict[int, set[int]] = {}
    if facts.needs_social_worker:
        sw = SocialWorkerProfile.__table__
        for uid, skill_id in db.session.connection().execute(
                select(sw.c.user_id, social_worker_specialties.c.skill_id)
                .join(social_worker_specialties, social_worker_specialties.c.social_worker_id == sw.c.id)
                .where(sw.c.user_id.in_([hit.user_id for hit, _ in candidates]),
                       social_worker_specialties.c.skill_id.in_(facts.skill_ids))):
            specialties.setdefault(uid, set()).add(skill_id)
    proven = []
    for hit, h in candidates:
        h.certified = found.get(hit.volunteer_id, frozenset())
        h.specialties = frozenset(specialties.get(hit.user_id, ()))
        if facts.certified_skill_ids <= h.certified:
            proven.append((hit, h))
    return proven


def _facts_of(hit: search_index.Hit, h: History, need: rules.NeedFacts,
              certified: frozenset[int]) -> rules.VolunteerFacts:
    # The index row exists only for a ready volunteer holding every required skill.
    return rules.VolunteerFacts(
        user_id=hit.user_id, radius_m=hit.radius_m, skill_ids=need.skill_ids,
        is_social_worker=hit.licence_rank > 0, ready=True, windows=search_index.decode_windows(hit.windows),
        busy=h.busy, licence_rank=hit.licence_rank, certified_skill_ids=certified)


def _ranked(need: Need, facts: rules.NeedFacts, eligible) -> list[tuple[Match, tuple]]:
    w = weights()
    matches = []
    for hit, h in eligible:
        proven = facts.skill_ids & (h.certified | h.specialties)
        scored = rules.score(rules.ScoreFacts(
            distance_m=hit.distance_m, radius_m=min(need.radius_m, hit.radius_m),
            required_skills=len(facts.skill_ids), proven_skills=len(proven),
            recent_hours=h.recent_hours, completed=h.completed, no_shows=h.no_shows,
            late_withdrawals=h.late_withdrawals,
            same_grid=hit.home_grid_id == need.grid_id, same_community=h.same_community), w)
        matches.append((Match(hit.volunteer_id, hit.user_id, hit.distance_m, hit.licence_rank > 0,
                              scored.score, scored.parts), hit.row))
    matches.sort(key=lambda pair: (-pair[0].score, pair[0].distance_m, pair[0].user_id))
    return matches


def certified_skills(volunteer_ids: list[int], facts: rules.NeedFacts) -> dict[int, frozenset[int]]:
    """The need's skills each volunteer holds a certificate for that staff have seen, valid
    over the whole need."""
    found: dict[int, set[int]] = {}
    for vid, skill_id, issued, expires in db.session.execute(
            select(Certification.volunteer_id, Certification.skill_id, Certification.issued_on,
                   Certification.expires_on)
            .where(Certification.volunteer_id.in_(volunteer_ids), Certification.checked.is_(True),
                   Certification.skill_id.in_(facts.skill_ids))):
        if rules.certificate_valid(issued, expires, facts.starts_local, facts.ends_local):
            found.setdefault(vid, set()).add(skill_id)
    return {vid: frozenset(skills) for vid, skills in found.items()}


def licence_rank_of(user_id: int) -> int:
    level = db.session.scalar(select(SocialWorkerProfile.licence_level)
                              .where(SocialWorkerProfile.user_id == user_id))
    return LICENCE_RANK[level] if level else 0


def refusal_for(need: Need, profile: VolunteerProfile) -> str | None:
    """Why this one person may not take `need` (an error code), or None."""
    facts = need_facts(need)
    held = db.session.execute(_held([profile.user_id]), _need_values(need)).first()
    busy = ((held.busy_from, held.busy_to),) if held and held.busy_from is not None else ()
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


# How far out the shortfall looks: the widest service radius a volunteer may choose.
SHORTFALL_REACH_M = 50_000
SHORTFALL_LIMIT = 5000
# The stages a volunteer passes to become a candidate, in the order rules.refusal tries them.
STAGES = ("volunteer_not_verified", "not_a_social_worker", "licence_too_low", "missing_skill",
          "missing_certification", "out_of_range", "not_available", "already_assigned")


def shortfall(need: Need) -> dict:
    """Why a need has few or no candidates: of the verified, on-duty volunteers within
    SHORTFALL_REACH_M who hold every skill it needs, how many each rule turns away (the
    first rule each one breaks), and how many pass."""
    facts = need_facts(need)
    min_lat, max_lat, min_lng, max_lng = bounding_box(Point(need.lat, need.lng), SHORTFALL_REACH_M)
    query = (select(VolunteerProfile).join(User, User.id == VolunteerProfile.user_id)
             .where(VolunteerProfile.status == VolunteerStatus.verified, VolunteerProfile.on_duty.is_(True),
                    User.active.is_(True), VolunteerProfile.lat.between(min_lat, max_lat),
                    VolunteerProfile.lng.between(min_lng, max_lng),
                    *(VolunteerProfile.skills.any(Skill.id == skill_id) for skill_id in facts.skill_ids))
             .order_by(VolunteerProfile.id).limit(SHORTFALL_LIMIT))
    profiles = list(db.session.scalars(query))
    held = {row.user_id: row for row in db.session.execute(_held([p.user_id for p in profiles]), _need_values(need))}
    certified = certified_skills([p.id for p in profiles], facts) if facts.certified_skill_ids else {}
    ranks = dict(db.session.execute(select(SocialWorkerProfile.user_id, SocialWorkerProfile.licence_level)
                                    .where(SocialWorkerProfile.user_id.in_([p.user_id for p in profiles]))).all())
    counts = dict.fromkeys(STAGES, 0)
    passing = 0
    for profile in profiles:
        row = held.get(profile.user_id)
        if row is not None and row.on_need:
            counts["already_assigned"] += 1
            continue
        rank = LICENCE_RANK[ranks[profile.user_id]] if profile.user_id in ranks else 0
        volunteer = rules.VolunteerFacts(
            user_id=profile.user_id, radius_m=profile.service_radius_m,
            skill_ids=frozenset(s.id for s in profile.skills), is_social_worker=rank > 0, ready=True,
            windows=tuple((a.weekday, a.start_minute, a.end_minute) for a in profile.availability),
            busy=((row.busy_from, row.busy_to),) if row is not None and row.busy_from is not None else (),
            licence_rank=rank, certified_skill_ids=certified.get(profile.id, frozenset()))
        code = rules.refusal(facts, volunteer, distance_to(need, profile))
        if code is None:
            passing += 1
        else:
            counts[code] += 1
    return {"skilled": len(profiles), "passing": passing, "capped": len(profiles) == SHORTFALL_LIMIT,
            "turned_away": [{"code": code, "count": n} for code, n in counts.items() if n]}
