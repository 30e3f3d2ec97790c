"""Satisfaction against the target: pure arithmetic, exact at the boundary."""

SATISFIED_SCORES = (4, 5)


def share(satisfied: int, ratings: int) -> float | None:
    """Share of ratings that are 4 or 5, rounded to 4 places; None with no ratings."""
    return round(satisfied / ratings, 4) if ratings else None


def meets_target(satisfied: int, ratings: int, target_percent: int) -> bool | None:
    """satisfied / ratings >= target, in integers so 80 of 100 meets 80% exactly."""
    if not ratings:
        return None
    return satisfied * 100 >= target_percent * ratings
