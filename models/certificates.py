"""Certificates of service issued to volunteers, kept so anyone can verify one."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class IssuedCertificate(Base):
    """One certificate: its number, whose hours over which period, and a hash of its content.

    The same content (volunteer, period, records and hours) is issued once: a second
    download of it gets the same number back.
    """

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("volunteer_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("communities.id"))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    services: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    volunteer = relationship("User")
    community = relationship("Community")
