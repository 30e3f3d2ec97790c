"""Service records and the ledgers that grow from them. Nothing here is edited in place."""
import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Integer, Numeric, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class RecordStatus(str, enum.Enum):
    pending = "pending"
    verified = "verified"
    rejected = "rejected"


class ServiceRecord(Base):
    """Hours of actual service on one assignment, waiting for or holding a confirmation."""

    __tablename__ = "service_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    content: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200))
    status: Mapped[RecordStatus] = mapped_column(
        Enum(RecordStatus, native_enum=False, length=10), default=RecordStatus.pending, index=True
    )
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    need = relationship("Need")
    volunteer = relationship("User", foreign_keys=[volunteer_id])


class HoursEntry(Base):
    """Append-only: a volunteer's total hours are the sum of these rows."""

    __tablename__ = "hours_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # One entry per confirmed record: a second confirmation cannot count twice.
    record_id: Mapped[int] = mapped_column(ForeignKey("service_records.id"), unique=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PointsTransfer(Base):
    """Double entry in one row: `amount` points move from one account to another.

    Accounts are names: "user:<id>" for a person, "issuer:<community id>" for the
    community that rewards service. Every balance is a sum over this table and all
    balances together are zero.
    """

    __tablename__ = "points_transfers"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    from_account: Mapped[str] = mapped_column(String(40), index=True)
    to_account: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # service | redemption | gift
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"), unique=True)
    memo: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StarAward(Base):
    """A star level reached, with the hours that earned it."""

    __tablename__ = "star_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    hours_at_award: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Feedback(Base):
    """The resident's rating of a completed need (1-5)."""

    __tablename__ = "feedback"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


RECORD_MOVES: dict[RecordStatus, set[RecordStatus]] = {
    RecordStatus.pending: {RecordStatus.verified, RecordStatus.rejected},
    RecordStatus.verified: set(),
    RecordStatus.rejected: set(),
}
