"""A person's own information (个人信息保护法): everything held about them, to take away, and
the deletion of their account.

Deleting removes who the person is (name, phone, password, home position, addresses, push
endpoints, notifications) and keeps what the record rules require: service records, hours
and the points ledger stay, tied to an account that no longer says whose it was.
"""
import secrets

from sqlalchemy import delete, or_, select, update

from models import (
    ApiToken, Assignment, AuditEvent, HelpRequest, Need, Notification, PushSubscription, Redemption,
    ServiceRecord, User, VolunteerProfile, db,
)
from models.assignments import AssignmentStatus
from models.needs import NeedStatus, RequestStatus
from models.people import VolunteerStatus
from models.records import RecordStatus
from volunteer import audit, clock
from volunteer.accounts.services import hash_password
from volunteer.errors import Conflict, InvalidInput
from volunteer.hours.services import user_account
from volunteer.messages import field_code
from volunteer.records.services import volunteer_record
from volunteer.rewards import ledger
from werkzeug.security import check_password_hash

DELETED_NAME = "已注销用户"
ACTIVE = (AssignmentStatus.offered, AssignmentStatus.accepted, AssignmentStatus.checked_in)
LIVE_NEEDS = (NeedStatus.open, NeedStatus.filled, NeedStatus.in_progress)


def everything_about(user: User) -> dict:
    """All the service holds about `user`, as plain data."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    requests = db.session.scalars(select(HelpRequest).where(HelpRequest.resident_id == user.id)
                                  .order_by(HelpRequest.id)).all()
    assignments = db.session.scalars(select(Assignment).where(Assignment.user_id == user.id)
                                     .order_by(Assignment.id)).all()
    return {
        "exported_at": clock.now().isoformat(),
        "account": {"id": user.id, "phone": user.phone, "name": user.name, "created_at": user.created_at.isoformat(),
                    "roles": [{"role": r.role.value, "grid_id": r.grid_id, "community_id": r.community_id}
                              for r in user.roles]},
        "volunteer_profile": None if profile is None else {
            "status": profile.status.value, "home_grid_id": profile.home_grid_id,
            "position": {"lat": profile.lat, "lng": profile.lng}, "service_radius_m": profile.service_radius_m,
            "skills": [s.code for s in profile.skills], "on_duty": profile.on_duty, "star_level": profile.star_level,
            "availability": [{"weekday": a.weekday, "start_minute": a.start_minute, "end_minute": a.end_minute}
                             for a in profile.availability]},
        "help_requests": [{"id": r.id, "description": r.description, "address": r.address,
                           "position": {"lat": r.lat, "lng": r.lng}, "status": r.status.value,
                           "created_at": r.created_at.isoformat()} for r in requests],
        "assignments": [{"id": a.id, "need_id": a.need_id, "status": a.status.value,
                         "checkin_at": a.checkin_at and a.checkin_at.isoformat(),
                         "checkin_position": {"lat": a.checkin_lat, "lng": a.checkin_lng},
                         "checkout_at": a.checkout_at and a.checkout_at.isoformat(),
                         "checkout_position": {"lat": a.checkout_lat, "lng": a.checkout_lng}} for a in assignments],
        "service_record": _jsonable(volunteer_record(user.id)) if profile else None,
        "points": _jsonable(ledger.lines(user_account(user.id), 1, 10_000)),
        "redemptions": [{"id": r.id, "reward_id": r.reward_id, "points": r.points, "created_at": r.created_at.isoformat()}
                        for r in db.session.scalars(select(Redemption).where(Redemption.user_id == user.id))],
        "notifications": [{"id": n.id, "kind": n.kind, "subject": n.subject, "params": n.params,
                           "created_at": n.created_at.isoformat()}
                          for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id))],
        "audit": [{"at": e.at.isoformat(), "action": e.action, "actor_id": e.actor_id, "detail": e.detail}
                  for e in db.session.scalars(select(AuditEvent).where(
                      or_(AuditEvent.subject == f"user:{user.id}", AuditEvent.actor_id == user.id))
                      .order_by(AuditEvent.id))],
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):  # Enum
        return value.value
    return value


def delete_account(user: User, password: str) -> None:
    """Remove who `user` is; refused while they hold a task others count on."""
    if not check_password_hash(user.password_hash, password):
        raise InvalidInput(fields={"password": field_code("wrong_password")})
    if db.session.scalar(select(Assignment.id).where(Assignment.user_id == user.id,
                                                     Assignment.status.in_(ACTIVE))) is not None:
        raise Conflict("account_has_active_tasks")
    if db.session.scalar(select(ServiceRecord.id).where(ServiceRecord.volunteer_id == user.id,
                                                        ServiceRecord.status == RecordStatus.pending)) is not None:
        raise Conflict("account_has_pending_records")
    if db.session.scalar(select(Need.id).where(Need.resident_id == user.id, Need.status.in_(LIVE_NEEDS))) is not None:
        raise Conflict("account_has_open_needs")
    user.name, user.phone, user.active = DELETED_NAME, f"deleted-{user.id}", False
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # no one knows it
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    if profile is not None:
        profile.status, profile.on_duty = VolunteerStatus.suspended, False
        profile.lat, profile.lng = round(profile.lat, 2), round(profile.lng, 2)
    for req in db.session.scalars(select(HelpRequest).where(HelpRequest.resident_id == user.id)):
        req.address, req.contact_phone = "（已注销）", ""
        req.lat, req.lng = round(req.lat, 2), round(req.lng, 2)
        if req.status == RequestStatus.submitted:
            req.status = RequestStatus.withdrawn
    for need in db.session.scalars(select(Need).where(Need.resident_id == user.id)):
        need.address, need.contact_phone = "（已注销）", None
    db.session.execute(delete(PushSubscription).where(PushSubscription.user_id == user.id))
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    audit.record(user.id, "delete_account", f"user:{user.id}")
    db.session.commit()
