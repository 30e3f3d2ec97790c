"""Certificates of confirmed hours: issue (once per content), and verify for anyone.

A certificate states a volunteer's confirmed hours over a period. The content is hashed;
the number, the hash and the figures are recorded so that anyone holding the paper can ask
the server whether it is genuine, and whether the records still say the same.
"""
import secrets
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import Community, Grid, IssuedCertificate, Need, ServiceRecord, User, VolunteerProfile, db
from models.records import RecordStatus
from volunteer import audit, clock
from volunteer.certificates import rules
from volunteer.errors import InvalidInput, NotFound
from volunteer.messages import field_code


def confirmed_records(volunteer_id: int, first: date, last: date) -> list[ServiceRecord]:
    start, end = rules.period_in_utc(first, last)
    return list(db.session.scalars(
        select(ServiceRecord).where(ServiceRecord.volunteer_id == volunteer_id,
                                    ServiceRecord.status == RecordStatus.verified,
                                    ServiceRecord.started_at >= start, ServiceRecord.started_at < end)
        .order_by(ServiceRecord.started_at, ServiceRecord.id)))


def issuing_community(user: User, records: list[ServiceRecord]) -> Community | None:
    """The community of the volunteer's home grid, else of their first service."""
    grid_id = db.session.scalar(select(VolunteerProfile.home_grid_id).where(VolunteerProfile.user_id == user.id))
    if grid_id is None and records:
        grid_id = db.session.scalar(select(Need.grid_id).where(Need.id == records[0].need_id))
    grid = db.session.get(Grid, grid_id) if grid_id else None
    return grid.community if grid else None


def _content(user: User, first: date, last: date, records, community) -> dict:
    return rules.canonical_content(user.id, user.name, first, last,
                                   [(r.id, r.hours) for r in records],
                                   community.id if community else None)


def issue(user: User, first: date, last: date) -> tuple[IssuedCertificate, list[ServiceRecord]]:
    """The certificate for these hours: the one issued before for the same content, or a new one."""
    records = confirmed_records(user.id, first, last)
    if not records:
        raise InvalidInput("no_confirmed_hours", fields={"from": field_code("no_confirmed_hours")})
    community = issuing_community(user, records)
    content = _content(user, first, last, records, community)
    digest = rules.content_hash(content)
    found = _issued(user.id, digest)
    if found is not None:
        return found, records
    now = clock.now()
    certificate = IssuedCertificate(
        number=f"VS{clock.local(now):%Y%m%d}{secrets.token_hex(4).upper()}", volunteer_id=user.id,
        community_id=community.id if community else None, period_from=first, period_to=last,
        hours=content["hours"], services=len(records), content_hash=digest, issued_at=now)
    db.session.add(certificate)
    try:
        db.session.flush()
        audit.record(user.id, "issue_certificate", f"certificate:{certificate.number}", hours=content["hours"])
        db.session.commit()
    except IntegrityError:  # the same content issued by a concurrent download
        db.session.rollback()
        return _issued(user.id, digest), confirmed_records(user.id, first, last)
    return certificate, records


def _issued(volunteer_id: int, digest: str) -> IssuedCertificate | None:
    return db.session.scalar(select(IssuedCertificate).where(
        IssuedCertificate.volunteer_id == volunteer_id, IssuedCertificate.content_hash == digest))


def verify(number: str) -> dict:
    """What the server holds for a certificate number, and whether the records still match it."""
    certificate = db.session.scalar(select(IssuedCertificate).where(IssuedCertificate.number == number))
    if certificate is None:
        raise NotFound("certificate_not_found")
    user = certificate.volunteer
    records = confirmed_records(user.id, certificate.period_from, certificate.period_to)
    community = db.session.get(Community, certificate.community_id) if certificate.community_id else None
    current = rules.content_hash(_content(user, certificate.period_from, certificate.period_to,
                                          records, community))
    return {"certificate": certificate, "community": community, "matches_records": current == certificate.content_hash}
