"""Who may serve a need, and in what order: pure rules, no database, no Flask."""
from dataclasses import dataclass
from datetime import datetime

Window = tuple[int, int, int]  # (weekday 0=Monday, start minute, end minute), local time


@dataclass(frozen=True)
class NeedFacts:
    radius_m: float
    skill_ids: frozenset[int]
    needs_social_worker: bool
    starts_local: datetime
    ends_local: datetime


@dataclass(frozen=True)
class VolunteerFacts:
    user_id: int
    radius_m: float
    skill_ids: frozenset[int]
    is_social_worker: bool
    ready: bool  # verified, on duty, active
    windows: tuple[Window, ...]
    busy: tuple[tuple[datetime, datetime], ...] = ()  # windows of slots already held


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
    if not need.skill_ids <= volunteer.skill_ids:
        return "missing_skill"
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


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Nearest first; ties by the older account, so the order is stable."""
    return sorted(candidates, key=lambda c: (c.distance_m, c.user_id))
