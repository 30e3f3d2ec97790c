"""Anomaly rules over service records: pure functions, no database.

Each rule takes the visits (a record with the check-in facts of its assignment) and
returns, per record id, why it looks wrong. Staff decide; nothing is changed here.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from volunteer.geo import Point, distance_m


@dataclass(frozen=True)
class Visit:
    record_id: int
    volunteer_id: int
    started_at: datetime
    ended_at: datetime
    hours: Decimal
    day: date  # local (Asia/Shanghai) date the service started
    checkin_at: datetime | None = None
    checkin: Point | None = None
    checkout_at: datetime | None = None
    checkout: Point | None = None
    device_id: str | None = None
    place: Point | None = None  # the need's exact place, and how near check-in must be to it
    radius_m: int | None = None


# What a flag on a record can say (its message code is "anomaly_" + the reason).
ANOMALY_REASONS = ("overlap", "long_day", "too_fast", "too_fast_between", "shared_device", "far_checkout")


@dataclass(frozen=True)
class Flag:
    code: str
    params: dict


def overlapping(visits: list[Visit]) -> dict[int, list[Flag]]:
    """Records of one volunteer whose times overlap."""
    flags: dict[int, list[Flag]] = defaultdict(list)
    by_volunteer = defaultdict(list)
    for v in visits:
        by_volunteer[v.volunteer_id].append(v)
    for mine in by_volunteer.values():
        mine.sort(key=lambda v: (v.started_at, v.record_id))
        for i, a in enumerate(mine):
            for b in mine[i + 1:]:
                if b.started_at >= a.ended_at:
                    break
                flags[a.record_id].append(Flag("anomaly_overlap", {"other": b.record_id}))
                flags[b.record_id].append(Flag("anomaly_overlap", {"other": a.record_id}))
    return flags


def long_days(visits: list[Visit], max_hours: float) -> dict[int, list[Flag]]:
    """Every record of a local day on which one volunteer served more than `max_hours`."""
    days = defaultdict(list)
    for v in visits:
        days[(v.volunteer_id, v.day)].append(v)
    flags: dict[int, list[Flag]] = defaultdict(list)
    for (_, day), same_day in days.items():
        total = sum((v.hours for v in same_day), Decimal(0))
        if total > Decimal(str(max_hours)):
            for v in same_day:
                flags[v.record_id].append(Flag("anomaly_long_day", {
                    "day": day.isoformat(), "hours": str(total), "limit": f"{max_hours:g}"}))
    return flags


def _too_fast(a: Point, b: Point, seconds: float, max_kmh: float, slack_m: float) -> int | None:
    """The metres between two fixes if nobody could cover them in `seconds`, else None."""
    metres = distance_m(a, b)
    reachable = slack_m + max_kmh / 3.6 * max(seconds, 0)
    return round(metres) if metres > reachable else None


def impossible_moves(visits: list[Visit], max_kmh: float, slack_m: float) -> dict[int, list[Flag]]:
    """Check-in to check-out, and one check-out to the next check-in, faster than `max_kmh`.

    `slack_m` allows for the error of two GPS fixes.
    """
    flags: dict[int, list[Flag]] = defaultdict(list)
    by_volunteer = defaultdict(list)
    for v in visits:
        by_volunteer[v.volunteer_id].append(v)
        if v.checkin and v.checkout and v.checkin_at and v.checkout_at:
            seconds = (v.checkout_at - v.checkin_at).total_seconds()
            if (metres := _too_fast(v.checkin, v.checkout, seconds, max_kmh, slack_m)) is not None:
                flags[v.record_id].append(Flag("anomaly_too_fast", {
                    "distance": metres, "minutes": round(seconds / 60)}))
    for mine in by_volunteer.values():
        timed = sorted((v for v in mine if v.checkin_at), key=lambda v: v.checkin_at)
        for before, after in zip(timed, timed[1:]):
            if not (before.checkout and after.checkin and before.checkout_at):
                continue
            seconds = (after.checkin_at - before.checkout_at).total_seconds()
            if (metres := _too_fast(before.checkout, after.checkin, seconds, max_kmh, slack_m)) is not None:
                flags[after.record_id].append(Flag("anomaly_too_fast_between", {
                    "other": before.record_id, "distance": metres, "minutes": round(seconds / 60)}))
    return flags


def shared_devices(visits: list[Visit]) -> dict[int, list[Flag]]:
    """Check-ins from one device for more than one volunteer."""
    volunteers = defaultdict(set)
    for v in visits:
        if v.device_id:
            volunteers[v.device_id].add(v.volunteer_id)
    flags: dict[int, list[Flag]] = defaultdict(list)
    for v in visits:
        if v.device_id and len(volunteers[v.device_id]) > 1:
            flags[v.record_id].append(Flag("anomaly_shared_device", {"count": len(volunteers[v.device_id])}))
    return flags


def far_checkouts(visits: list[Visit], slack_m: float) -> dict[int, list[Flag]]:
    """Check-outs farther from the need's place than its check-in radius and a GPS error allow.

    Flagged, not refused: an escort may end at the hospital; the confirmer decides.
    """
    flags: dict[int, list[Flag]] = defaultdict(list)
    for v in visits:
        if v.checkout is None or v.place is None or v.radius_m is None:
            continue
        metres = distance_m(v.checkout, v.place)
        if metres > v.radius_m + slack_m:
            flags[v.record_id].append(Flag("anomaly_far_checkout", {"distance": round(metres), "limit": v.radius_m}))
    return flags


def all_flags(visits: list[Visit], max_daily_hours: float, max_kmh: float,
              slack_m: float) -> dict[int, list[Flag]]:
    merged: dict[int, list[Flag]] = defaultdict(list)
    for found in (overlapping(visits), long_days(visits, max_daily_hours),
                  impossible_moves(visits, max_kmh, slack_m), shared_devices(visits),
                  far_checkouts(visits, slack_m)):
        for record_id, flags in found.items():
            merged[record_id].extend(flags)
    return merged
