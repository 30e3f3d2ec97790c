"""Activities (招募): one call for volunteers with one or more sessions (shifts).

Each session is a Need (needs.activity_id), so sign-up, check-in by position or rotating
code, records, confirmation and hours are the loop every need already runs. An activity
adds what recruiting needs: a public page behind a short link, sign-up questions, and a
mode (first come, or apply and be approved), with each sign-up and its answers kept here.
"""
import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class SignupMode(str, enum.Enum):
    first_come = "first_come"  # a place is taken at once while any is left
    approval = "approval"  # the organiser approves each application; the place is taken then


class ActivityStatus(str, enum.Enum):
    published = "published"
    cancelled = "cancelled"


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The short link: /a/<slug>; random, so activities cannot be walked by counting.
    slug: Mapped[str] = mapped_column(String(12), unique=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    mode: Mapped[SignupMode] = mapped_column(Enum(SignupMode, native_enum=False, length=12))
    questions: Mapped[list] = mapped_column(JSON, default=list)  # sign-up questions, as asked
    status: Mapped[ActivityStatus] = mapped_column(
        Enum(ActivityStatus, native_enum=False, length=12), default=ActivityStatus.published)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    grid = relationship("Grid")
    organisation = relationship("Organisation")
    sessions = relationship("Need", order_by="Need.starts_at", viewonly=True,
                            primaryjoin="Activity.id == foreign(Need.activity_id)")


class SignupStatus(str, enum.Enum):
    applied = "applied"  # approval mode: waiting for the organiser
    approved = "approved"  # holds a place: an assignment on the session's need
    refused = "refused"
    withdrawn = "withdrawn"


class ActivitySignup(Base):
    """One person's sign-up for one session, with their answers to the questions."""

    __tablename__ = "activity_signups"
    __table_args__ = (UniqueConstraint("need_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[SignupStatus] = mapped_column(Enum(SignupStatus, native_enum=False, length=10))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])
