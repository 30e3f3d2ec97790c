"""Dispatch rules: pure, no database, no Flask."""
from collections import Counter
from datetime import datetime, timedelta

# How a board names each assignment status: a slot held counts as accepted.
BOARD_BUCKET = {
    "offered": "offered", "accepted": "accepted", "checked_in": "accepted",
    "completed": "accepted", "declined": "declined", "expired": "expired",
}
BOARD_COUNTS = ("offered", "accepted", "declined", "expired")


def offer_expiry(now: datetime, ends_at: datetime, urgent: bool, minutes: int,
                 urgent_minutes: int) -> datetime:
    """When an offer made now lapses: shorter for urgent needs, never after the need ends."""
    return min(now + timedelta(minutes=urgent_minutes if urgent else minutes), ends_at)


def offers_wanted(batch: int | None, pending: int) -> int:
    """How many new offers keep `batch` out at once (none when not dispatching)."""
    if batch is None:
        return 0
    return max(batch - pending, 0)


def board_counts(statuses: list[str]) -> dict[str, int]:
    counted = Counter(BOARD_BUCKET.get(s) for s in statuses)
    return {name: counted.get(name, 0) for name in BOARD_COUNTS}


def rounded_distance_m(distance_m: float) -> int:
    """Shown to volunteers who do not hold the need: to 100 m, so it cannot pin a door."""
    return max(100, int(round(distance_m / 100.0)) * 100)
