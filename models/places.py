"""Communities and the grids they are divided into."""
import enum

from sqlalchemy import Enum, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import Base


class CommunityKind(str, enum.Enum):
    urban = "urban"  # 城市社区 (residents' committee)
    rural = "rural"  # 农村社区 / 行政村 (villagers' committee)


class Community(Base):
    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[CommunityKind] = mapped_column(Enum(CommunityKind, native_enum=False, length=10))
    households: Mapped[int] = mapped_column(Integer)
    residents: Mapped[int] = mapped_column(Integer)
    street: Mapped[str] = mapped_column(String(100))  # 街道 or 乡镇
    district: Mapped[str] = mapped_column(String(100))  # 区 or 县
    city: Mapped[str] = mapped_column(String(100))

    grids: Mapped[list["Grid"]] = relationship(back_populates="community", order_by="Grid.code")


class Grid(Base):
    """A grid of 300-500 households with its manager (网格员)."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    households: Mapped[int] = mapped_column(Integer)
    centre_lat: Mapped[float] = mapped_column(Float)
    centre_lng: Mapped[float] = mapped_column(Float)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    community: Mapped[Community] = relationship(back_populates="grids")
