"""Audit log: services call `record` inside the transaction of the change, and
`personal_reads` whenever someone is shown another person's phone or address."""
from sqlalchemy import func, select

from models import AuditEvent, User, db
from volunteer import clock

READ_PERSONAL = "read_personal"


def record(actor_id: int | None, action: str, subject: str, **detail) -> None:
    db.session.add(AuditEvent(actor_id=actor_id, action=action, subject=subject,
                              detail=detail, at=clock.now()))


def personal_reads(actor_id: int, reads) -> None:
    """Log that `actor_id` was shown the phone and address of each (person_id, via) but their
    own. Committed at once: the read that shows them changes nothing else."""
    shown = {(person, via) for person, via in reads if person is not None and person != actor_id}
    for person, via in sorted(shown):
        record(actor_id, READ_PERSONAL, f"user:{person}", via=via)
    if shown:
        db.session.commit()


def events_about(person_id: int, page: int, per_page: int) -> tuple[int, list[tuple[AuditEvent, User | None]]]:
    """What was done to or read of a person, newest first: (total, a page of (event, actor))."""
    about = AuditEvent.subject == f"user:{person_id}"
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(about))
    rows = db.session.execute(
        select(AuditEvent, User).outerjoin(User, User.id == AuditEvent.actor_id).where(about)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return total, [(event, actor) for event, actor in rows]
