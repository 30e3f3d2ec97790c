"""Organisations of the three-way partnership (三社联动): social organisations, volunteer
teams and units in the community, the communities they serve, and their members."""
import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Enum, ForeignKey, Integer, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime, utcnow


class OrganisationKind(str, enum.Enum):
    social_organisation = "social_organisation"  # 社会组织 (incl. community-based ones being incubated)
    volunteer_team = "volunteer_team"  # 志愿服务队
    resident_unit = "resident_unit"  # 驻社区单位 (a unit serving alongside the community)


class OrganisationStatus(str, enum.Enum):
    registered = "registered"  # entered by community staff, not yet checked
    verified = "verified"  # staff have checked it: it may recruit and be given needs
    suspended = "suspended"


organisation_communities = Table(
    "organisation_communities",
    Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
    Column("community_id", ForeignKey("communities.id"), primary_key=True, index=True),
)


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[OrganisationKind] = mapped_column(Enum(OrganisationKind, native_enum=False, length=20))
    # 统一社会信用代码 (GB 32100-2015), where it has one; a team or an unregistered
    # community organisation being incubated may have none.
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    incubating: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    contact_name: Mapped[str] = mapped_column(String(30))
    contact_phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[OrganisationStatus] = mapped_column(
        Enum(OrganisationStatus, native_enum=False, length=12), default=OrganisationStatus.registered)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    communities = relationship("Community", secondary=organisation_communities, lazy="selectin",
                               order_by="Community.id")


class MemberRole(str, enum.Enum):
    leader = "leader"
    member = "member"


class MemberStatus(str, enum.Enum):
    invited = "invited"  # a leader invited them by phone; they have not answered
    applied = "applied"  # they asked to join; a leader has not answered
    active = "active"
    removed = "removed"  # left, removed, or an invitation or application not taken up


class OrganisationMember(Base):
    """One person in one organisation; a row is kept (status removed) when they leave."""

    __tablename__ = "organisation_members"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(Enum(MemberRole, native_enum=False, length=10))
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=10))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()
    user = relationship("User", foreign_keys=[user_id])


class TeamOfferStatus(str, enum.Enum):
    offered = "offered"  # staff gave the team some of a need's slots; its leader has not answered
    accepted = "accepted"  # the leader took `slots` of them for the team
    declined = "declined"


class NeedTeam(Base):
    """A need given to a team: the leader accepts `slots` for the team (taken from the need
    at once) and assigns members into them, one assignment each (`assigned` of `slots`)."""

    __tablename__ = "need_teams"
    __table_args__ = (UniqueConstraint("need_id", "organisation_id"),
                      CheckConstraint("slots > 0", name="slots_positive"),
                      CheckConstraint("assigned >= 0 AND assigned <= slots", name="assigned_in_range"))

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    slots: Mapped[int] = mapped_column(Integer)
    assigned: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[TeamOfferStatus] = mapped_column(Enum(TeamOfferStatus, native_enum=False, length=10))
    offered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(lazy="selectin")
