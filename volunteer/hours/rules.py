"""Stars and points from hours: pure rules."""
from decimal import ROUND_HALF_UP, Decimal


def star_level(hours: Decimal, ladder: tuple[int, ...]) -> int:
    """Stars earned by `hours` on a ladder of thresholds (e.g. 100/300/600/1000/1500 h)."""
    return sum(1 for threshold in ladder if hours >= threshold)


def next_threshold(hours: Decimal, ladder: tuple[int, ...]) -> int | None:
    """Hours needed for the next star, or None at the top."""
    return next((t for t in ladder if hours < t), None)


def points_for(hours: Decimal, per_hour: int) -> int:
    return int((hours * per_hour).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
