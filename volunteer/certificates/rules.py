"""Certificates: the canonical content, its hash, and the period in UTC. Pure."""
import hashlib
import json
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from volunteer.clock import LOCAL


def period_in_utc(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in Asia/Shanghai, as aware datetimes."""
    start = datetime.combine(first, time(0), tzinfo=LOCAL)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=LOCAL)


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
