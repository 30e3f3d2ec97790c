"""Certificates: the canonical content, its hash, the period in UTC, table cells. Pure."""
import hashlib
import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from volunteer.clock import LOCAL


def period_in_utc(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in Asia/Shanghai, as aware datetimes."""
    start = datetime.combine(first, time(0), tzinfo=LOCAL)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=LOCAL)


def year_to_date(local_today: date, first: date | None, last: date | None) -> tuple[date, date]:
    """The period asked for, by default from 1 January to today, both Asia/Shanghai dates."""
    last = last or local_today
    return first or date(last.year, 1, 1), last


ELLIPSIS = "…"


def wrap_cell(text: str, width: float, measure: Callable[[str], float], max_lines: int = 2) -> list[str]:
    """`text` cut into at most `max_lines` lines that each measure at most `width`.

    Cut by character (Chinese has no spaces to break at); what does not fit in the last
    line ends in an ellipsis, so a cell never runs into the next column.
    """
    lines, line = [], ""
    for char in text:
        if line and measure(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and measure(last + ELLIPSIS) > width:
        last = last[:-1]
    return lines[:max_lines - 1] + [last + ELLIPSIS]


def canonical_content(volunteer_id: int, name: str, first: date, last: date,
                      records: list[tuple[int, Decimal]], community_id: int | None) -> dict:
    """What a certificate attests, in a form that hashes the same on every machine."""
    return {
        "volunteer_id": volunteer_id, "name": name,
        "period": [first.isoformat(), last.isoformat()],
        "hours": str(sum((h for _, h in records), Decimal("0")).quantize(Decimal("0.01"))),
        "records": [[rid, str(Decimal(h).quantize(Decimal("0.01")))] for rid, h in sorted(records)],
        "community_id": community_id,
    }


def content_hash(content: dict) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
