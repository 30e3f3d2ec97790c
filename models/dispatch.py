"""Dispatch: who asked for no more offers today, and needs that come back every week."""
from datetime import date, datetime

from sqlalchemy import (
    JSON, Boolean, Column, Date, Enum, Float, ForeignKey, Integer, SmallInteger, String, Table, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.needs import Urgency
from models.people import Skill
from models.types import UTCDateTime, utcnow

recurring_need_skills = Table(
    "recurring_need_skills",
    Base.metadata,
    Column("recurring_need_id", ForeignKey("recurring_needs.id"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id"), primary_key=True),
)


class OfferPause(Base):
    """A volunteer said "no more offers today" (the day is local, Asia/Shanghai)."""

    __tablename__ = "offer_pauses"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecurringNeed(Base):
    """A template that makes a need on each of its weekdays, e.g. a weekly visit to an elder.

    Times are local (Asia/Shanghai): `start_minute` after midnight, lasting `duration_minutes`.
    Needs are made `ahead` of time by the scheduler, one per date.
    """

    __tablename__ = "recurring_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    social_worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    needs_social_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    slots: Mapped[int] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(String(200))
    public_place: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer)
    checkin_radius_m: Mapped[int] = mapped_column(Integer)
    urgency: Mapped[Urgency] = mapped_column(Enum(Urgency, native_enum=False, length=10))
    weekdays: Mapped[list] = mapped_column(JSON)  # [0..6], 0 = Monday
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    skills: Mapped[list[Skill]] = relationship(secondary=recurring_need_skills, lazy="selectin")
    grid = relationship("Grid")
