"""Service records and the ledgers that grow from them. Nothing here is edited in place.

A record is corrected by a new record pointing at it (`corrects_id`); hours move only by
new ledger rows. The guards at the end of this module refuse, at flush, any change to
what a record says and any delete, so no code path can rewrite history by accident.
"""
import enum
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean, CheckConstraint, Enum, ForeignKey, Index, Integer, Numeric, SmallInteger, String, Text,
    event, false, inspect, select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class RecordStatus(str, enum.Enum):
    pending = "pending"
    verified = "verified"
    rejected = "rejected"
    superseded = "superseded"  # a correction replaced it; it stays as history


class TransferKind(str, enum.Enum):
    service = "service"  # points for confirmed hours
    correction = "correction"  # points moved again when a confirmed record was corrected
    redemption = "redemption"
    gift = "gift"


class StarChangeKind(str, enum.Enum):
    awarded = "awarded"
    lowered = "lowered"  # hours were taken back below the level


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
    # A record is corrected at most once: corrections form a chain, never a tree.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"), unique=True)
    corrected_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    correction_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Served as a party member reporting to the community, as the profile said when recorded.
    as_party_member: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The team (an organisation) it was served with, when a leader assigned the member.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)

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
    kind: Mapped[TransferKind] = mapped_column(Enum(TransferKind, native_enum=False, length=20))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("service_records.id"), unique=True)
    memo: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StarAward(Base):
    """A change of star level: awarded on approval, or lowered when hours were revoked.

    The volunteer's level is the `level` of their latest row (cached on the profile).
    """

    __tablename__ = "star_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    hours_at_award: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[StarChangeKind] = mapped_column(Enum(StarChangeKind, native_enum=False, length=10),
                                                 default=StarChangeKind.awarded, server_default="awarded")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(200))


class NoShow(Base):
    """An accepted assignment nobody turned up for. Excusing it later is the one change allowed."""

    __tablename__ = "no_shows"
    __table_args__ = (Index("ix_no_shows_volunteer_id_marked_at", "volunteer_id", "marked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    excused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reason: Mapped[str] = mapped_column(String(200))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the sweep
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    excused_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    excused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Commendation(Base):
    """A commendation or award (表彰奖励) given to a volunteer, as staff recorded it."""

    __tablename__ = "commendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(100))
    awarded_on: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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
    RecordStatus.pending: {RecordStatus.verified, RecordStatus.rejected, RecordStatus.superseded},
    RecordStatus.verified: {RecordStatus.superseded},
    RecordStatus.rejected: {RecordStatus.superseded},
    RecordStatus.superseded: set(),
}


# ---- Append-only guards -------------------------------------------------------------

class AppendOnlyViolation(Exception):
    """Something tried to edit or delete history."""


# Columns that may be filled in once (None -> value) and never changed after; every
# other column of these tables is fixed at insert.
_SET_ONCE = {
    ServiceRecord: {"confirmed_by_id", "confirmed_at", "reject_reason"},
    NoShow: {"excused_by_id", "excused_at"},
}
_MAY_MOVE = {ServiceRecord: {"status"}}  # through RECORD_MOVES only
_ONE_WAY = {NoShow: {"excused": True}}  # a no-show may be excused, never un-excused
APPEND_ONLY: set[type] = set()


def _refuse_changes(mapper, connection, target) -> None:
    cls = type(target)
    state = inspect(target)
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        if attr.key in _MAY_MOVE.get(cls, ()):
            continue
        if attr.key in _ONE_WAY.get(cls, {}) and history.added == [_ONE_WAY[cls][attr.key]]:
            continue
        if attr.key in _SET_ONCE.get(cls, ()) and _stored(connection, target, attr) is None:
            continue
        raise AppendOnlyViolation(f"{cls.__tablename__}.{attr.key} cannot be changed")


def _stored(connection, target, attr):
    """The value in the database now (the in-memory history may not hold it)."""
    column = attr.columns[0]
    table = column.table
    return connection.execute(select(column).where(table.c.id == target.id)).scalar()


def _refuse_delete(mapper, connection, target) -> None:
    raise AppendOnlyViolation(f"{type(target).__tablename__} rows are never deleted")


def keep_append_only(*models: type) -> None:
    """Refuse every ORM update (beyond the moves allowed above) and delete of these models."""
    for model in models:
        APPEND_ONLY.add(model)
        event.listen(model, "before_update", _refuse_changes)
        event.listen(model, "before_delete", _refuse_delete)


keep_append_only(ServiceRecord, HoursEntry, StarAward, PointsTransfer, NoShow, Commendation)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(orm_execute_state) -> None:
    """ORM bulk UPDATE/DELETE skip the per-row guards above, so refuse them on these tables."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    for mapper in orm_execute_state.all_mappers:
        if mapper.class_ in APPEND_ONLY:
            raise AppendOnlyViolation(f"bulk change of {mapper.class_.__tablename__} refused")
