"""Stars and points from hours: pure rules.

Per the star rules a star is applied for and approved one level at a time; revoked
hours may lower a star without approval.
"""
from decimal import ROUND_HALF_UP, Decimal

PRESETS: dict[str, tuple[int, ...]] = {
    "national": (100, 300, 600, 1000, 1500),
    "beijing": (100, 200, 500, 800, 1000),
}


def ladder(preset: str, explicit: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The explicit ladder if one is given, else the named preset; checked either way."""
    chosen = tuple(explicit) if explicit else PRESETS.get(preset)
    if chosen is None:
        raise ValueError(f"unknown star ladder preset {preset!r}; known: {', '.join(PRESETS)}")
    if not chosen or any(t <= 0 for t in chosen) or list(chosen) != sorted(set(chosen)):
        raise ValueError(f"a star ladder rises strictly from a positive number of hours: {chosen}")
    return chosen


def star_level(hours: Decimal, ladder: tuple[int, ...]) -> int:
    """Stars earned by `hours` on a ladder of thresholds (e.g. 100/300/600/1000/1500 h)."""
    return sum(1 for threshold in ladder if hours >= threshold)


def next_threshold(hours: Decimal, ladder: tuple[int, ...]) -> int | None:
    """Hours needed for the next star, or None at the top."""
    return next((t for t in ladder if hours < t), None)


def points_for(hours: Decimal, per_hour: int) -> int:
    return int((hours * per_hour).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def eligible_level(hours: Decimal, current: int, steps: tuple[int, ...]) -> int | None:
    """The one level a volunteer may be approved for next (never a skipped one), or None."""
    if current >= len(steps) or hours < steps[current]:
        return None
    return current + 1


def lowered_level(hours: Decimal, current: int, steps: tuple[int, ...]) -> int | None:
    """The level revoked hours bring a volunteer down to, or None if the star still holds."""
    earned = star_level(hours, steps)
    return earned if earned < current else None


def service_hours(started, ended) -> Decimal:
    """Hours of actual service, to the hundredth."""
    seconds = max((ended - started).total_seconds(), 0)
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
