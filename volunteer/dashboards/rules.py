"""Dashboard figures from counts: pure rules, no database.

Targets come from the Henan plan: registered volunteers at least 10% of residents in
urban communities and 6% in rural ones; residents' satisfaction 80% or more.
"""
import math
from datetime import date

from volunteer.reports import rules as satisfaction_rules

VOLUNTEER_TARGET = {"urban": 0.10, "rural": 0.06}


def share(part: int, whole: int) -> float | None:
    """part / whole to four places, or None when there is no whole to divide by."""
    if whole <= 0:
        return None
    return round(part / whole, 4)


def volunteer_ratio(kind: str, volunteers: int, residents: int) -> dict:
    """A community's registered volunteers against its urban or rural target."""
    ratio = share(volunteers, residents)
    target = VOLUNTEER_TARGET[kind]
    return {"ratio": ratio, "target": target, "meets": ratio is not None and ratio >= target}


def grid_residents(grid_households: int, community_households: int, community_residents: int) -> int:
    """A grid's residents, estimated as its households times its community's people per
    household (grids record households only), rounded half up; 0 without households."""
    if community_households <= 0 or grid_households <= 0:
        return 0
    return (2 * grid_households * community_residents + community_households) // (2 * community_households)


def satisfaction(ratings: int, satisfied: int, target_percent: int = 80) -> dict:
    """Ratings of 4 or 5 against the target, with the report's exact boundary rule."""
    meets = satisfaction_rules.meets_target(satisfied, ratings, target_percent)
    return {"ratings": ratings, "satisfied": satisfied, "rate": satisfaction_rules.share(satisfied, ratings),
            "target": target_percent / 100, "meets": bool(meets)}


def last_months(today: date, count: int) -> list[str]:
    """The `count` months up to and including today's, oldest first, as "YYYY-MM"."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile of `values` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]
