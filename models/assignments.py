"""A person's place on a need, from offer or sign-up to check-out."""
import enum
from datetime import datetime

from sqlalchemy import Boolean, Enum, Float, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class AssignmentSource(str, enum.Enum):
    assigned = "assigned"
    offer = "offer"
    signup = "signup"
    waitlist = "waitlist"  # joined the waitlist of a full need; offered a freed slot in turn
    team = "team"  # a team's leader put a member into one of the slots the team accepted


class AssignmentStatus(str, enum.Enum):
    offered = "offered"
    accepted = "accepted"
    declined = "declined"
    expired = "expired"
    checked_in = "checked_in"
    completed = "completed"
    no_show = "no_show"
    cancelled = "cancelled"
    waitlisted = "waitlisted"
    withdrawn = "withdrawn"  # the volunteer said "I can't come"


# Statuses that hold one of the need's slots.
HOLDS_SLOT = (AssignmentStatus.accepted, AssignmentStatus.checked_in, AssignmentStatus.completed)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("need_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # volunteer | social_worker
    source: Mapped[AssignmentSource] = mapped_column(Enum(AssignmentSource, native_enum=False, length=10))
    status: Mapped[AssignmentStatus] = mapped_column(Enum(AssignmentStatus, native_enum=False, length=12))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    distance_m: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checkin_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_lat: Mapped[float | None] = mapped_column(Float)
    checkin_lng: Mapped[float | None] = mapped_column(Float)
    # The phone that checked in (X-Device-Id), and whether a rotating code replaced the position.
    checkin_device_id: Mapped[str | None] = mapped_column(String(100), index=True)
    checkin_by_code: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    checkout_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkout_lat: Mapped[float | None] = mapped_column(Float)
    checkout_lng: Mapped[float | None] = mapped_column(Float)
    # Offers: an offer lapses at expires_at; responded_at is when it was taken or declined.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the system had to step in (e.g. "checkout_missing"); records review reads it.
    flag: Mapped[str | None] = mapped_column(String(40), index=True)
    # Why the volunteer withdrew or staff cancelled; a withdrawal inside WITHDRAW_FREE_HOURS
    # of the start is late: it lowers reliability, and is never a no-show.
    reason: Mapped[str | None] = mapped_column(String(200))
    withdrawn_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The team the member serves with, when the team's leader assigned them (see NeedTeam).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)

    need = relationship("Need", back_populates="assignments")
    user = relationship("User", foreign_keys=[user_id])


ASSIGNMENT_MOVES: dict[AssignmentStatus, set[AssignmentStatus]] = {
    AssignmentStatus.waitlisted: {AssignmentStatus.offered, AssignmentStatus.withdrawn, AssignmentStatus.cancelled},
    AssignmentStatus.offered: {AssignmentStatus.accepted, AssignmentStatus.declined, AssignmentStatus.expired,
                               AssignmentStatus.cancelled},
    AssignmentStatus.accepted: {AssignmentStatus.checked_in, AssignmentStatus.cancelled, AssignmentStatus.no_show,
                                AssignmentStatus.withdrawn},
    AssignmentStatus.checked_in: {AssignmentStatus.completed},
    AssignmentStatus.declined: set(),
    AssignmentStatus.expired: set(),
    AssignmentStatus.completed: set(),
    AssignmentStatus.no_show: set(),
    AssignmentStatus.cancelled: set(),
    AssignmentStatus.withdrawn: set(),
}
