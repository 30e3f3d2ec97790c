"""Audit log: services call `record` inside the transaction of the change, and
`personal_reads` whenever someone is shown another person's phone or address."""
from flask import has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditEvent, User, db
from volunteer import clock
from volunteer.database import READ_METHODS

READ_PERSONAL = "read_personal"


def record(actor_id: int | None, action: str, subject: str, **detail) -> None:
    db.session.add(AuditEvent(actor_id=actor_id, action=action, subject=subject,
                              detail=detail, at=clock.now()))


def personal_reads(actor_id: int, reads) -> None:
    """Log that `actor_id` was shown the phone and address of each (person_id, via) but their own.

    A write request logs in its own transaction, committed with its change. A read request's
    transaction must not write (see database.py), so its log is written and committed at once
    in a transaction of its own."""
    shown = sorted({(person, via) for person, via in reads if person is not None and person != actor_id})
    if not shown:
        return
    events = [AuditEvent(actor_id=actor_id, action=READ_PERSONAL, subject=f"user:{person}",
                         detail={"via": via}, at=clock.now()) for person, via in shown]
    if not (has_request_context() and request.method in READ_METHODS):
        db.session.add_all(events)
        return
    with Session(db.engine) as writer:
        writer.add_all(events)
        writer.commit()


def events_about(person_id: int, page: int, per_page: int,
                 action: str | None = None) -> tuple[int, list[tuple[AuditEvent, User | None]]]:
    """What was done to or read of a person (of one `action`, if given), newest first:
    (total, a page of (event, actor))."""
    about = AuditEvent.subject == f"user:{person_id}"
    if action is not None:
        about = about & (AuditEvent.action == action)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(about))
    rows = db.session.execute(
        select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id).where(about)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return total, [(event, actor) for event, actor in rows]
