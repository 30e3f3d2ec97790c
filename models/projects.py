"""Projects bought by government (政府购买服务): needs and activities grouped under a funder,
an organisation that delivers them, a period, a budget and targets; and the evaluation
packs issued for a funder or a third-party evaluator (第三方评估)."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, Date, ForeignKey, Integer, Numeric, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow

project_communities = Table(
    "project_communities",
    Base.metadata,
    Column("project_id", ForeignKey("projects.id"), primary_key=True),
    Column("community_id", ForeignKey("communities.id"), primary_key=True, index=True),
)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="period_ordered"),
                      CheckConstraint("target_satisfaction BETWEEN 0 AND 100", name="satisfaction_percent"))

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    funder: Mapped[str] = mapped_column(String(100))  # who buys the service, e.g. 某区民政局
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    budget: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # yuan
    target_people: Mapped[int] = mapped_column(Integer)  # people served
    target_hours: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    target_satisfaction: Mapped[int] = mapped_column(Integer)  # percent of ratings of 4 or 5
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation = relationship("Organisation", lazy="selectin")
    communities = relationship("Community", secondary=project_communities, lazy="selectin", order_by="Community.id")


class EvaluationPack(Base):
    """An issued evaluation pack: its entries as issued, each chained by hash to the one
    before, and the last hash (the head) that anyone may check a copy against."""

    __tablename__ = "evaluation_packs"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    entries: Mapped[int] = mapped_column(Integer)
    hours: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    head_hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict] = mapped_column(JSON)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project = relationship("Project")
