"""Audit log: services call `record` inside the transaction of the change."""
from models import AuditEvent, db
from volunteer import clock


def record(actor_id: int | None, action: str, subject: str, **detail) -> None:
    db.session.add(AuditEvent(actor_id=actor_id, action=action, subject=subject,
                              detail=detail, at=clock.now()))
