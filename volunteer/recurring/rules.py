"""Which dates a weekly rule falls on: pure, no database."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def occurrences(weekdays: list[int], starts_on: date, ends_on: date | None, today: date,
                days_ahead: int) -> list[date]:
    """Dates from today to `days_ahead` later that the rule falls on, in order."""
    last = today + timedelta(days=days_ahead)
    if ends_on is not None:
        last = min(last, ends_on)
    day = max(today, starts_on)
    dates = []
    while day <= last:
        if day.weekday() in weekdays:
            dates.append(day)
        day += timedelta(days=1)
    return dates


def window(day: date, start_minute: int, duration_minutes: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local start and end of the instance on `day`, as aware datetimes."""
    starts = datetime.combine(day, time(0), tzinfo=zone) + timedelta(minutes=start_minute)
    return starts, starts + timedelta(minutes=duration_minutes)
