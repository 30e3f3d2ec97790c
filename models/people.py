"""Skills, volunteers and social workers."""
import enum

from datetime import date, datetime

from sqlalchemy import (
    Boolean, Column, Date, Enum, Float, ForeignKey, Index, Integer, SmallInteger, String, Table, false, true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base
from models.types import UTCDateTime

volunteer_skills = Table(
    "volunteer_skills",
    Base.metadata,
    Column("volunteer_id", ForeignKey("volunteer_profiles.id"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id"), primary_key=True, index=True),
)

social_worker_communities = Table(
    "social_worker_communities",
    Base.metadata,
    Column("social_worker_id", ForeignKey("social_worker_profiles.id"), primary_key=True),
    Column("community_id", ForeignKey("communities.id"), primary_key=True),
)

social_worker_specialties = Table(
    "social_worker_specialties",
    Base.metadata,
    Column("social_worker_id", ForeignKey("social_worker_profiles.id"), primary_key=True),
    Column("skill_id", ForeignKey("skills.id"), primary_key=True),
)


class Skill(Base):
    """One kind of service from the plan, e.g. 生活照料 (daily-life care)."""

    __tablename__ = "skills"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(40))
    # Services such as corrections or crisis intervention need a social worker.
    needs_social_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    # Services such as health checks are served only with a valid certificate.
    needs_certification: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class VolunteerStatus(str, enum.Enum):
    pending = "pending"  # applied (or applied again), waiting for staff
    more_info = "more_info"  # staff asked for more; saving the profile applies again
    refused = "refused"  # staff said no, with a reason; saving the profile applies again
    verified = "verified"
    suspended = "suspended"  # taken out by staff; only staff bring them back


class VolunteerProfile(Base):
    """Where and when a person can serve. Social workers who go out keep one too."""

    __tablename__ = "volunteer_profiles"
    __table_args__ = (Index("ix_volunteer_profiles_position", "lat", "lng"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    home_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)  # WGS-84
    lng: Mapped[float] = mapped_column(Float)
    service_radius_m: Mapped[int] = mapped_column(Integer, default=3000)
    status: Mapped[VolunteerStatus] = mapped_column(
        Enum(VolunteerStatus, native_enum=False, length=12), default=VolunteerStatus.pending
    )
    on_duty: Mapped[bool] = mapped_column(Boolean, default=True)
    star_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    # When they last applied, and when they agreed to the service-record rules.
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Staff's last word on the application: why they asked for more or refused.
    review_note: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A party member at work who reports to the community (在职党员到社区报到), and their unit.
    party_member: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    party_unit: Mapped[str | None] = mapped_column(String(100))

    user = relationship("User")
    skills: Mapped[list[Skill]] = relationship(secondary=volunteer_skills, lazy="selectin")
    availability: Mapped[list["Availability"]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", lazy="selectin",
        order_by="(Availability.weekday, Availability.start_minute)",
    )
    certifications: Mapped[list["Certification"]] = relationship(lazy="selectin", viewonly=True)

    @property
    def standing_note(self) -> str | None:
        """Staff's note while their answer stands (more is needed, or refused); None after."""
        return self.review_note if self.status in (VolunteerStatus.more_info, VolunteerStatus.refused) else None


class Availability(Base):
    """A weekly window in local time (Asia/Shanghai): weekday 0 = Monday."""

    __tablename__ = "availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_minute: Mapped[int] = mapped_column(SmallInteger)
    end_minute: Mapped[int] = mapped_column(SmallInteger)

    volunteer: Mapped[VolunteerProfile] = relationship(back_populates="availability")


class LicenceLevel(str, enum.Enum):
    assistant = "assistant"  # 助理社会工作师
    intermediate = "intermediate"  # 社会工作师
    senior = "senior"  # 高级社会工作师


# Licence levels in order; 0 is no licence at all.
LICENCE_RANK = {LicenceLevel.assistant: 1, LicenceLevel.intermediate: 2, LicenceLevel.senior: 3}


class SocialWorkerProfile(Base):
    __tablename__ = "social_worker_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    licence_level: Mapped[LicenceLevel] = mapped_column(Enum(LicenceLevel, native_enum=False, length=14))
    licence_number: Mapped[str] = mapped_column(String(40))
    organisation: Mapped[str] = mapped_column(String(100))

    user = relationship("User")
    communities = relationship("Community", secondary=social_worker_communities, lazy="selectin")
    specialties: Mapped[list[Skill]] = relationship(secondary=social_worker_specialties, lazy="selectin")


class Certification(Base):
    """A certificate that lets a volunteer serve a skill that needs one (e.g. health checks)."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id"), index=True)
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"))
    number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    # Declared by the volunteer (False) until staff have seen it; only seen ones count.
    checked: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    skill: Mapped[Skill] = relationship()
