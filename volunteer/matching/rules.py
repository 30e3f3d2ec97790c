"""Who may serve a need, and in what order: pure rules, no database, no Flask."""
from dataclasses import dataclass, field
from datetime import datetime

Window = tuple[int, int, int]  # (weekday 0=Monday, start minute, end minute), local time


@dataclass(frozen=True)
class NeedFacts:
    radius_m: float
    skill_ids: frozenset[int]
    needs_social_worker: bool
    starts_local: datetime
    ends_local: datetime
    min_licence_rank: int = 0  # 1 assistant, 2 intermediate, 3 senior
    certified_skill_ids: frozenset[int] = frozenset()  # required skills that need a certificate


@dataclass(frozen=True)
class VolunteerFacts:
    user_id: int
    radius_m: float
    skill_ids: frozenset[int]
    is_social_worker: bool
    ready: bool  # verified, on duty, active
    windows: tuple[Window, ...]
    busy: tuple[tuple[datetime, datetime], ...] = ()  # windows of slots already held
    licence_rank: int = 0
    # Skills for which the volunteer holds a certificate valid over the whole need.
    certified_skill_ids: frozenset[int] = frozenset()


def covers(windows: tuple[Window, ...], starts_local: datetime, ends_local: datetime) -> bool:
    """Whether one weekly window holds the whole time, on the day it starts.

    A time that runs past midnight needs a window on each day it touches.
    """
    day_start = starts_local.replace(hour=0, minute=0, second=0, microsecond=0)
    start_min = (starts_local - day_start).total_seconds() / 60
    end_min = (ends_local - day_start).total_seconds() / 60
    weekday = starts_local.weekday()
    if end_min <= 24 * 60:
        return any(w == weekday and s <= start_min and end_min <= e for w, s, e in windows)
    tomorrow = (weekday + 1) % 7
    return (any(w == weekday and s <= start_min and e >= 24 * 60 for w, s, e in windows)
            and any(w == tomorrow and s == 0 and end_min - 24 * 60 <= e for w, s, e in windows))


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    return a_start < b_end and b_start < a_end


def refusal(need: NeedFacts, volunteer: VolunteerFacts, distance_m: float) -> str | None:
    """The first rule `volunteer` breaks for `need`, as an error code; None if eligible."""
    if not volunteer.ready:
        return "volunteer_not_verified"
    if need.needs_social_worker and not volunteer.is_social_worker:
        return "not_a_social_worker"
    if volunteer.licence_rank < need.min_licence_rank:
        return "licence_too_low"
    if not need.skill_ids <= volunteer.skill_ids:
        return "missing_skill"
    if not need.certified_skill_ids <= volunteer.certified_skill_ids:
        return "missing_certification"
    if distance_m > need.radius_m or distance_m > volunteer.radius_m:
        return "out_of_range"
    if not covers(volunteer.windows, need.starts_local, need.ends_local):
        return "not_available"
    if any(overlaps(s, e, need.starts_local, need.ends_local) for s, e in volunteer.busy):
        return "not_available"
    return None


@dataclass(frozen=True)
class Candidate:
    user_id: int
    distance_m: float
    score: float = 0.0


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Highest score first; ties nearest first, then the older account, so the order is stable."""
    return sorted(candidates, key=lambda c: (-c.score, c.distance_m, c.user_id))


def certificate_valid(issued_on, expires_on, starts_local: datetime, ends_local: datetime) -> bool:
    """A certificate counts when it was issued by the day the need starts and runs to its last day."""
    return issued_on <= starts_local.date() and ends_local.date() <= expires_on


# -- score and explanation ----------------------------------------------------------------

@dataclass(frozen=True)
class Weights:
    distance: float
    skill_fit: float
    fairness: float
    reliability: float
    locality: float
    fair_hours: float  # recent hours at which the fairness part has halved


@dataclass(frozen=True)
class ScoreFacts:
    distance_m: float
    radius_m: float  # the farthest a candidate could be
    required_skills: int
    proven_skills: int  # required skills backed by a certificate or a social-worker specialty
    recent_hours: float  # confirmed hours in the last 30 days
    completed: int  # assignments completed
    no_shows: int
    same_grid: bool
    same_community: bool
    late_withdrawals: int = 0  # withdrew inside WITHDRAW_FREE_HOURS of the start


# A late withdrawal weighs half a no-show: the slot could still pass on in time.
LATE_WITHDRAWAL_WEIGHT = 0.5


@dataclass(frozen=True)
class Scored:
    score: float
    parts: tuple[dict, ...] = field(default=())  # language-neutral reasons, nearest first


def reliability(completed: int, no_shows: int, late_withdrawals: int = 0) -> float | None:
    """Share of kept assignments, a late withdrawal counting as half a miss; None for
    someone with no history yet."""
    total = completed + no_shows + LATE_WITHDRAWAL_WEIGHT * late_withdrawals
    return completed / total if total else None


def score(facts: ScoreFacts, weights: Weights) -> Scored:
    """The weighted sum of five parts, each in 0..1; higher is better."""
    nearness = max(0.0, 1 - facts.distance_m / facts.radius_m) if facts.radius_m else 0.0
    fit = 0.5 + 0.5 * facts.proven_skills / facts.required_skills if facts.required_skills else 0.5
    fairness = 1 / (1 + facts.recent_hours / weights.fair_hours)
    kept = reliability(facts.completed, facts.no_shows, facts.late_withdrawals)
    locality = 1.0 if facts.same_grid else 0.5 if facts.same_community else 0.0
    total = (weights.distance * nearness + weights.skill_fit * fit + weights.fairness * fairness
             + weights.reliability * (1.0 if kept is None else kept) + weights.locality * locality)
    parts = [{"kind": "distance", "value": round(facts.distance_m)}]
    if facts.same_grid:
        parts.append({"kind": "same_grid"})
    elif facts.same_community:
        parts.append({"kind": "same_community"})
    if facts.proven_skills:
        parts.append({"kind": "certified"})
    parts.append({"kind": "recent_hours", "value": round(facts.recent_hours, 1)})
    parts.append({"kind": "reliability", "value": None if kept is None else round(kept, 2)})
    return Scored(round(total, 4), tuple(parts))


_WORDS = {
    "same_grid": ("同网格", "same grid"),
    "same_community": ("同社区", "same community"),
    "certified": ("持证", "certified"),
}


def explain(parts: tuple[dict, ...], lang: str = "zh") -> str:
    """One line a social worker reads at a glance: "1.2 km · 同网格 · 近30天 3 小时 · 履约率 98%"."""
    en = lang == "en"
    words = []
    for part in parts:
        kind, value = part["kind"], part.get("value")
        if kind == "distance":
            words.append(f"{value / 1000:.1f} km" if value >= 1000 else f"{value} m")
        elif kind == "recent_hours":
            hours = f"{value:g}"
            words.append(f"{hours} h in 30 days" if en else f"近30天 {hours} 小时")
        elif kind == "reliability":
            if value is None:
                words.append("new" if en else "新志愿者")
            else:
                words.append(f"{value:.0%} kept" if en else f"履约率 {value:.0%}")
        else:
            words.append(_WORDS[kind][1 if en else 0])
    return " · ".join(words)
