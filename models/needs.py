"""Help requests from residents and the needs staff make of them."""
import enum
from datetime import date, datetime, timedelta

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, Enum, Float, ForeignKey, Index, Integer, String, Table,
    Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.people import LicenceLevel, Skill
from models.types import UTCDateTime, utcnow

# Volunteers may check in from this long before a need starts until it ends.
CHECKIN_OPENS_BEFORE = timedelta(hours=1)

need_skills = Table(
    "need_skills",
    Base.metadata,
    Column("need_id", ForeignKey("needs.id"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id"), primary_key=True),
)


class Urgency(str, enum.Enum):
    normal = "normal"
    urgent = "urgent"


class RequestStatus(str, enum.Enum):
    submitted = "submitted"
    accepted = "accepted"  # turned into a need
    declined = "declined"
    withdrawn = "withdrawn"


class HelpRequest(Base):
    """What a resident asks for, in their words (诉求), before staff shape it."""

    __tablename__ = "help_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    skill_id: Mapped[int | None] = mapped_column(ForeignKey("skills.id"))
    description: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    contact_phone: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[Urgency] = mapped_column(Enum(Urgency, native_enum=False, length=10))
    preferred_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[RequestStatus] = mapped_column(
        Enum(RequestStatus, native_enum=False, length=12), default=RequestStatus.submitted
    )
    decline_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resident = relationship("User", foreign_keys=[resident_id], lazy="selectin")
    grid = relationship("Grid", lazy="selectin")
    skill: Mapped[Skill | None] = relationship()
    need: Mapped["Need | None"] = relationship(back_populates="request", uselist=False)


class NeedStatus(str, enum.Enum):
    open = "open"
    filled = "filled"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"
    expired = "expired"


class Need(Base):
    """A piece of work with slots, a place and a time window."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= slots", name="slots_in_range"),
        CheckConstraint("ends_at > starts_at", name="window_ordered"),
        # A recurring need makes one instance per date, never two.
        UniqueConstraint("recurring_id", "occurs_on"),
        # "Near me": open needs in a box around the volunteer.
        Index("ix_needs_status_position", "status", "lat", "lng"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    needs_social_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    # The lowest licence a social worker must hold to serve this need; None: any.
    min_licence_level: Mapped[LicenceLevel | None] = mapped_column(
        Enum(LicenceLevel, native_enum=False, length=14))
    slots: Mapped[int] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0)
    address: Mapped[str] = mapped_column(String(200))  # exact: assignees and grid staff only
    public_place: Mapped[str] = mapped_column(String(100))  # rounded, e.g. the grid's name
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer, default=5000)
    checkin_radius_m: Mapped[int] = mapped_column(Integer, default=500)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    urgency: Mapped[Urgency] = mapped_column(Enum(Urgency, native_enum=False, length=10))
    status: Mapped[NeedStatus] = mapped_column(
        Enum(NeedStatus, native_enum=False, length=12), default=NeedStatus.open, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A session (shift) of an activity (招募), when the need is one; see models/activities.py.
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"), index=True)
    # The project (政府购买服务) the need is delivered under, if any; see models/projects.py.
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    # Offer mode: keep this many offers out until the slots fill (None: not dispatched).
    offer_batch: Mapped[int | None] = mapped_column(Integer)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str | None] = mapped_column(String(200))
    # When its time or place last moved: a withdrawal after that is never late.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recurring_id: Mapped[int | None] = mapped_column(ForeignKey("recurring_needs.id"))
    occurs_on: Mapped[date | None] = mapped_column(Date)

    skills: Mapped[list[Skill]] = relationship(secondary=need_skills, lazy="selectin")
    served: Mapped[list["NeedServedGroup"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="NeedServedGroup.code")
    request: Mapped[HelpRequest | None] = relationship(back_populates="need")
    grid = relationship("Grid")
    assignments = relationship("Assignment", back_populates="need", order_by="Assignment.id")
    feedback = relationship("Feedback", uselist=False, viewonly=True)  # the resident's rating, once given

    @property
    def checkin_opens_at(self) -> datetime:
        return self.starts_at - CHECKIN_OPENS_BEFORE

    def checkin_open(self, now: datetime) -> bool:
        """Whether a volunteer may check in (and the rotating code is shown) at `now`."""
        return self.checkin_opens_at <= now <= self.ends_at

    @property
    def served_groups(self) -> list[str]:
        return [g.code for g in self.served]


class NeedServedGroup(Base):
    """Who a need serves (空巢老人, 留守儿童...): codes of volunteer/needs/groups.py."""

    __tablename__ = "need_served_groups"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


# The moves a need may make; anything else is an illegal transition.
NEED_MOVES: dict[NeedStatus, set[NeedStatus]] = {
    NeedStatus.open: {NeedStatus.filled, NeedStatus.in_progress, NeedStatus.cancelled, NeedStatus.expired},
    NeedStatus.filled: {NeedStatus.open, NeedStatus.in_progress, NeedStatus.cancelled},
    NeedStatus.in_progress: {NeedStatus.completed},
    NeedStatus.completed: set(),
    NeedStatus.cancelled: set(),
    NeedStatus.expired: set(),
}
